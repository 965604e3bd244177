"""Removing what could identify a person from free text that patients type and that we keep: feedback
comments, searches that found nothing.

Email addresses, and phone numbers (nine or more digits, however they are spaced or punctuated, so that
years and prices are kept) become a placeholder in square brackets.
"""

import re

EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[^\s@<>()\[\]]+")
# A run of digits with the spaces, dots, dashes, brackets and plus signs people write numbers with.
NUMBER_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]*\d")
PHONE_DIGITS = 9
EMAIL_REMOVED = "[email address removed]"
PHONE_REMOVED = "[phone number removed]"


def _phone(match):
    run = match.group(0)
    return PHONE_REMOVED if sum(ch.isdigit() for ch in run) >= PHONE_DIGITS else run


def remove_contact_details(text):
    """`text` without email addresses or phone numbers."""
    return NUMBER_RUN.sub(_phone, EMAIL.sub(EMAIL_REMOVED, text or ""))
