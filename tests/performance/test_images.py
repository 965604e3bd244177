"""Images cost a phone as little as they can: sized copies, WebP with a JPEG fallback, lazy below the fold."""

import pytest

from tests.support.html import PageParts
from tests.support.publishing import publish
from tests.support.uploads import give_photo
from treatments.models import Benefit
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_with_photo(content):
    return give_photo("hair-loss")


def test_the_area_photo_is_webp_with_a_jpeg_fallback_sized_for_every_screen(client, area_with_photo):
    parts = PageParts(client.get("/treatments/hair-loss/").content.decode())
    [source] = parts.sources
    [img] = parts.images
    assert source["type"] == "image/webp"
    assert all(candidate.split()[0].endswith(".webp") for candidate in source["srcset"].split(", "))
    assert img["src"].endswith(".jpg") and all(c.split()[0].endswith(".jpg") for c in img["srcset"].split(", "))
    for attrs in (source, img):
        assert len(attrs["srcset"].split(", ")) == 4
        assert attrs["sizes"]
    # Width and height reserve the space, so nothing jumps as the photo arrives.
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert img["alt"] == "A treatment room at the clinic"


def test_the_photo_at_the_top_loads_first_and_images_further_down_load_lazily(client, area_with_photo):
    """The area photo sits under the heading, in the first screen on a phone: it is the page's largest
    paint, so it must not wait. An image an editor puts in the text is further down: it waits until
    the reader scrolls near it (the browser test checks both against a real phone's fold)."""
    benefit = Benefit.objects.filter(area=area_with_photo).first()
    benefit.body += "\n\n![A diagram of the scalp](/media/areas/renditions/clinic-room-320.jpg)"
    benefit.save()
    publish(AREA, area_with_photo.pk)
    [hero, *further_down] = PageParts(client.get("/treatments/hair-loss/").content.decode()).images
    assert hero.get("loading") != "lazy" and hero.get("fetchpriority") == "high"
    assert further_down, "the editor's image is not on the page"
    for img in further_down:
        assert img.get("loading") == "lazy", img
