"""Each role's main journey again, with the keyboard alone and at 200 % zoom (issue 18).

No mouse: Tab and Shift+Tab move, Enter follows links and sends forms, Space presses buttons and
opens the file chooser, the arrow keys choose in select elements. After every key the
focused element must show the site's focus indicator (app.css, `:focus-visible`: a 3 px solid outline
and a ring in the --focus colour) and be on screen; a journey that needs more than a bounded number of
presses to reach its next control fails with the elements it went through.

Each journey runs in one page at 640 × 400 CSS pixels, which is what a 1280 × 800 window shows at
200 % zoom (WCAG 1.4.4): on every page it visits, nothing may scroll sideways.

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided in favour of ids, names and hrefs.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Locator, Page, expect

from calendar_wheel.models import CalendarFeed, Deadline
from economy.models import ImportStatus, OutcomeImport
from followup.models import Report, ReportKind
from followup.rounds import ensure_rounds
from organisation.lifecycle import AdoptionStatus
from reports.models import BuildStatus, Kind, ReportVersion
from tests.browser.harness import assert_no_browser_errors, overflow
from tests.browser.test_annual_wheel import wheel_2026
from tests.browser.test_economy_journey import economy_2026, october_sie
from tests.browser.test_followup_journey import followup_2026
from tests.factories import MandateGoalFactory, MandatePeriodFactory, body_named, kf_decision

pytestmark = pytest.mark.browser

# 1280 × 800 at 200 % zoom.
ZOOMED = {"width": 640, "height": 400}
MAX_PRESSES = 60

# What the focused element looks like, whether it is the target, and how to name it in a failure.
FOCUS_STATE = """(target) => {
  const el = document.activeElement || document.body;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.getAttribute('aria-label') || el.textContent || el.value || '';
  const text = label.replace(/\\s+/g, ' ').trim();
  const where = el.getAttribute('href') || el.getAttribute('name') || el.getAttribute('type') || '';
  return {
    reached: el === target,
    what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} [${where}] "${text.slice(0, 50)}"`,
    isBody: el === document.body,
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    focusColour: getComputedStyle(document.documentElement).getPropertyValue('--focus').trim(),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def focus_problems(state: dict) -> list[str]:
    """What keeps the focused element's focus from being seen, by the site's own indicator."""
    if state["isBody"]:
        return ["the focus is on no element (lost, or Tab went past the last one)"]
    problems = []
    if state["outlineStyle"] in ("none", "hidden") or state["outlineWidth"] < 3:
        problems.append(f"outline {state['outlineStyle']} {state['outlineWidth']}px, not 3px solid")
    if rgb(state["focusColour"]) not in state["boxShadow"]:
        problems.append(f"box-shadow {state['boxShadow']!r} lacks the --focus colour")
    if not state["onScreen"]:
        problems.append("it is not on screen")
    return problems


# The order of a date field's parts follows the browser's own language, not the page's (Chromium in
# English: month, day, year; in Swedish: year, month, day). Two-digit parts move on by themselves.
DATE_ORDERS = {
    "ymd": lambda d: [f"{d:%Y}", "Tab", f"{d:%m%d}"],
    "mdy": lambda d: [f"{d:%m%d}", f"{d:%Y}"],
    "dmy": lambda d: [f"{d:%d%m}", f"{d:%Y}"],
}
_date_order: list[str] = []


def date_keys(page: Page, day: datetime.date) -> list[str]:
    """The keys that type `day` into a date field in this browser, found once on a page of its own."""
    if not _date_order:
        probe = page.context.new_page()
        try:
            for order, keys in DATE_ORDERS.items():
                probe.set_content('<input type="date" id="probe">')
                probe.focus("#probe")
                for part in keys(datetime.date(2026, 4, 20)):
                    if part == "Tab":
                        probe.keyboard.press(part)
                    else:
                        probe.keyboard.type(part)
                if probe.input_value("#probe") == "2026-04-20":
                    _date_order.append(order)
                    break
        finally:
            probe.close()
    assert _date_order, "No order of a date's parts fills a date field in this browser"
    return DATE_ORDERS[_date_order[0]](day)


class Keyboard:
    """Keys for one page; after each key the focused element must show its focus, on screen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.too_wide: list[str] = []

    def state(self, target: Locator | None = None) -> dict:
        handle = target.element_handle() if target is not None else None
        return self.page.evaluate(FOCUS_STATE, handle)

    def press(self, key: str, target: Locator | None = None) -> dict:
        self.page.keyboard.press(key)
        state = self.state(target)
        problems = focus_problems(state)
        assert not problems, (
            f"After {key}, {state['what']} has no visible focus (:focus-visible {state['focusVisible']}): "
            + "; ".join(problems)
        )
        return state

    def tab_to(self, target: Locator, *, backwards: bool = False, limit: int = MAX_PRESSES) -> None:
        """Press Tab (Shift+Tab backwards) until `target` has the focus."""
        expect(target).to_have_count(1)
        key = "Shift+Tab" if backwards else "Tab"
        visited = []
        for _ in range(limit):
            state = self.press(key, target)
            if state["reached"]:
                return
            visited.append(state["what"])
        raise AssertionError(f"{limit} × {key} did not reach {target}; visited:\n  " + "\n  ".join(visited))

    def skip_to_content(self) -> None:
        """The skip link is the first stop; Enter moves the focus to the main content."""
        self.tab_to(self.page.locator("a.skip-link"), limit=1)
        self.page.keyboard.press("Enter")
        expect(self.page.locator("main#main")).to_be_focused()

    def follow(self, key: str = "Enter") -> None:
        """Follow the focused link or send the focused form, and check the new page at 200 % zoom."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.check_zoom()

    def check_zoom(self) -> None:
        if (extra := overflow(self.page)) > 0:
            self.too_wide.append(f"{self.page.url}: {extra}px too wide")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def type_date(self, day: datetime.date) -> None:
        """Type a date into the focused date field, its parts in the order the browser shows them."""
        for part in date_keys(self.page, day):
            if part == "Tab":
                self.press("Tab")
            else:
                self.type(part)

    def choose(self, select: Locator, value: str, *, limit: int = 12) -> None:
        """Move a focused select (or radio group) to `value` with the arrow keys, down then up."""
        for key in ("ArrowDown", "ArrowUp"):
            for _ in range(limit):
                if select.input_value() == value:
                    return
                self.press(key)
        assert select.input_value() == value


@pytest.fixture
def keys(page: Page) -> Keyboard:
    page.set_viewport_size(ZOOMED)
    return Keyboard(page)


@pytest.fixture
def spring():
    with time_machine.travel(datetime.datetime(2026, 5, 12, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def november():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


def test_politician_follows_the_red_thread_to_an_activity_and_reads_the_followup(
    page: Page, keys: Keyboard, browser_log, politician, sign_in_as, spring
):
    data = followup_2026()
    adoption = kf_decision(datetime.date(2023, 1, 30), paragraph=7, case_number="KS 22/327")
    period = MandatePeriodFactory(election_year=2022, status=AdoptionStatus.ADOPTED, decision=adoption)
    kf_goal = MandateGoalFactory(
        period=period,
        version__title="En ekonomi i balans",
        version__valid_from=2024,
        version__decision=adoption,
    )
    goal, attest = data["finance_goal"], data["attest"]
    goal.mandate_goals.add(kf_goal)
    ensure_rounds(body_named("KS"), 2026)
    Report.objects.filter(year=2026, kind=ReportKind.TERTIAL).update(status=AdoptionStatus.PROPOSAL)
    sign_in_as(page, politician)

    page.goto("/")
    keys.check_zoom()
    keys.tab_to(page.locator(".main-nav a[href='/mal/']"))
    keys.follow()
    expect(page).to_have_url(re.compile(r"/mal/2026/$"))
    keys.skip_to_content()
    keys.tab_to(page.locator(f"#mal-{kf_goal.pk} a[href='/mal/ks/{goal.pk}/']"))
    keys.follow()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hållbar ekonomi")
    keys.skip_to_content()
    keys.tab_to(page.locator(f"main a[href='{attest.get_absolute_url()}']"))
    keys.follow()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digital attest")

    # Back from the content to the menu with Shift+Tab, to the follow-up's dashboard.
    keys.skip_to_content()
    keys.tab_to(page.locator(".main-nav a[href='/uppfoljning/']"), backwards=True)
    keys.follow()
    expect(page).to_have_url(re.compile(r"/uppfoljning/2026/"))
    keys.skip_to_content()
    keys.tab_to(page.locator("#malkedjan").get_by_role("link", name="Hållbar ekonomi", exact=True))
    keys.follow()
    expect(page).to_have_url(re.compile(rf"/uppfoljning/2026/tertial/mal/{goal.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hållbar ekonomi")
    assert keys.too_wide == []
    assert_no_browser_errors(browser_log)


def test_handlaggare_reports_the_round_with_the_keyboard(
    page: Page, keys: Keyboard, browser_log, administrator, sign_in_as, spring
):
    data = followup_2026()
    administrator.units.add(data["economy"])
    attest, budget = data["attest"], data["budget"]
    sign_in_as(page, administrator)

    page.goto("/uppfoljning/2026/tertial/aktiviteter/")
    keys.check_zoom()
    keys.skip_to_content()
    keys.tab_to(page.locator(f"#aktivitet-{attest.pk} .actions a"))
    # Enter opens the row as a form (htmx); the focus moves into it, on the status.
    page.keyboard.press("Enter")
    status = page.locator(f"#rapport-{attest.pk}-status")
    expect(status).to_be_focused()
    assert not focus_problems(keys.state())
    keys.choose(status, "klar")
    # Tab goes through the date's year, month and day before it leaves the field.
    keys.tab_to(page.locator(f"#rapport-{attest.pk}-comment"))
    keys.type("Attesten är digital sedan april.")
    keys.tab_to(page.locator(f"#aktivitet-{attest.pk} form button[type=submit]"))
    # "Done" without its date is refused next to the field; the focus stays in the form.
    page.keyboard.press("Enter")
    expect(page.locator(f"#rapport-{attest.pk}-completed_on_error")).to_be_visible()
    expect(page.locator(f"#aktivitet-{attest.pk} form :focus")).to_have_count(1)
    assert not focus_problems(keys.state())
    keys.check_zoom()
    keys.tab_to(page.locator(f"#rapport-{attest.pk}-completed_on"))
    keys.type_date(datetime.date(2026, 4, 20))
    expect(page.locator(f"#rapport-{attest.pk}-completed_on")).to_have_value("2026-04-20")
    keys.tab_to(page.locator(f"#aktivitet-{attest.pk} form button[type=submit]"))
    page.keyboard.press("Space")
    # Saved: the row is back, saying so, with the focus on its button to change the report.
    row = page.locator(f"#aktivitet-{attest.pk}")
    expect(row.locator("[role=status]")).to_contain_text(re.compile(r"(Saved|Sparat|Sparad)"))
    expect(row.locator(".actions a")).to_be_focused()
    assert not focus_problems(keys.state())

    keys.tab_to(page.locator(f"#aktivitet-{budget.pk} .actions a"))
    page.keyboard.press("Enter")
    expect(page.locator(f"#rapport-{budget.pk}-status")).to_be_focused()
    keys.tab_to(page.locator(f"#rapport-{budget.pk}-comment"))
    keys.type("Modellen prövas under hösten.")
    keys.tab_to(page.locator(f"#aktivitet-{budget.pk} form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(f"#aktivitet-{budget.pk} .actions a")).to_be_focused()
    expect(page.locator("#activity-report-count")).to_contain_text(re.compile(r"\b2\b.*\b2\b"))
    keys.check_zoom()
    reports = {
        r.activity_id: (r.status, r.completed_on)
        for r in Report.objects.get(year=2026, kind=ReportKind.TERTIAL).activity_reports.all()
    }
    assert reports[attest.pk] == ("klar", datetime.date(2026, 4, 20))
    assert set(reports) == {attest.pk, budget.pk}
    assert keys.too_wide == []
    assert_no_browser_errors(browser_log)


def test_ekonom_imports_the_books_and_creates_a_report_with_the_keyboard(
    page: Page, keys: Keyboard, browser_log, finance, sign_in_as, november
):
    economy_2026()
    sign_in_as(page, finance)

    page.goto("/uppfoljning/2026/ekonomi-2026-12-01/ekonomi/import/")
    keys.check_zoom()
    keys.skip_to_content()
    keys.tab_to(page.locator("#import-file"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(
        files=[{"name": "oktober-2026.se", "mimeType": "text/plain", "buffer": october_sie()}]
    )
    keys.tab_to(page.locator("#import-form button[type=submit]"))
    keys.follow()
    expect(page.locator("#import-areas")).to_be_visible()
    keys.check_zoom()
    keys.skip_to_content()
    keys.tab_to(page.locator("#import-decide button[value=confirm]"))
    keys.follow()
    expect(page).to_have_url(re.compile(r"/ekonomi-2026-12-01/ekonomi/$"))
    assert OutcomeImport.objects.get().status == ImportStatus.CONFIRMED

    # To the reports by the menu, back from the content with Shift+Tab.
    keys.skip_to_content()
    keys.tab_to(page.locator(".main-nav a[href='/rapporter/']"), backwards=True)
    keys.follow()
    keys.skip_to_content()
    interim = page.locator(f"#report-{Kind.INTERIM.value}")
    keys.tab_to(interim.locator("button[type=submit]"))
    page.keyboard.press("Space")
    expect(interim.locator(".report-version [aria-live=polite]").first).to_contain_text(
        re.compile(r"(Done|Klar)"), timeout=20_000
    )
    # htmx swaps the report's block and gives the focus back to the new button, by its id.
    expect(interim.locator("button[type=submit]")).to_be_focused()
    version = ReportVersion.objects.get(kind=Kind.INTERIM)
    assert (version.status, version.requested_by) == (BuildStatus.DONE, finance)
    keys.tab_to(interim.get_by_role("link", name=re.compile(r"^(Download|Ladda ner)")), backwards=True)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == version.file_name
    keys.check_zoom()
    assert keys.too_wide == []
    assert_no_browser_errors(browser_log)


@pytest.fixture
def wheel_autumn():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


def test_presidium_finds_the_deadlines_and_subscribes_with_the_keyboard(
    page: Page, keys: Keyboard, browser_log, politician, sign_in_as, wheel_autumn
):
    wheel_2026(politician)
    ks = body_named("KS")
    adoption = Deadline.objects.get(year=2026, event__concerns="verksamhetsplan")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_as(page, politician)

    page.goto("/arshjul/2026/")
    keys.check_zoom()
    keys.skip_to_content()
    body = page.get_by_label(re.compile(r"^(Body|Organ)"))
    keys.tab_to(body)
    keys.choose(body, str(ks.pk))
    keys.tab_to(page.get_by_role("button", name=re.compile(r"^(Show|Visa)$")))
    keys.follow()
    expect(page).to_have_url(re.compile(rf"\?organ={ks.pk}$"))
    keys.skip_to_content()
    keys.tab_to(page.locator(f'#wheel-svg a[href="#deadline-{adoption.pk}"]'))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#deadline-{adoption.pk}$"))
    expect(page.locator(f"#deadline-{adoption.pk}")).to_be_in_viewport()

    keys.tab_to(page.locator("main a[href='/arshjul/kalender/']"), backwards=True)
    keys.follow()
    assert not CalendarFeed.objects.filter(user=politician).exists()
    keys.skip_to_content()
    keys.tab_to(page.locator("button[name=create]"))
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Space")
    keys.check_zoom()
    # The form was sent from the content (#main): the next Tab starts there, on the new address.
    expect(page.locator("#feed-url")).to_be_visible()
    keys.tab_to(page.locator("button[data-copy=feed-url]"))
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_contain_text("kopierad")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/arshjul/{CalendarFeed.objects.get(user=politician).token}.ics")
    assert keys.too_wide == []
    assert_no_browser_errors(browser_log)
