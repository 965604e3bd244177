"""Finding an enquiry from what a patient on the phone says: their number in any form, or its reference.

Phone numbers are stored a second time, normalised (`Enquiry.phone_normalised`): digits only, a UK
number in its national form (+44 7700 900123, 0044 7700 900123 and 07700 900 123 are all
07700900123), any other country's with a "+". The same normalising applied to what a handler types
makes the search a plain substring match, the same on SQLite and PostgreSQL. Words from the message
and the staff notes are found by the admin's own search (`search_fields`).
"""

import re

# What a handler types that is a phone number: digits and the usual separators, at least six digits.
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]+$")
MIN_DIGITS = 6
# The reference in every mail's subject: "ENQ-123".
REFERENCE = re.compile(r"^\s*(?:ENQ[\s-]?)(\d+)\s*$", re.IGNORECASE)


def normalise_phone(text):
    """ "+44 (0)7700 900-123" → "07700900123"; "+33 1 23 45 67 89" → "+33123456789"; "" → ""."""
    text = (text or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    international = text.startswith("+") or digits.startswith("00")
    digits = digits[2:] if digits.startswith("00") else digits
    if international or (digits.startswith("44") and len(digits) >= 11):
        if digits.startswith("44"):
            return "0" + digits[2:].lstrip("0")
        return "+" + digits
    return digits


def phone_term(term):
    """The normalised number a search term is, or None when it is not a phone number."""
    if not PHONE_LIKE.match(term or "") or len(re.sub(r"\D", "", term)) < MIN_DIGITS:
        return None
    return normalise_phone(term)


def reference_of(pk):
    return f"ENQ-{pk}"


def reference_term(term):
    """The enquiry id a term like "ENQ-123" names, or None."""
    match = REFERENCE.match(term or "")
    return int(match.group(1)) if match else None
