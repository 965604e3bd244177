"""The public enquiry form: the contract's field names, a honeypot, and errors written for patients."""

import re

from django import forms

from pagecache.cache import remembered
from treatments.published import published_areas

from .models import Enquiry

NAME_MAX = 100
EMAIL_MAX = 254
PHONE_MAX = 30
MESSAGE_MAX = 3000

# Control characters (NUL included) are removed, not refused: pasted text often carries
# them, and PostgreSQL cannot store NUL. Tabs and line breaks stay in multi-line text.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS_AND_TABS = re.compile(r"[\t\n\r]+")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-.]+$")

# The honeypot's name: innocent to a bot, not a contract field, hidden from people.
HONEYPOT = "website"


def areas_to_ask_about():
    """{slug: area} for the areas a patient may ask about, kept until content changes."""
    return remembered("published-areas", lambda: {area.slug: area for area in published_areas()})


def strip_control_characters(value, *, multiline=False):
    if not isinstance(value, str):
        return value
    if multiline:
        # Browsers send \r\n but count it as one character against maxlength: so do we.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    else:
        value = LINE_BREAKS_AND_TABS.sub(" ", value)
    return CONTROL_CHARS.sub("", value)


class PlainTextField(forms.CharField):
    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(strip_control_characters(value, multiline=self.multiline))


class PlainEmailField(forms.EmailField):
    def to_python(self, value):
        return super().to_python(strip_control_characters(value))


class EnquiryForm(forms.Form):
    """The enquiry a patient sends. The view answers "I am under 18" with the under-18 page before
    looking at anything else; no answer at all is an error like any other."""

    name = PlainTextField(
        label="Your name",
        max_length=NAME_MAX,
        error_messages={
            "required": "Enter your name",
            "max_length": f"Your name must be {NAME_MAX} characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = PlainEmailField(
        label="Email address",
        max_length=EMAIL_MAX,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"Your email address must be {EMAIL_MAX} characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = PlainTextField(
        label="Phone number (optional)",
        help_text="We only use it if you ask us to phone you, or cannot reach you by email.",
        required=False,
        max_length=PHONE_MAX,
        error_messages={"max_length": f"Your phone number must be {PHONE_MAX} characters or fewer"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    treatment = forms.ChoiceField(
        label="What would you like to ask about?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a treatment from the list, or ‘Not sure’"},
    )
    message = PlainTextField(
        label="Your question",
        help_text=f"Only tell us what we need to answer you. Up to {MESSAGE_MAX:,} characters.",
        multiline=True,
        max_length=MESSAGE_MAX,
        error_messages={
            "required": "Enter your question",
            "max_length": f"Your question must be {MESSAGE_MAX:,} characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=Enquiry.PreferredContact.choices,
        initial=Enquiry.PreferredContact.EMAIL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you would like us to contact you",
            "invalid_choice": "Choose how you would like us to contact you",
        },
    )
    consent = forms.BooleanField(
        label="I agree to the privacy notice",
        help_text="The privacy notice says what we do with your details and how long we keep them.",
        error_messages={"required": "Tick the box to agree to the privacy notice, so that we can use your details"},
    )
    # A deliberate answer either way: a box left unticked by mistake is a missing answer, not a child.
    # "on" is what the checkbox this replaced sent, so a form posted the old way still means 18 or over.
    over_18 = forms.ChoiceField(
        label="Are you 18 or over?",
        choices=[("on", "I am 18 or over"), ("no", "I am under 18")],
        widget=forms.RadioSelect,
        help_text="We only treat adults.",
        error_messages={
            "required": "Tell us if you are 18 or over",
            "invalid_choice": "Tell us if you are 18 or over",
        },
    )
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas_to_ask_about()
        self.fields["treatment"].choices = [(slug, area.name) for slug, area in self.areas.items()] + [
            ("", "Not sure")
        ]
        # ?treatment=<slug> preselects a published area; any other value is ignored.
        if self.initial.get("treatment") not in self.areas:
            self.initial["treatment"] = ""

    def says_under_18(self):
        """The patient answered "I am under 18"."""
        return self["over_18"].data == "no"

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_PATTERN.match(phone) or not 7 <= len(digits) <= 15):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or +44 7700 900 982", code="invalid_phone"
            )
        return phone

    def clean_treatment(self):
        """The published area chosen, or None for "Not sure"."""
        return self.areas.get(self.cleaned_data["treatment"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == Enquiry.PreferredContact.PHONE and not cleaned.get("phone"):
            if "phone" not in self.errors:
                self.add_error("phone", "Enter a phone number, or choose email as the way we contact you")
        cleaned["spam"] = bool(cleaned.pop(HONEYPOT, ""))
        return cleaned

    def error_summary(self):
        """(field id, message) for every error, in the order the fields appear on the page."""
        items = [("", error) for error in self.non_field_errors()]
        for field in self.visible_fields():
            anchor = field.auto_id + ("_0" if isinstance(field.field.widget, forms.RadioSelect) else "")
            items.extend((anchor, error) for error in field.errors)
        return items


# --- Staff forms on the enquiry's admin page and the data-rights page -----------------------------


class TemplateSelect(forms.Select):
    """The saved replies, each option carrying its text filled in for this enquiry (`data-fill`), which
    the page's script inserts at the cursor; without the script the form posts and the server adds it."""

    def __init__(self, *args, fills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fills = fills or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        fill = self.fills.get(getattr(value, "value", value))
        if fill is not None:
            option["attrs"]["data-fill"] = fill
        return option


class ReplyForm(forms.Form):
    """The reply box: a saved template to start from, and the text to send."""

    template = forms.ModelChoiceField(queryset=None, required=False, label="Start from a saved reply")
    body = forms.CharField(
        label="Your reply",
        required=False,  # an empty reply gets its own message from the service, with the text kept
        strip=False,
        # Counted as "started a reply" by the presence box, and kept as a draft by the page's script.
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80, "data-collisions-draft": "", "data-draft": "reply"}),
    )

    def __init__(self, *args, fills=None, **kwargs):
        from .models import ReplyTemplate

        super().__init__(*args, **kwargs)
        self.fills = fills or {}
        self.fields["template"].queryset = ReplyTemplate.objects.all()
        self.fields["template"].empty_label = "Choose a saved reply"
        self.fields["template"].widget = TemplateSelect(fills=self.fills)
        self.fields["template"].widget.choices = self.fields["template"].choices


class PhoneAnswerForm(forms.Form):
    note = forms.CharField(
        label="Note of the call",
        required=False,
        help_text="What you told the patient, in a sentence or two. No email is sent.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "data-collisions-draft": "", "data-draft": "phone"}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note",
        error_messages={"required": "Write the note before adding it."},
        help_text="Seen by staff only. Notes are kept in order and cannot be changed.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "data-draft": "note"}),
    )


class SubjectLookupForm(forms.Form):
    email = forms.EmailField(
        label="The person's email address",
        error_messages={
            "required": "Enter the email address the person wrote from.",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class SubjectEraseForm(SubjectLookupForm):
    reason = forms.CharField(
        label="Reason for the erasure",
        required=False,  # checked by the service, which says what a reason should look like
        help_text="For example “erasure requested by the patient by email on 3 March”. "
        "Do not name the person or give their address: this record is kept.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    confirm = forms.BooleanField(
        label="I understand that this deletes everything listed above, and cannot be undone",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )
