"""Print: an area page prints as a clean patient leaflet (no navigation, links as addresses, risks kept whole)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PRINT_CSS = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()


def rules_for(selector_fragment):
    """The declarations of every rule whose selector list mentions `selector_fragment`."""
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", PRINT_CSS)
    return " ".join(body for selectors, body in rules if selector_fragment in selectors)


def test_every_page_links_the_print_stylesheet_for_print_only(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/print\.css" media="print">', html)


def test_the_print_stylesheet_hides_navigation_and_buttons():
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none !important;\s*\}", PRINT_CSS).group(1)
    for selector in (".site-header", "nav", ".button", "button", "form", ".skip-link"):
        assert re.search(rf"(^|[\s,]){re.escape(selector)}([\s,]|$)", hidden), selector


def test_the_print_stylesheet_shows_links_as_addresses():
    assert 'content: " (" attr(href) ")"' in rules_for('a[href^="http"]::after')
    assert 'content: " (" attr(href) ")"' in rules_for('a[href^="/"]::after')


def test_the_print_stylesheet_keeps_each_risk_with_its_heading():
    assert "break-after: avoid" in rules_for("h2, h3")
    assert "break-inside: avoid" in rules_for(".item")


STYLE = "([selector, property, pseudo]) => getComputedStyle(document.querySelector(selector), pseudo)[property]"


@pytest.mark.browser
def test_an_area_page_prints_as_a_leaflet_in_chromium(in_chromium, live_site):
    def print_page(page):
        page.goto(f"{live_site}/treatments/hair-loss/")
        answer = page.locator(".faq details .details-body").first
        on_screen = answer.is_visible()
        page.emulate_media(media="print")
        return {
            "answer on screen": on_screen,
            "answer on paper": answer.is_visible(),
            "header": page.locator(".site-header").is_visible(),
            "contents": page.locator("nav.contents").is_visible(),
            "button": page.locator("a.button").first.is_visible(),
            "risks heading": page.evaluate(STYLE, ["#risks", "breakAfter", None]),
            "risk": page.evaluate(STYLE, [".risks .item", "breakInside", None]),
            "link": page.evaluate(STYLE, ['main a[href="/about/safety/"]', "content", "::after"]),
            "pdf": page.pdf(format="A4"),
        }

    printed = in_chromium(print_page)
    assert not printed["header"] and not printed["contents"] and not printed["button"]
    assert printed["risks heading"] == "avoid" and printed["risk"] == "avoid"
    assert printed["link"] == '" (/about/safety/)"'
    assert not printed["answer on screen"] and printed["answer on paper"]  # questions print open
    assert printed["pdf"].startswith(b"%PDF") and len(printed["pdf"]) > 10_000
