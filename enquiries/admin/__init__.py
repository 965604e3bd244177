"""The enquiry handlers' admin, a module per part: the list and the enquiry's form (`enquiry.py`), the
enquiry's page and the views its forms post to (`page.py`), the list's filters, the CSV export, the
data-rights page, and the other records (reply templates, erasure records, the access log)."""

from . import enquiry, records  # noqa: F401 - registering the admins
