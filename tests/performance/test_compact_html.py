"""Pages are sent without their templates' indentation, rendered alike; <pre>, <textarea> and <script> kept."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_public_page_has_no_indentation_but_keeps_its_words_and_json_ld(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    assert not re.search(r"\n  +<", html)
    assert "</li><li>" in html or "</li>\n<li>" in html
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(data)  # untouched: the CSP allows it by its hash


def test_the_admin_is_left_as_django_renders_it(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert re.search(r"\n  +<", html)
