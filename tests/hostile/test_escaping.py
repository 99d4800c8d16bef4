"""Hostile text saved as titles and names is shown as text wherever it appears: pages (with their SVG
charts and the wheel's SVG), Excel cells, the iCalendar feed, reminder e-mails and PDFs.

The records are made by factories, past the forms' bounds, so each place that shows text is tested on
its own escaping and not only on what the forms let in (a title with a line break could come from an
import, the admin or a migration).
"""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from icalendar import Calendar
from openpyxl import load_workbook

from calendar_wheel import sending, services
from calendar_wheel.models import CalendarFeed
from organisation.models import Assignment, Role
from reports import rendering
from reports.kinds import report_type
from reports.models import Kind
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    AssignmentFactory,
    DeadlineFactory,
    DeviationFlagFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PersonFactory,
    UserFactory,
    WheelEventFactory,
    body_named,
)
from tests.hostile.escaping import active_content
from tests.hostile.strategies import FORMULAS, IMG_ONERROR, SCRIPT, SVG_ONLOAD
from tests.reports.pdf_text import pages_text

pytestmark = pytest.mark.django_db

TITLE = f"{SCRIPT}{SVG_ONLOAD}"
NOW = datetime.datetime(2026, 10, 20, 9, tzinfo=datetime.UTC)
# A line break and what would follow it as a line of its own in an iCalendar feed or e-mail header.
INJECTED = "Steg\r\nATTENDEE:mailto:evil@example.org\r\nBcc: evil@example.org\r\nEND:VEVENT"


@pytest.fixture
def world(db):
    ks = body_named("KS")
    unit = OrgUnitFactory(name=f"Enhet {IMG_ONERROR}")
    goal = AnnualGoalFactory(title=TITLE, year=2026, body=ks)
    activity = ActivityFactory(title=FORMULAS[1], annual_goal=goal, responsible_unit=unit)
    ActivityFactory(title=TITLE, annual_goal=goal, description=f"{SCRIPT}\n{FORMULAS[0]}")
    indicator = IndicatorFactory(title=TITLE)
    event = WheelEventFactory(code="fientligt-steg", title=TITLE, body=ks, month=11, information=SCRIPT)
    DeviationFlagFactory(title=FORMULAS[0])
    services.generate_wheel(2026)
    return {
        "ks": ks,
        "unit": unit,
        "goal": goal,
        "activity": activity,
        "indicator": indicator,
        "event": event,
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="superuser", role=Role.PLANNER, is_superuser=True, is_staff=True)


class TestPages:
    def test_hostile_titles_are_escaped_on_every_page_that_shows_them(self, client, world, superuser):
        client.force_login(superuser)
        pages = [
            world["activity"].get_absolute_url(),
            world["goal"].get_absolute_url(),
            world["indicator"].get_absolute_url(),
            world["unit"].get_absolute_url(),
            reverse("planning:activities"),
            reverse("planning:plan", args=[2026]),
            reverse("goals:year", args=[2026]),
            reverse("calendar_wheel:wheel", args=[2026]),
            reverse("calendar_wheel:events"),
            reverse("organisation:units"),
        ]
        shown = []
        with time_machine.travel(NOW, tick=False):
            for url in pages:
                response = client.get(url, follow=True)
                assert response.status_code == 200, url
                html = response.content.decode()
                assert SCRIPT not in html, url
                assert "<svg onload" not in html, url
                assert "<img src=x" not in html, url
                assert active_content(html) == [], url
                if "&lt;script&gt;alert(1)&lt;/script&gt;" in html:
                    shown.append(url)
        # The text is there, escaped: the titles are shown, not dropped.
        assert set(pages[:3]) <= set(shown), shown

    def test_the_wheel_svg_holds_the_title_as_text(self, client, world, superuser):
        client.force_login(superuser)
        with time_machine.travel(NOW, tick=False):
            html = client.get(reverse("calendar_wheel:wheel", args=[2026])).content.decode()
        svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])  # noqa: S314 - our own page
        elements = list(svg.iter())
        assert not [e.tag for e in elements if e.tag.rsplit("}", 1)[-1] in {"script", "foreignObject"}]
        assert not [(e.tag, name) for e in elements for name in e.attrib if name.lower().startswith("on")]
        labels = " ".join(" ".join(e.attrib.values()) + (e.text or "") for e in elements)
        assert TITLE in labels  # parsed back, the escaped title is the title, as text


def xlsx_urls(year: int, round_slug: str) -> dict[str, str]:
    """Every Excel export of the app, from the resolver: a new one is swept without being listed."""
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name and str(pattern.pattern).endswith(".xlsx"):
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    params = {"year": year, "round": round_slug, "kind": "ks"}
                    wanted = {key: params[key] for key in pattern.pattern.regex.groupindex}
                    found[name] = reverse(name, kwargs=wanted)
            else:
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, inner)

    walk(get_resolver().url_patterns)
    return found


