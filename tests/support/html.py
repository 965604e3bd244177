"""A small HTML reader for the budgets: what a page's <head> loads, and its images."""

from html.parser import HTMLParser


class PageParts(HTMLParser):
    """Collects the scripts in <head>, every stylesheet/icon link and script src, and every image."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.head_scripts = []
        self.links = []
        self.scripts = []
        self.images = []
        self.sources = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "script":
            if self.in_head:
                self.head_scripts.append(attrs)
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.links.append(attrs)
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "source":
            self.sources.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def is_render_blocking(script):
    """A classic script in <head> stops the page rendering until it has downloaded and run."""
    kind = (script.get("type") or "text/javascript").lower()
    if kind not in {"text/javascript", "application/javascript", "module"}:
        return False  # data blocks such as JSON-LD are never executed
    return kind != "module" and "defer" not in script and "async" not in script
