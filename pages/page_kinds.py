"""The pages edited and published directly, and the text blocks other pages are framed with."""

from django.db import models

from declarations.content import PageKind, Part


def text_blocks(page):
    """A page's own text blocks; each shown under its title, whose anchor is its key."""
    return Part(
        "blocks",
        "pages.PageText",
        "Text block",
        where=models.Q(page=page),
        title_field="title",
        text_fields=("title", "body"),
        setting_fields=("order",),
        section=("{key}", "{title}"),
    )


def text_page(page, name, url_name="", title=""):
    """A page that shows only its own text blocks around what its view adds, published without sign-off."""
    return PageKind(kind=page, name=name, parts=(text_blocks(page),), url_name=url_name, title=title)


# The pages edited and published directly (PRODUCT.md, "Clinical sign-off"). The clinical pages
# (safety, history, treatments, each area) are declared by the treatments app, the team page by
# the clinicians app. A page with a public address (`url_name`) is searched.
TEXT_PAGES = (
    text_page("home", "Home page", url_name="treatments:home", title="Home"),
    text_page("privacy", "Privacy notice page"),
    text_page("enquire", "Enquiry form page"),
    text_page("thanks", "Enquiry sent page"),
    text_page("under18", "Under-18 answer page"),
    text_page(
        "information", "About this information page", url_name="pages:information", title="About this information"
    ),
    text_page("accessibility", "Accessibility statement page", url_name="pages:accessibility", title="Accessibility"),
)
