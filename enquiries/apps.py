"""The enquiries app: the patient's enquiry form and the staff workflow that answers it."""

from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = "Patient enquiries"
