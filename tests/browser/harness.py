"""Helpers for the browser tests: what the page logged, what axe found, and signing in.

The fixtures that use these live in conftest.py; tests import the helpers from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, expect

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PASSWORD = "ett-bra-losenord-123"  # UserFactory's password
LOGIN_PATH = "/konto/logga-in/"
SIGN_OUT = re.compile(r"^(Sign out|Logga ut)$", re.IGNORECASE)
CSP_MARKERS = ("Content Security Policy", "Refused to")

# Reports CSP violations through a binding as well as Chromium's console message, so a change in
# the console wording cannot hide one. Init scripts are injected by the browser, not subject to CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline";
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__reportCspViolation(`${event.effectiveDirective} blocked ${what} at ${where}`);
});
"""


@dataclass
class BrowserLog:
    """Console errors, uncaught page errors and CSP violations seen while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location
        text = f"{message.text} ({location.get('url', '?')}:{location.get('lineNumber', '?')})"
        if any(marker in message.text for marker in CSP_MARKERS):
            self.csp_violations.append(text)
        else:
            self.console_errors.append(text)

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_csp_violation(self, description: str) -> None:
        self.csp_violations.append(f"securitypolicyviolation: {description}")

    def problems(self) -> list[str]:
        return (
            [f"CSP violation: {text}" for text in self.csp_violations]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught page error: {text}" for text in self.page_errors]
        )


def assert_no_browser_errors(log: BrowserLog) -> None:
    """Fail listing every CSP violation, console error and uncaught error the page produced."""
    problems = log.problems()
    assert not problems, "The browser reported problems:\n" + "\n".join(f"  - {p}" for p in problems)


def audit(page: Page) -> list[dict]:
    """Run axe-core against WCAG 2.1 A and AA on the page as it is now; return the violations.

    The page must come from a context with bypass_csp=True: axe is injected as an inline script.
    """
    page.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
          const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return results.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
          }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"        {detail}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    violations = audit(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


def audit_each(page: Page, paths: list[str]) -> None:
    """Open each path (it must answer 200 and show its h1) and check it with axe."""
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport: above 0, it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def sign_in_with_form(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill the sign-in form through its labels and submit it; the page must show the form."""
    page.get_by_label(re.compile(r"^(Username|Användarnamn)", re.IGNORECASE)).fill(username)
    page.get_by_label(re.compile(r"^(Password|Lösenord)", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name=re.compile(r"^(Sign in|Logga in)$", re.IGNORECASE)).click()