def formula_cells(content: bytes) -> list[str]:
    """Cells Excel would run: openpyxl's formula type, and any <f> element in the sheets' XML."""
    found = []
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            found += [
                f"{sheet.title}!{cell.coordinate}={cell.value!r}" for cell in row if cell.data_type == "f"
            ]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name):
                found.append(f"{name} has a <f> element")
    return found


class TestExcel:
    def test_no_export_holds_a_formula(self, client, world, superuser):
        round_slug = DeviationFlagFactory._meta.model.objects.first().first_report.slug
        client.force_login(superuser)
        urls = xlsx_urls(2026, round_slug)
        assert len(urls) >= 8
        with_text = []
        for name, url in sorted(urls.items()):
            response = client.get(url)
            if response.status_code != 200:
                continue
            cells = formula_cells(response.content)
            assert cells == [], (name, cells)
            values = [
                cell.value
                for sheet in load_workbook(io.BytesIO(response.content)).worksheets
                for row in sheet.iter_rows()
                for cell in row
            ]
            if any(value in FORMULAS for value in values):
                with_text.append(name)
        # The hostile text reached the exports that list activities and deviations, as text.
        assert "planning:activity_export" in with_text, with_text


def chair_feed(client, world) -> Calendar:
    person = PersonFactory(
        name="Ordförande", email="ordf@example.org", user=UserFactory(role=Role.POLITICIAN)
    )
    AssignmentFactory(
        body=world["ks"],
        role=Assignment.Role.CHAIR,
        person=person,
        start=datetime.date(2022, 10, 15),
        end=None,
    )
    client.force_login(person.user)
    assert client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"}).status_code == 302
    token = CalendarFeed.objects.get(user=person.user).token
    response = Client().get(reverse("calendar_wheel:feed", args=[token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


class TestCalendarFeed:
    def test_a_line_break_in_a_title_does_not_add_properties_or_events(self, client, world):
        WheelEventFactory(code="radbrytning", title=INJECTED, body=world["ks"], month=12)
        services.generate_wheel(2026)
        with time_machine.travel(NOW, tick=False):
            calendar = chair_feed(client, world)
        events = calendar.walk("VEVENT")
        summaries = {str(event["SUMMARY"]) for event in events}
        assert TITLE in summaries, summaries
        assert any(summary.startswith("Steg") and "ATTENDEE" in summary for summary in summaries), summaries
        for event in events:
            assert "ATTENDEE" not in event
        assert len(events) == len(calendar.subcomponents)


class TestReminderMail:
    def test_the_subject_is_one_line_and_the_body_holds_the_text_as_written(
        self, world, django_capture_on_commit_callbacks
    ):
        AssignmentFactory(
            body=world["ks"],
            role=Assignment.Role.CHAIR,
            person=PersonFactory(name=f"Ordf {SCRIPT}", email="ordf@example.org"),
            start=datetime.date(2022, 10, 15),
            end=None,
        )
        event = WheelEventFactory(code="post", title=INJECTED, body=world["ks"], information=SCRIPT)
        DeadlineFactory(date=datetime.date(2026, 11, 24), event=event)
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_due_reminders(datetime.date(2026, 11, 17))
        assert mail.outbox, "the reminder was sent"
        for message in mail.outbox:
            assert "\r" not in message.subject
            assert "\n" not in message.subject
            headers = message.message().as_bytes().split(b"\n\n", 1)[0].decode()
            assert "evil@example.org" not in message.recipients()
            assert not any(line.startswith("Bcc:") for line in headers.splitlines())
        body = "\n".join(message.body for message in mail.outbox)
        assert SCRIPT in body  # plain text: shown as written, not as &lt;script&gt;


class TestPdf:
    def test_the_plan_pdf_shows_the_hostile_title_as_text(self, world):
        report = report_type(Kind.OPERATIONAL_PLAN)
        [subject] = report.subjects(2026)
        pdf = rendering.render(report.compose(subject)).pdf
        text = " ".join(pages_text(pdf))
        # The literal text, as a reader sees it (not &lt;script&gt;, and not dropped as markup).
        assert SCRIPT in text.replace(" ", ""), text[:2000]


class TestDownloads:
    def test_a_stored_file_name_with_a_line_break_does_not_reach_the_headers(self, client, superuser):
        document = GoverningDocumentFactory(file_name="policy\r\nSet-Cookie: x=1\t.pdf")
        client.force_login(superuser)
        client.raise_request_exception = False
        response = client.get(document.get_file_url())
        assert response.status_code == 200
        assert "Set-Cookie" not in response.cookies
        disposition = response["Content-Disposition"]
        assert "\r" not in disposition
        assert "\n" not in disposition
        assert "\t" not in disposition
