"""The wheel page: the SVG circle and the month-by-month list, the election date, today, the body
filter, constant queries; step editing for planners only, and stale edits refused."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from calendar_wheel import services
from calendar_wheel.models import Deadline, WheelEvent
from tests.factories import MeetingFactory, body_named

NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def wheel(db):
    """The shipped steps for KF and KS, dated for 2026 and 2027."""
    body_named("KF"), body_named("KS")
    MeetingFactory(body=body_named("KS"), date=datetime.date(2026, 11, 3))
    services.load_shipped_steps()
    services.generate_wheel(2026)
    services.generate_wheel(2027)


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own page


@pytest.mark.django_db
class TestWheelPage:
    def test_the_wheel_is_a_circle_of_twelve_months_with_a_marker_per_deadline(
        self, client, politician, wheel
    ):
        client.force_login(politician)
        html = client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        svg = svg_of(html)
        assert (
            len(svg.findall(f"{SVG}path[@class='wheel__sector']"))
            + len(svg.findall(f"{SVG}path[@class='wheel__sector wheel__sector--even']"))
            == 12
        )
        links = svg.findall(f"{SVG}a")
        assert len(links) == Deadline.objects.filter(year=2026).count()
        assert all(link.get("href").startswith("#deadline-") for link in links)
        for link in links:
            assert f'id="{link.get("href")[1:]}"' in html  # each marker leads to its entry in the list
        assert not [element for element in svg.iter() if "style" in element.attrib]
        assert svg.find(f"{SVG}title") is not None
        assert svg.find(f"{SVG}desc") is not None

    def test_coordinates_are_not_localised(self, client, politician, wheel):
        client.force_login(politician)
        svg = svg_of(client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode())
        for circle in svg.iter(f"{SVG}circle"):
            float(circle.get("cx"))  # a decimal comma would not parse

    def test_r20_the_election_year_states_the_election_date(self, client, politician, wheel):
        client.force_login(politician)
        html = client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        assert "13 september 2026" in html
        html_2027 = client.get(reverse("calendar_wheel:wheel", args=[2027])).content.decode()
        assert "Valår" not in html_2027
        html_2030 = client.get(reverse("calendar_wheel:wheel", args=[2030])).content.decode()
        assert "8 september 2030" in html_2030

    def test_today_is_marked_in_the_current_year_only(self, client, politician, wheel):
        client.force_login(politician)
        assert (
            'class="wheel__today"'
            in client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        )
        assert (
            'class="wheel__today"'
            not in client.get(reverse("calendar_wheel:wheel", args=[2027])).content.decode()
        )

    def test_cut_off_dates_are_shown_but_labelled(self, client, politician, wheel):
        client.force_login(politician)
        html = client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        assert gettext("cut-off date – not a deadline, no reminders") in html

    def test_the_list_follows_the_months_and_states_in_words(self, client, politician, wheel):
        client.force_login(politician)
        html = client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        months = [html.index(f'id="month-{n}"') for n in (4, 5, 6, 10, 11, 12)]
        assert months == sorted(months)
        assert "KS antar verksamhetsplan" in html
        assert "✗</span> Missad" in html or "!</span> I riskzonen" in html or "○</span> Kommande" in html

    def test_the_body_filter(self, client, politician, wheel):
        client.force_login(politician)
        ks = body_named("KS")
        html = client.get(reverse("calendar_wheel:wheel", args=[2026]), {"organ": ks.pk}).content.decode()
        svg = svg_of(html)
        assert len(svg.findall(f"{SVG}a")) == Deadline.objects.filter(year=2026, event__body=ks).count()

    def test_queries_do_not_grow_with_deadlines(self, client, politician, wheel, django_assert_num_queries):
        client.force_login(politician)
        url = reverse("calendar_wheel:wheel", args=[2026])
        client.get(url)
        # session, user, bodies with steps (filter), deadlines with steps, bodies and meetings, the states'
        # adoptions (plan, KS goals, mandate goals, budget, control plan, reports), roles, municipality name
        with django_assert_num_queries(12):
            client.get(url)
        for n in range(10):
            WheelEvent.objects.create(
                code=f"extra-{n}", title=f"Extra {n}", body=body_named("KS"), timing="manad", month=n + 1
            )
        services.generate_wheel(2026)
        with django_assert_num_queries(12):
            client.get(url)

    def test_anonymous_users_sign_in_first(self, client):
        assert client.get(reverse("calendar_wheel:wheel", args=[2026])).status_code == 302


@pytest.mark.django_db
class TestStepEditing:
    @pytest.mark.parametrize("role", ["politician", "administrator", "finance", "sysadmin"])
    def test_only_planners_edit_steps(self, client, request, role, wheel):
        client.force_login(request.getfixturevalue(role))
        event = WheelEvent.objects.first()
        assert client.get(reverse("calendar_wheel:event_add")).status_code == 403
        assert (
            client.post(reverse("calendar_wheel:event_edit", args=[event.pk]), {"title": "X"}).status_code
            == 403
        )
        assert client.post(reverse("calendar_wheel:event_retire", args=[event.pk])).status_code == 403

    def test_a_planner_retires_a_step_and_it_leaves_the_wheel(self, client, planner, wheel):
        client.force_login(planner)
        event = WheelEvent.objects.filter(deadlines__year=2026).first()
        client.post(reverse("calendar_wheel:event_retire", args=[event.pk]))
        event.refresh_from_db()
        assert event.retired
        assert not event.deadlines.filter(year__gte=2026, reminders__isnull=True).exists()

    def test_a_planner_adds_a_step_and_it_lands_on_the_wheel(self, client, planner, wheel):
        client.force_login(planner)
        response = client.post(
            reverse("calendar_wheel:event_add"),
            {
                "title": "Bokslutsdialog",
                "audience": "forvaltning",
                "timing": "dag",
                "month": 2,
                "day": 10,
                "years": "varje",
                "concerns_year_offset": 0,
                "remind_presidium": "",
            },
        )
        assert response.status_code == 302
        event = WheelEvent.objects.get(title="Bokslutsdialog")
        assert event.deadlines.get(year=2027).date == datetime.date(2027, 2, 10)

    def test_bad_input_is_an_error_next_to_the_field(self, client, planner, wheel):
        client.force_login(planner)
        response = client.post(
            reverse("calendar_wheel:event_add"),
            {"title": "Utan dag", "timing": "dag", "month": 2, "years": "varje"},
        )
        assert response.status_code == 200
        assert "field--error" in response.content.decode()

    def test_a_stale_edit_is_refused(self, client, planner, wheel):
        client.force_login(planner)
        event = WheelEvent.objects.get(code=WheelEvent.objects.first().code)
        page = client.get(reverse("calendar_wheel:event_edit", args=[event.pk])).content.decode()
        seen = page.split('name="seen" value="')[1].split('"')[0]
        event.title = "Ändrad av någon annan"
        event.save()
        data = {
            "title": "Min ändring",
            "audience": event.audience,
            "timing": event.timing,
            "month": event.month,
            "day": event.day or "",
            "end_month": event.end_month or "",
            "end_day": event.end_day or "",
            "years": event.years,
            "concerns": event.concerns,
            "concerns_year_offset": event.concerns_year_offset,
            "body": event.body_id or "",
            "seen": seen,
        }
        response = client.post(reverse("calendar_wheel:event_edit", args=[event.pk]), data)
        assert response.status_code == 200
        assert "edit-conflict" in response.content.decode()  # the saved values beside the user's
        event.refresh_from_db()
        assert event.title == "Ändrad av någon annan"
