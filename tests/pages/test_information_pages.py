"""/about/this-information/ and /accessibility/: editable pages, linked from every page's footer."""

import pytest

from pages.models import PageText

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, page, heading",
    [
        ("/about/this-information/", "information", "About this information"),
        ("/accessibility/", "accessibility", "Accessibility statement"),
    ],
)
def test_each_page_shows_its_editable_blocks_in_order(client, clinic, path, page, heading):
    PageText.objects.create(page=page, key="second", title="Second block", body="Then this.", order=2)
    PageText.objects.create(
        page=page, key="first", title="First block", body="The clinic pays for this site.", order=1
    )
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert html.index("First block") < html.index("The clinic pays for this site.") < html.index("Second block")


@pytest.mark.parametrize("path", ["/", "/privacy/", "/enquire/", "/about/this-information/", "/no-such-page/"])
def test_every_footer_links_both_pages(client, clinic, path):
    html = client.get(path).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/about/this-information/"' in footer and 'href="/accessibility/"' in footer


def test_the_shipped_pages_say_who_pays_how_pages_are_reviewed_and_how_to_complain():
    """Read from content/ (no load: the loader's own tests load every file)."""
    import frontmatter
    from django.conf import settings

    def text(name):
        post = frontmatter.load(settings.BASE_DIR / "content" / "pages" / f"{name}.md")
        return " ".join(block["body"] for block in post.metadata["blocks"])

    information = text("information")
    assert "conflict of interest" in information and "at least once a year" in information
    assert "Was this page helpful?" in information
    accessibility = text("accessibility")
    assert "WCAG" in accessibility and "Equality Advisory and Support Service" in accessibility
    assert "another format" in accessibility
