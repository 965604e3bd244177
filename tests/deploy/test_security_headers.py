"""Every response carries the security headers, and no page needs what the strict CSP forbids."""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.support.headers import assert_security_headers

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("/", 200),
    ("/treatments/", 200),
    ("/treatments/hair-loss/", 200),
    ("/about/history/", 200),
    ("/about/safety/", 200),
    ("/privacy/", 200),
    ("/enquire/", 200),
    ("/enquire/?treatment=hair-loss", 200),
    ("/enquire/thanks/", 200),
    ("/sitemap.xml", 200),
    ("/robots.txt", 200),
    ("/healthz", 200),
    ("/no-such-page/", 404),
    ("/treatments/no-such-area/", 404),
]


@pytest.mark.parametrize("path,status", PUBLIC_PAGES)
def test_every_public_page_carries_the_security_headers_cold_and_from_the_page_cache(
    client, public_site, path, status
):
    for attempt in ("cold", "cached"):
        response = client.get(path)
        assert response.status_code == status, (path, attempt)
        assert_security_headers(response)


def test_the_admin_login_and_an_admin_change_form_carry_the_security_headers(client, admin_client, public_site):
    assert_security_headers(client.get("/admin/login/"))
    assert_security_headers(admin_client.get(f"/admin/treatments/treatmentarea/{public_site.pk}/change/"))


def test_uploaded_files_are_served_sandboxed_and_never_sniffed(client, media_root):
    (media_root / "areas").mkdir(parents=True)
    (media_root / "areas" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    response = client.get("/media/areas/photo.jpg")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Frame-Options"] == "DENY"


class InlineCode(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, event-handler attributes, style attributes and elements."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
        if "style" in attrs:
            self.found.append(f"<{tag} style=...>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self._in_script = True
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.mark.parametrize(
    "path", [path for path, _ in PUBLIC_PAGES if path not in ("/sitemap.xml", "/robots.txt", "/healthz")]
)
def test_public_pages_have_no_inline_script_handler_or_style_the_csp_would_block(client, public_site, path):
    assert inline_code(client.get(path)) == []


def test_the_admin_pages_editors_use_have_no_inline_code_either(client, admin_client, public_site):
    """Django's admin and markdownx's widget work under script-src and style-src 'self' alone."""
    pages = [
        client.get("/admin/login/"),
        admin_client.get("/admin/"),
        admin_client.get("/admin/treatments/treatmentarea/"),
        admin_client.get(f"/admin/treatments/treatmentarea/{public_site.pk}/change/"),
        admin_client.get("/admin/treatments/treatmentarea/add/"),
    ]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert inline_code(response) == [], response.request["PATH_INFO"]


def test_the_markdownx_editor_is_on_the_change_form_with_its_script_from_our_origin(admin_client, public_site):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{public_site.pk}/change/").content.decode()
    assert 'class="markdownx"' in html
    assert f'src="{settings.STATIC_URL}markdownx/js/markdownx' in html


def test_the_markdownx_preview_answers_staff_under_the_csp_and_refuses_everyone_else(client, admin_client):
    markdown = "Some **bold** text <script>alert(1)</script>"
    response = admin_client.post("/markdownx/markdownify/", {"content": markdown})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()
    assert_security_headers(response)
    assert client.post("/markdownx/markdownify/", {"content": markdown}).status_code == 403
