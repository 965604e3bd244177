"""Image uploads for tests: real JPEG (or PNG, WebP...) bytes made by Pillow, and an area given a photo."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.support.publishing import publish
from treatments.models import TreatmentArea
from treatments.page_kinds import AREA


def image_upload(name="photo.jpg", size=(2000, 1200), fmt="JPEG"):
    """A file as a browser uploads it: a plain-coloured image of `size`, in `fmt`."""
    buffer = BytesIO()
    Image.new("RGB", size, (180, 120, 90)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def give_photo(slug):
    """The area `slug` with a large plain-coloured image (described as a treatment room), saved (so its resized
    copies exist) and approved."""
    area = TreatmentArea.objects.get(slug=slug)
    area.image = image_upload("clinic-room.jpg")
    area.image_alt = "A treatment room at the clinic"
    area.save()
    publish(AREA, area.pk)
    return area
