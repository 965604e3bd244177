"""Form fields for what editors type and upload.

Text: line endings as Unix has them, whatever the browser sends. Browsers send a textarea's
lines with Windows line endings (\r\n). Stored as sent, the first save of an untouched field
would count as a change in its history and in the sign-off diff.

Images: a refused file says which formats are accepted, in words an editor understands,
on the image fields and in the Markdown editor's upload alike.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from markdownx.fields import MarkdownxFormField
from markdownx.forms import ImageForm

from .images import ACCEPTED, UNREADABLE, refusal, validate_image_upload


def unix_lines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class TextField(forms.CharField):
    def to_python(self, value):
        return super().to_python(unix_lines(value))


class MarkdownField(MarkdownxFormField):
    def to_python(self, value):
        return super().to_python(unix_lines(value))


class ImageField(forms.ImageField):
    """An image upload whose file picker offers only the accepted formats, and whose refusal names them.

    Django's own message ("Upload a valid image...") would not say what a valid image is.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.help_text = self.help_text or ACCEPTED

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError as error:
            if error.code == "invalid_image":
                raise ValidationError(refusal(data, otherwise=UNREADABLE), code="invalid_image") from None
            raise

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(settings.MARKDOWNX_UPLOAD_CONTENT_TYPES)
        return attrs


class MarkdownImageForm(ImageForm):
    """django-markdownx's image upload (the Markdown editor's drag and drop), with our refusals.

    django-markdownx trusts the type the browser declares and answers "File type is not
    supported."; this checks the file itself, as the image fields do, and says what is accepted.
    """

    def clean(self):
        upload = self.cleaned_data.get("image")
        if upload and upload.content_type not in settings.MARKDOWNX_UPLOAD_CONTENT_TYPES:
            raise ValidationError(refusal(upload))
        cleaned = super().clean()
        validate_image_upload(upload)
        return cleaned
