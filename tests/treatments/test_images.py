"""Editors' uploads: real images only, resized for phones, served with DEBUG off."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.forms import area_form
from tests.support.publishing import publish
from tests.support.uploads import image_upload
from treatments.models import TreatmentArea
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


def upload(admin_client, area, **changes):
    return admin_client.post(
        f"/admin/treatments/treatmentarea/{area.pk}/change/", area_form(area, inlines=False, **changes)
    )


def test_an_uploaded_photo_is_stored_with_resized_webp_and_jpeg_copies(admin_client, area):
    response = upload(admin_client, area, image=image_upload(), image_alt="A clinic room")
    assert response.status_code == 302, response.content.decode()[:2000]
    area.refresh_from_db()
    assert (area.image_width, area.image_height) == (2000, 1200)
    widths = [r["width"] for r in area.image_renditions]
    assert widths == [320, 640, 960, 1280]
    assert all(r["webp"].endswith(".webp") and r["jpg"].endswith(".jpg") for r in area.image_renditions)


def test_the_area_page_serves_sized_copies_never_the_original(admin_client, client, area):
    upload(admin_client, area, image=image_upload(), image_alt="A clinic room")
    area.refresh_from_db()
    publish(AREA, area.pk)
    html = client.get("/treatments/hair-loss/").content.decode()
    assert '<source type="image/webp" srcset="/media/areas/renditions/' in html
    assert 'width="960" height="576"' in html and 'alt="A clinic room"' in html
    assert area.image.url not in html


def test_uploaded_images_are_served_with_debug_off(admin_client, client, area, settings):
    settings.DEBUG = False
    upload(admin_client, area, image=image_upload(), image_alt="A clinic room")
    area.refresh_from_db()
    response = client.get("/media/" + area.image_renditions[0]["webp"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_needs_a_description(admin_client, area):
    response = upload(admin_client, area, image=image_upload(), image_alt="")
    assert response.status_code == 200
    assert "Describe the image for people who cannot see it." in response.content.decode()
    area.refresh_from_db()
    assert not area.image


def test_a_file_that_is_not_an_image_gets_a_clear_error(admin_client, area):
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
    response = upload(admin_client, area, image=fake, image_alt="x")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not a picture the site can read." in html and "JPEG (.jpg), PNG (.png) or WebP" in html


def test_an_svg_is_refused(admin_client, area):
    svg = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml")
    response = upload(admin_client, area, image=svg, image_alt="x")
    assert response.status_code == 200
    assert not TreatmentArea.objects.get(pk=area.pk).image


def test_an_image_with_too_many_pixels_gets_a_clear_error(admin_client, area, settings):
    settings.IMAGE_MAX_PIXELS = 1000 * 1000
    response = upload(admin_client, area, image=image_upload(size=(1200, 1000), fmt="PNG"), image_alt="x")
    assert response.status_code == 200
    assert "too many" in response.content.decode()


def test_markdownx_preview_answers_staff_only(client, admin_client):
    assert client.post("/markdownx/markdownify/", {"content": "**hi**"}).status_code == 403
    response = admin_client.post("/markdownx/markdownify/", {"content": "**hi** <script>x</script>"})
    assert response.status_code == 200
    assert "<strong>hi</strong>" in response.content.decode() and "<script" not in response.content.decode()


def test_markdownx_upload_answers_staff_only_and_refuses_svg(client, admin_client):
    assert client.post("/markdownx/upload/", {"image": image_upload()}).status_code == 403
    svg = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml")
    response = admin_client.post("/markdownx/upload/", {"image": svg}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    photo = image_upload()
    response = admin_client.post("/markdownx/upload/", {"image": photo}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and "image_code" in response.json()
