"""Words: what a search and the index are made of, read the same way from a query and from a page."""

import re
from html import unescape

from editorial.markdown import render_markdown

# Letters and digits, with an apostrophe inside a word ("I'm"); everything else separates words.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|pre)>", re.IGNORECASE)

# Words that say nothing about what a patient is looking for. The databases' own lists differ, so
# both searches leave out these before they ask.
STOPWORDS = frozenset(
    """a about am an and any are as at be been but by can could did do does for from get got had has have
    how i i'm if in into is it it's its me my of on or our so than that the their them then there these
    they this to up us was we what when where which who why will with would you your""".split()
)


def words(text):
    """The words of `text`, in lower case, in order."""
    return [word.replace("’", "'") for word in WORD.findall((text or "").lower())]


def plain_text(markdown_text):
    """What a patient reads of a Markdown field, as one line of plain text."""
    html = _BLOCK_END.sub(" ", render_markdown(markdown_text or ""))
    return " ".join(unescape(_TAG.sub(" ", html)).split())
