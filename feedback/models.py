"""What patients tell us about a page: was it helpful, and if not, why.

Nothing personal is kept: no address, no cookie, no account; email addresses and phone numbers in a
comment are removed before it is saved (feedback.services).
"""

import datetime

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone

WINDOW_DAYS = 30  # "No" answers that flag a page for early review are counted over this many days


class FeedbackQuerySet(models.QuerySet):
    def by_page(self, today=None):
        """Per page, Yes and No in the last 30 days, the 30 days before, and in all: editors' overview."""
        now = timezone.now() if today is None else today
        recent, earlier = now - datetime.timedelta(days=WINDOW_DAYS), now - datetime.timedelta(days=2 * WINDOW_DAYS)
        in_recent, in_earlier = Q(created_at__gte=recent), Q(created_at__gte=earlier, created_at__lt=recent)
        yes, no = Q(helpful=True), Q(helpful=False)
        return (
            self.values("page")
            .annotate(
                yes_recent=Count("pk", filter=yes & in_recent),
                no_recent=Count("pk", filter=no & in_recent),
                yes_earlier=Count("pk", filter=yes & in_earlier),
                no_earlier=Count("pk", filter=no & in_earlier),
                yes_all=Count("pk", filter=yes),
                no_all=Count("pk", filter=no),
            )
            .order_by("-no_recent", "-no_all", "page")
        )

    def counted_for_review(self, now=None):
        """ "No" answers on clinical pages that count towards an early review: from the last 30 days, and
        given since the version patients now see was approved (a review answers the ones before)."""
        since = (now or timezone.now()) - datetime.timedelta(days=WINDOW_DAYS)
        return self.filter(
            helpful=False,
            created_at__gte=since,
            created_at__gt=F("page_record__live__approved_at"),
            page_record__published=True,
        )


class Feedback(models.Model):
    class Reason(models.TextChoices):
        HARD = "hard", "It was hard to understand"
        MISSING = "missing", "It did not answer my question"
        WRONG = "wrong", "Something seems wrong or out of date"
        OTHER = "other", "Something else"

    page = models.CharField(
        max_length=200, db_index=True, help_text="The address of the page, as /treatments/hair-loss/."
    )
    page_record = models.ForeignKey(
        "signoff.ClinicalPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        help_text="The clinical page it is about, when it is one.",
    )
    helpful = models.BooleanField()
    reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        return f"{self.page}: {'Yes' if self.helpful else 'No'}"

    def get_absolute_url(self):
        return self.page

    def add_reason(self, reason, comment):
        """The reason a patient gives after answering No; a reason already given is never replaced."""
        updated = Feedback.objects.filter(pk=self.pk, helpful=False, reason="", comment="").update(
            reason=reason, comment=comment
        )
        if updated:
            self.reason, self.comment = reason, comment
        return bool(updated)


class EarlyReviewNotice(models.Model):
    """Reviewers were told that patients found a clinical page unhelpful: once for each approved version."""

    page_record = models.ForeignKey("signoff.ClinicalPage", on_delete=models.CASCADE, related_name="+")
    approval = models.ForeignKey("signoff.Approval", on_delete=models.CASCADE, related_name="+")
    no_answers = models.PositiveIntegerField()
    told_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_record", "approval"], name="one_notice_per_approval")]

    def __str__(self):
        return f"{self.page_record}: {self.no_answers} No answers"
