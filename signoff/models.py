"""Clinical sign-off: each clinical page's approved versions, and where its working copy stands.

The content models (an area and its benefits, risks...) are the working copy that editors
change. What patients read is an `Approval`: every part of the page frozen as JSON at the
moment a clinician approved it (see `declarations.content` for what a page is made of). Public views
render the page's live approval; the preview renders the working copy the same way; the
review screen compares the two. Nothing else decides what patients see, so a save can never
reach them unapproved, and a whole page (children included) can be restored from any
approval. Taking a page down is the one change that is immediate.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ClinicalPageQuerySet(models.QuerySet):
    def live(self):
        """What patients see: pages with an approved version that has not been taken down."""
        return self.filter(published=True, live__isnull=False).select_related("live", "live__clinician")

    def waiting(self):
        """Submitted for clinical review and not yet decided: the reviewers' queue."""
        return self.filter(submitted_at__isnull=False)

    def review_due(self, today=None, within_days=30):
        """Live pages whose next review is due within `within_days` days, or overdue."""
        soon = (today or timezone.localdate()) + datetime.timedelta(days=within_days)
        return self.live().filter(live__next_review_due__lte=soon)


class ClinicalPage(models.Model):
    """One page under sign-off: a fixed page (`key` "safety") or an object's page ("area:3")."""

    key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    live = models.ForeignKey(
        "Approval",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The approved version patients see.",
    )
    published = models.BooleanField(default=False, help_text="Patients see the live version.")
    # Approved, to go live at its `go_live_at` (signoff.schedule): patients keep `live` until then.
    scheduled = models.ForeignKey(
        "Approval",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An approved version waiting for its time to go live.",
    )
    # An object's page is found by its address: the slug of the live version.
    slug = models.SlugField(max_length=80, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes_requested_at = models.DateTimeField(null=True, blank=True)
    changes_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes_requested_comment = models.TextField(blank=True)

    objects = ClinicalPageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "clinical page"
        permissions = [("approve_clinicalpage", "Can approve or send back clinical content")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from declarations import content

        kind = content.kind(self.kind)
        if kind.root_model is None:
            return reverse(kind.url_name)
        return reverse(kind.url_name, kwargs={"slug": self.slug}) if self.slug else None

    def edit_url(self):
        """Where its editor changes it: the form of the object a page is about, else the list of its texts."""
        from declarations import content

        kind = content.kind(self.kind)
        if kind.root_model is not None:
            opts = kind.root_model._meta
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object_id])
        opts = kind.parts[0].model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{url}?page__exact={self.kind}" if any(f.name == "page" for f in opts.fields) else url

    def review_url(self):
        return reverse("admin:signoff_clinicalpage_review", args=[self.pk])

    def preview_url(self):
        return reverse("signoff:preview", args=[self.kind, self.object_id or 0])


class Approval(models.Model):
    """Exactly what a clinician approved, who they were, and when: kept for good."""

    class Source(models.TextChoices):
        REVIEW = "review", "Approved in the admin"
        CONTENT = "content", "Loaded from content/ as signed in the file"
        MIGRATED = "migrated", "Carried over from the typed review fields"

    page = models.ForeignKey(ClinicalPage, on_delete=models.CASCADE, related_name="approvals")
    snapshot = models.JSONField(help_text="Every part of the page as approved.")
    fingerprint = models.CharField(max_length=64)
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clinician = models.ForeignKey(
        "clinicians.Clinician", on_delete=models.SET_NULL, null=True, blank=True, related_name="approvals"
    )
    # As the team register said when they approved, kept if the entry later changes or goes.
    approver_name = models.CharField(max_length=120, blank=True)
    approver_profession = models.CharField(max_length=120, blank=True)
    approver_registration = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    self_approved = models.BooleanField(
        default=False, help_text="Approved by someone who also changed it (CLINICAL_SIGNOFF_SELF_APPROVAL)."
    )
    # The claims checker's warnings on what was approved, and why the reviewer approved it all the same.
    warnings = models.JSONField(default=list, blank=True)
    warnings_reason = models.TextField("why approved despite the warnings", blank=True)
    next_review_due = models.DateField()
    restored_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.REVIEW)
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reviewer had it go live; empty: at once, on approval."
    )

    class Meta:
        ordering = ["-approved_at", "-pk"]
        get_latest_by = "approved_at"

    def __str__(self):
        return f"{self.page} approved {timezone.localtime(self.approved_at):%d %b %Y %H:%M}"

    def by_a_clinician(self):
        """Whether a clinician approved it: in the admin (or typed before sign-off existed), not by load_content."""
        return self.source != self.Source.CONTENT

    def reviewer(self):
        """(name, profession, registration) as patients read them: as the register said when they approved.

        Never the register's entry as it is now: renaming a clinician or changing their registration
        must not rewrite who signed pages they approved before.
        """
        return self.approver_name, self.approver_profession, self.approver_registration


class PageEvent(models.Model):
    """One step of a page's sign-off, for the page's log in the admin."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for clinical review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        TAKEN_DOWN = "taken_down", "Taken off the site"
        DELETED = "deleted", "Deleted, so taken off the site"
        SCHEDULED = "scheduled", "Approved, to go live later"
        WENT_LIVE = "went_live", "Went live as scheduled"
        RESTORED = "restored", "Earlier version restored as the working copy"

    page = models.ForeignKey(ClinicalPage, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text too, so the log still names the person after their account is deleted.
    username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.who()}"

    def who(self):
        """The person, or what acted when no one was signed in (load_content, the worker's scheduled go-live)."""
        return self.username or "the system (no one signed in)"
