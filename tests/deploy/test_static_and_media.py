"""Static files: hashed, compressed (gzip and brotli), cached forever. Media: local disk, or S3 when configured."""

import gzip
import json
from urllib.parse import urlsplit

import brotli
import pytest

from tests.support.project import django_code, project_env

FOREVER = "max-age=315360000, public, immutable"


def hashed_name(root, name):
    return json.loads((root / "staticfiles.json").read_text())["paths"][name]


def test_collectstatic_writes_hashed_names_with_gzip_and_brotli_copies(collected_static):
    hashed = hashed_name(collected_static, "css/site.css")
    assert hashed != "css/site.css" and hashed.startswith("css/site.") and hashed.endswith(".css")
    original = (collected_static / hashed).read_bytes()
    assert brotli.decompress((collected_static / f"{hashed}.br").read_bytes()) == original
    assert gzip.decompress((collected_static / f"{hashed}.gz").read_bytes()) == original
    # Django admin's and markdownx's files are collected_static and compressed too.
    assert (collected_static / f"{hashed_name(collected_static, 'admin/css/base.css')}.br").exists()
    assert (collected_static / f"{hashed_name(collected_static, 'markdownx/js/markdownx.js')}.gz").exists()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_hashed_file_is_served_compressed_and_cached_forever(client, production_static, encoding):
    url = f"/static/{hashed_name(production_static, 'css/site.css')}"
    response = client.get(url, HTTP_ACCEPT_ENCODING=f"{encoding}, identity")
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert response["Cache-Control"] == FOREVER
    assert response["Vary"] == "Accept-Encoding"
    body = b"".join(response.streaming_content)
    decompress = brotli.decompress if encoding == "br" else gzip.decompress
    assert decompress(body) == (production_static / hashed_name(production_static, "css/site.css")).read_bytes()


def test_an_unhashed_name_is_only_cached_for_an_hour(client, production_static):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert response["Cache-Control"] == "max-age=3600, public"


@pytest.mark.django_db
def test_pages_link_the_hashed_names(client, public_site, production_static):
    html = client.get("/").content.decode()
    assert f'href="/static/{hashed_name(production_static, "css/site.css")}"' in html


def test_uploads_go_to_local_disk_and_are_served_with_debug_off(client, settings, media_root):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    assert settings.DEBUG is False
    name = default_storage.save("areas/test-upload.jpg", ContentFile(b"\xff\xd8\xff\xe0 image bytes"))
    assert (media_root / name).exists()
    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 image bytes"


S3_URL = """
from django.conf import settings
from django.core.files.storage import storages
print(type(storages["default"]).__name__)
print(storages["default"].url("areas/photo.jpg"))
print(" ".join(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]))
"""


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"AWS_S3_REGION_NAME": "eu-west-2"},
        {"AWS_S3_ENDPOINT_URL": "https://objects.example-provider.com"},
        {"AWS_S3_CUSTOM_DOMAIN": "media.clinic.example"},
    ],
    ids=["aws", "aws-region", "s3-compatible-endpoint", "custom-domain"],
)
def test_with_a_bucket_uploads_go_to_s3_and_the_csp_allows_images_from_it(variables):
    """No network: boto3 builds the URL locally. The image must come from an origin img-src allows."""
    env = project_env(
        AWS_STORAGE_BUCKET_NAME="clinic-media",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",  # noqa: S106 - not a real credential
        **variables,
    )
    result = django_code(S3_URL, env)
    assert result.returncode == 0, result.stderr
    storage, url, img_src = result.stdout.strip().splitlines()[-3:]
    assert storage == "S3Storage"
    assert url.endswith("/areas/photo.jpg") and "?" not in url  # public URLs, no expiring signature
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" in img_src.split()
