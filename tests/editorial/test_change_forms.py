"""What editors meet on every content change form: save buttons at the top of long forms, help text that
reads as written, and uploads that say which formats they accept."""

import json
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.admin import ContentAdmin
from editorial.images import ACCEPTED, SVG_REFUSED, UPLOAD_REFUSED
from tests.support.uploads import image_upload
from treatments.models import TreatmentArea

pytestmark = pytest.mark.django_db

# Read from the admin itself, so a content admin added later is checked without editing this list.
CONTENT_FORMS = sorted(
    f"{model._meta.app_label}/{model._meta.model_name}"
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ContentAdmin)
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'


def test_the_list_of_content_forms_holds_every_content_admin():
    assert {"treatments/question", "search/notoffered", "pages/clinicdetails", "sources/source"} <= set(CONTENT_FORMS)


@pytest.mark.parametrize("path", CONTENT_FORMS)
def test_every_content_change_form_offers_save_at_the_top_too(admin_client, path):
    html = admin_client.get(f"/admin/{path}/add/").content.decode()
    first_field = html.index('<fieldset class="module aligned')
    assert html.count('name="_save"') == 2 and html.index('name="_save"') < first_field


def test_save_and_submit_for_clinical_review_is_at_the_top_and_the_bottom(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    first_field = html.index('<fieldset class="module aligned')
    assert html.count('value="Save and submit for clinical review"') == 2
    # In the form, so the top button submits it as the bottom one does.
    assert html.index('<form enctype="multipart/form-data"') < html.index('name="_submit_for_review"') < first_field
    assert html.rindex('name="_submit_for_review"') > html.rindex('<fieldset class="module aligned')


def test_the_slug_help_text_shows_the_address_pattern(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    help_text = re.search(r'id="id_slug_helptext">\s*<div>(.*?)</div>', html, re.S).group(1)
    assert help_text == "The end of the address: hair-loss gives /treatments/hair-loss/. Changing it breaks old links."
    assert "/treatments//" not in html


# --- Uploads that are refused say what is accepted ------------------------------------------------


def area_image_form(area, image):
    data = {
        "name": area.name, "slug": area.slug, "summary": area.summary, "body": area.body,
        "procedure": area.procedure, "sessions_downtime": area.sessions_downtime, "aftercare": area.aftercare,
        "evidence_note": area.evidence_note, "image_alt": "A drawing", "order": area.order, "published": "on",
        "image": image,
    }  # fmt: skip
    for prefix in ("benefits", "risks", "faqs"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def image_error(html):
    return re.search(r'<ul class="errorlist" id="id_image_error">\s*<li>(.*?)</li>', html, re.S).group(1)


def test_an_svg_for_an_area_image_is_refused_with_the_formats_accepted(admin_client, area):
    svg = SimpleUploadedFile("diagram.svg", SVG, "image/svg+xml")
    response = admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", area_image_form(area, svg))
    assert response.status_code == 200
    assert image_error(response.content.decode()) == SVG_REFUSED
    assert "JPEG (.jpg), PNG (.png) or WebP (.webp)" in SVG_REFUSED and "SVG drawing" in SVG_REFUSED
    assert not TreatmentArea.objects.get(pk=area.pk).image


def test_a_gif_for_an_area_image_is_refused_by_name(admin_client, area):
    gif = image_upload("animation.gif", size=(40, 40), fmt="GIF")
    response = admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", area_image_form(area, gif))
    assert image_error(response.content.decode()) == f"This is a GIF file. {ACCEPTED} " + (
        "Save or export the picture as one of these, then upload it again."
    )


def test_the_image_fields_offer_only_the_accepted_formats(admin_client, area, clinician):
    for url in (
        f"/admin/treatments/treatmentarea/{area.pk}/change/",
        f"/admin/clinicians/clinician/{clinician.pk}/change/",
    ):
        html = admin_client.get(url).content.decode()
        assert 'name="image" accept="image/jpeg,image/png,image/webp"' in html
        assert f"<div>{ACCEPTED}</div>" in html


def test_an_svg_for_a_clinicians_photo_is_refused_with_the_formats_accepted(admin_client, clinician):
    data = {
        "name": clinician.name, "role": clinician.role, "profession": clinician.profession,
        "regulator": clinician.regulator, "registration_number": clinician.registration_number,
        "image": SimpleUploadedFile("me.svg", SVG, "image/svg+xml"), "image_alt": "Me", "active": "on", "order": 0,
    }  # fmt: skip
    response = admin_client.post(f"/admin/clinicians/clinician/{clinician.pk}/change/", data)
    assert response.status_code == 200 and image_error(response.content.decode()) == SVG_REFUSED


def markdown_upload(admin_client, file):
    return admin_client.post("/markdownx/upload/", {"image": file}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("diagram.svg", "image/svg+xml"), ("diagram.png", "image/png"), ("diagram", "application/octet-stream")],
)
def test_the_markdown_editors_upload_refuses_an_svg_with_the_formats_accepted(admin_client, name, content_type):
    """Whatever it is called and whatever type the browser declares: the file itself is checked."""
    response = markdown_upload(admin_client, SimpleUploadedFile(name, SVG, content_type))
    assert response.status_code == 400
    assert json.loads(response.content) == {"__all__": [SVG_REFUSED]}


def test_the_markdown_editors_upload_refuses_other_files_with_the_formats_accepted(admin_client):
    response = markdown_upload(admin_client, SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf"))
    assert response.status_code == 400 and json.loads(response.content) == {"__all__": [UPLOAD_REFUSED]}
    response = markdown_upload(admin_client, image_upload("animation.gif", size=(40, 40), fmt="GIF"))
    assert response.status_code == 400 and "accepts pictures saved as JPEG" in response.json()["__all__"][0]


def test_the_markdown_editors_upload_still_takes_a_photo(admin_client):
    response = markdown_upload(admin_client, image_upload("photo.webp", size=(400, 300), fmt="WEBP"))
    assert response.status_code == 200 and response.json()["image_code"].startswith("![](/media/")


def test_the_markdown_editor_knows_what_its_upload_accepts(admin_client, area):
    """So a refused file is explained next to the text box before it is sent (static/js/admin-checks.js)."""
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert 'data-upload-accept="image/jpeg,image/png,image/webp"' in html
    assert f'data-upload-refused="{UPLOAD_REFUSED}"' in html
    assert '<p class="upload-refused errornote" id="id_body_checks_upload" role="alert" hidden></p>' in html
    assert '<script src="/static/js/admin-checks.js"></script>' in html
