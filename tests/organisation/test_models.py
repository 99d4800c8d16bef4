"""Small model helpers of the organisation."""

import pytest

from organisation.models import swedish_genitive


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Kommunstyrelsen", "Kommunstyrelsens"),
        ("KS", "KS:s"),
        ("Bygg- och miljönämndens", "Bygg- och miljönämndens"),
    ],
)
def test_body_names_take_the_swedish_genitive(name, genitive):
    assert swedish_genitive(name) == genitive
