"""Form fields for what editors type: line endings as Unix has them, whatever the browser sends.

Browsers send a textarea's lines with Windows line endings (\r\n). Stored as sent, the first
save of an untouched field would count as a change in its history and in the sign-off diff.
"""

from django import forms
from markdownx.fields import MarkdownxFormField


def unix_lines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class TextField(forms.CharField):
    def to_python(self, value):
        return super().to_python(unix_lines(value))


class MarkdownField(MarkdownxFormField):
    def to_python(self, value):
        return super().to_python(unix_lines(value))
