"""The harness itself: a CSP violation and an axe violation must not pass unnoticed."""

import pytest

from tests.browser.harness import LOGIN_PATH, assert_no_axe_violations, audit

pytestmark = pytest.mark.browser


def test_inline_style_is_refused_and_reported(page, browser_log):
    page.goto(LOGIN_PATH)
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(
            """() => {
              const style = document.createElement("style");
              style.textContent = "body { color: red; }";
              document.head.append(style);
            }"""
        )
    assert browser_log.csp_violations, "an inline style under the site's CSP went unreported"
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"


def test_axe_reports_an_image_without_alt_text(axe_page):
    axe_page.goto(LOGIN_PATH)
    axe_page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
          img.id = "no-alt";
          document.querySelector("main").append(img);
        }"""
    )
    assert "image-alt" in {violation["id"] for violation in audit(axe_page)}
    with pytest.raises(AssertionError, match=r"image-alt.*\n.*#no-alt"):
        assert_no_axe_violations(axe_page)
