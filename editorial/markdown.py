"""The one place Markdown becomes HTML: rendered, then sanitised."""

from functools import lru_cache

import markdown as md
import nh3

# What an editor may produce. Anything else (script, style, iframe, event handlers,
# javascript:/data: links) is stripped by nh3, whatever the Markdown contained.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "img",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# A pure function of the text: the enquiry form, rendered for each visitor, repeats the same few blocks.
@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    """Render editor-written Markdown to HTML that is safe to put on a public page."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        # An editor's images sit in the text, below the fold: the phone fetches them only when needed.
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
        strip_comments=True,
    )
