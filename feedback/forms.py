"""POST /feedback/: the answer to "Was this page helpful?", and the optional reason after a No."""

from django import forms
from django.core import signing

from .models import Feedback

ANSWER_SALT = "feedback.answer"
ANSWER_MAX_AGE = 24 * 60 * 60  # a reason can be added to an answer for a day


def answer_token(feedback):
    """What the thank-you page carries so that the reason joins the answer it explains (and no other)."""
    return signing.dumps({"id": feedback.pk, "page": feedback.page, "no": not feedback.helpful}, salt=ANSWER_SALT)


def read_answer_token(token):
    """The token's answer as a dict, or None when it is not one of ours or is too old."""
    try:
        return signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    except signing.BadSignature:
        return None


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=200)
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    reason = forms.ChoiceField(
        label="What was wrong with the page?",
        choices=Feedback.Reason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text="Please do not include your name, email address or phone number: we cannot reply here.",
    )
    answer = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not page.startswith("/") or page.startswith("//"):
            raise forms.ValidationError("Not a page of this site.")
        return page

    def clean_answer(self):
        token = self.cleaned_data["answer"]
        if not token:
            return None
        answer = read_answer_token(token)
        if answer is None:
            raise forms.ValidationError("This form is too old: go back to the page and answer again.")
        return answer

    def is_yes(self):
        return self.cleaned_data["helpful"] == "yes"
