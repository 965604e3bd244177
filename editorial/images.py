"""Uploaded images: checked with Pillow, stored with resized WebP and JPEG copies."""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (320, 640, 960, 1280)

# What editors read when a file is refused: the formats by the names and endings they see in their folders.
ACCEPTED = "The site accepts pictures saved as JPEG (.jpg), PNG (.png) or WebP (.webp)."
SAVE_AS = "Save or export the picture as one of these, then upload it again."
UPLOAD_REFUSED = f"This file cannot be used. {ACCEPTED} {SAVE_AS}"
SVG_REFUSED = f"This is an SVG drawing, which is not accepted because it can carry code. {ACCEPTED} {SAVE_AS}"
UNREADABLE = f"This file is not a picture the site can read. {ACCEPTED} {SAVE_AS}"


def is_svg(file):
    """Whether an upload is an SVG drawing, by its name, its declared type or its first bytes."""
    name = (getattr(file, "name", "") or "").lower()
    content_type = (getattr(file, "content_type", "") or "").lower()
    if name.endswith((".svg", ".svgz")) or content_type.startswith("image/svg"):
        return True
    try:
        file.seek(0)
        start = file.read(512)
    finally:
        file.seek(0)
    start = start.lower() if isinstance(start, bytes) else start.lower().encode()
    return b"<svg" in start or start.lstrip().startswith(b"<?xml")


def refusal(file, otherwise=UPLOAD_REFUSED):
    """Why `file` is refused, in an editor's words: an SVG drawing is named as such."""
    return SVG_REFUSED if is_svg(file) else otherwise


def validate_image_upload(file):
    """Refuse what is not a JPEG, PNG or WebP photo of a sensible size, in words an editor understands."""
    if file.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        limit = settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"This image is too large to upload. Please use one under {limit} MB.")
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    f"This image is {width}×{height} pixels, which is too many. "
                    "Please resize it to under 6000 pixels on its longest side."
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(refusal(file, otherwise=UNREADABLE)) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(f"This is a {image_format} file. {ACCEPTED} {SAVE_AS}")


def build_renditions(name):
    """Write resized copies of the stored image `name`; return the original's width and height, and the
    copies' descriptions, smallest first."""
    with default_storage.open(name, "rb") as source, Image.open(source) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    stem = PurePosixPath(name)
    renditions = []
    widths = [w for w in RENDITION_WIDTHS if w < image.width] + [min(image.width, RENDITION_WIDTHS[-1])]
    for width in sorted(set(widths)):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"width": width, "height": height}
        for fmt, ext, options in (
            ("WEBP", "webp", {"quality": 80}),
            ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            buffer = BytesIO()
            resized.save(buffer, fmt, **options)
            path = f"{stem.parent}/renditions/{stem.stem}-{width}.{ext}"
            if default_storage.exists(path):
                default_storage.delete(path)
            entry[ext] = default_storage.save(path, ContentFile(buffer.getvalue()))
        renditions.append(entry)
    return image.width, image.height, renditions


def image_upload_to(instance, filename):
    """Uploads go to the folder the model names (IMAGE_FOLDER): areas/, team/..."""
    return f"{instance.IMAGE_FOLDER}/{filename}"


class ImageWithRenditions(models.Model):
    """An optional image with its required description, stored with resized WebP and JPEG copies.

    Abstract: a model that shows a picture (an area, a clinician) gets these fields and names
    its upload folder in IMAGE_FOLDER. Pages never link the original upload, only the copies.
    """

    IMAGE_FOLDER = "images"

    image = models.ImageField(upload_to=image_upload_to, blank=True, validators=[validate_image_upload])
    image_alt = models.CharField(
        "image description (alt text)",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        source = self.image.name if self.image else ""
        built_from = self.image_renditions[0].get("source") if self.image_renditions else ""
        if source == built_from:
            return
        if source:
            width, height, renditions = build_renditions(source)
            renditions[0]["source"] = source
        else:
            width = height = None
            renditions = []
        self.image_width, self.image_height, self.image_renditions = width, height, renditions
        type(self)._default_manager.filter(pk=self.pk).update(
            image_width=width, image_height=height, image_renditions=renditions
        )

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    def image_srcset(self, ext):
        return ", ".join(f"{default_storage.url(r[ext])} {r['width']}w" for r in self.image_renditions)

    def image_srcset_webp(self):
        return self.image_srcset("webp")

    def image_srcset_jpg(self):
        return self.image_srcset("jpg")

    def image_fallback(self):
        """The middle-sized JPEG, for browsers that take neither srcset nor WebP."""
        if not self.image_renditions:
            return None
        rendition = self.image_renditions[len(self.image_renditions) // 2]
        return {
            "url": default_storage.url(rendition["jpg"]),
            "width": rendition["width"],
            "height": rendition["height"],
        }
