"""The decisions' search form (/organisation/beslut/) speaks Swedish: its fields' labels, not their names."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import DecisionFactory


@pytest.mark.django_db
def test_the_search_fields_have_swedish_labels_not_field_names(client, politician):
    DecisionFactory(title="Budget 2027", case_number="KS 26/102")
    client.force_login(politician)
    page = client.get(reverse("organisation:decisions")).content.decode()
    labels = re.findall(r'<label for="id_(?:q|body)">([^<]*)</label>', page)
    assert labels == [f"{gettext('Search decisions')}:", f"{gettext('Body')}:"]
    assert not re.search(r">\s*(Q|Body):\s*<", page)
    assert f'<option value="" selected>{gettext("All bodies")}</option>' in page
