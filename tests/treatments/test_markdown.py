"""The one Markdown function never lets an editor put script on a public page."""

import re

import pytest

from editorial.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="https://evil.example"><input name=x></form>',
    "<object data=javascript:alert(1)></object>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>body{display:none}</style>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_handler_or_dangerous_link_survives(payload):
    html = render_markdown(payload).lower()
    assert not DANGEROUS_TAG.search(html), html
    assert not EVENT_HANDLER.search(html), html
    assert not DANGEROUS_URL.search(html), html
    assert "style=" not in html, html


DANGEROUS_TAG = re.compile(r"<(script|iframe|object|embed|form|input|meta|style|svg|math|link|base)\b")
EVENT_HANDLER = re.compile(r"<[^>]*\son\w+\s*=")
DANGEROUS_URL = re.compile(r"(href|src|action|data|xlink:href)\s*=\s*[\"']?\s*(javascript|data|vbscript):")


def test_ordinary_markdown_still_renders():
    html = render_markdown("## Aftercare\n\n- Keep it **clean**\n\n[NHS 111](https://111.nhs.uk/)")
    assert "<h2>Aftercare</h2>" in html
    assert "<li>Keep it <strong>clean</strong></li>" in html
    assert '<a href="https://111.nhs.uk/" rel="noopener noreferrer">NHS 111</a>' in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
