"""The team register: the clinic's clinicians, their regulator and registration, and their staff login."""

from django.conf import settings
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.images import ImageWithRenditions


class Regulator(models.TextChoices):
    GMC = "GMC", "General Medical Council (GMC)"
    NMC = "NMC", "Nursing and Midwifery Council (NMC)"
    GDC = "GDC", "General Dental Council (GDC)"
    GPHC = "GPhC", "General Pharmaceutical Council (GPhC)"
    HCPC = "HCPC", "Health and Care Professions Council (HCPC)"


# Each regulator's public register, where anyone can check a registration. A plain link: the
# site fetches nothing from them.
REGISTER_URLS = {
    Regulator.GMC: "https://www.gmc-uk.org/registration-and-licensing/the-medical-register",
    Regulator.NMC: "https://www.nmc.org.uk/registration/search-the-register/",
    Regulator.GDC: "https://olr.gdc-uk.org/searchregister",
    Regulator.GPHC: "https://www.pharmacyregulation.org/registers",
    Regulator.HCPC: "https://www.hcpc-uk.org/check-the-register/",
}


class ClinicianQuerySet(models.QuerySet):
    def active(self):
        """Who patients see on the team page, and who may sign clinical content off."""
        return self.filter(active=True)


class Clinician(ImageWithRenditions):
    IMAGE_FOLDER = "team"

    name = models.CharField(max_length=120, help_text="As on the register, with a title if they use one: Dr Ada Lee.")
    role = models.CharField(max_length=120, help_text="Their job at the clinic, for example Clinical lead.")
    profession = models.CharField(max_length=80, help_text="For example Doctor, Nurse prescriber, Dentist.")
    regulator = models.CharField(max_length=10, choices=Regulator.choices)
    registration_number = models.CharField(
        max_length=20, help_text="Exactly as the regulator's register shows it, so patients can check it."
    )
    is_example = models.BooleanField(
        "example entry (not real)",
        default=False,
        help_text="Patients are told this registration is not real. Untick once the name and registration "
        "are a real clinician's, exactly as the regulator's register shows them.",
    )
    bio = MarkdownxField("short biography", blank=True, help_text="Two or three sentences: training and experience.")
    active = models.BooleanField(default=True, help_text="Shown on the team page, and may sign content off.")
    order = models.PositiveSmallIntegerField("display order", default=0)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinician",
        verbose_name="staff login",
        help_text="A clinical reviewer needs this link to approve content. Only an administrator can set it.",
    )

    objects = ClinicianQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/about/team/#clinician-{self.pk}"

    def registration(self):
        """As patients read it: "GMC 1234567"."""
        return f"{self.get_regulator_display_short()} {self.registration_number}"

    def get_regulator_display_short(self):
        return Regulator(self.regulator).value if self.regulator in Regulator.values else self.regulator

    def register_url(self):
        return REGISTER_URLS.get(self.regulator, "")
