"""Clinical sign-off in the admin: the status panel and submit button on every clinical change form,
the reviewers' queue and review screen, and each page's approvals with restore."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from declarations import content as page_content

from . import diff, services
from .models import Approval, ClinicalPage

SUBMIT = "_submit_for_review"


def site_url(request):
    return request.build_absolute_uri("/")


def page_panel(request, kind, object_id):
    """What the editor of one clinical page needs to know on any of its change forms."""
    page = services.page_record(kind, object_id)
    working = kind.collect(object_id)
    return {
        "page": page,
        "status": services.status(page, working.rows()),
        "problems": working.problems(),
        "preview_url": page.preview_url(),
        "can_review": request.user.has_perm(services.APPROVE_PERMISSION),
    }


class ClinicalContentMixin:
    """For the admin of any model that appears on a clinical page (an area, a benefit, the safety text...).

    Saving changes the working copy only. The change form says where the page stands, links
    its preview, and offers "Save and submit for clinical review". Reverting one object from
    History is off: it would bring back a benefit without its area; restore the whole page
    from its approved versions instead.
    """

    change_form_template = "admin/signoff/change_form.html"
    object_history_template = "admin/signoff/object_history.html"

    def clinical_pages(self, obj):
        if obj is None or obj.pk is None:
            return []
        return [(kind, object_id) for kind, object_id in page_content.pages_showing(obj) if kind.clinical]

    def is_clinical(self, obj=None):
        """Whether objects of this admin go through sign-off (PageText: only the clinical pages' blocks)."""
        return any(kind.clinical for kind in page_content.kinds() for part in kind.parts if part.model is self.model)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pages = self.clinical_pages(obj)
        context["signoff_pages"] = [page_panel(request, kind, object_id) for kind, object_id in pages]
        context["signoff_submit"] = bool(pages) or (add and self.is_clinical())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _submit(self, request, obj):
        for kind, object_id in self.clinical_pages(obj):
            try:
                page = services.submit(kind, object_id, by=request.user, site_url=site_url(request))
            except services.SignoffError as error:
                messages.error(request, f"{kind.name} not submitted. {error}")
            else:
                messages.success(request, f'"{page.title}" is waiting for clinical sign-off; reviewers are told.')

    def response_change(self, request, obj):
        if SUBMIT in request.POST:
            self._submit(request, obj)
            return redirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if SUBMIT in request.POST:
            self._submit(request, obj)
            opts = obj._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def revert_disabled(self, request, obj=None):
        return bool(self.clinical_pages(obj)) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "POST" and self.clinical_pages(obj):
            messages.error(
                request,
                "Nothing was changed. To bring back an earlier version, restore the whole page from its approved "
                "versions (the page's sign-off record), so its benefits, risks and questions come back with it.",
            )
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id]))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        pages = [services.page_record(kind, oid) for kind, oid in self.clinical_pages(obj)]
        return super().history_view(request, object_id, {**(extra_context or {}), "signoff_records": pages})


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("request_changes", "Request changes")])
    digest = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to request changes: the editor sees it on the page. Optional with an approval.",
    )
    warnings_reason = forms.CharField(
        label="Why approve despite the claims checker's warnings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to approve a page the claims checker flags: kept with the approval.",
    )
    next_review_due = forms.DateField(
        label="Next review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A year from today unless you choose another date.",
    )


@admin.register(ClinicalPage)
class ClinicalPageAdmin(admin.ModelAdmin):
    """The sign-off record of each clinical page: where it stands, every approval, and what happened."""

    list_display = ["title", "where_it_stands", "published", "last_approved", "next_review_due", "submitted_at"]
    list_filter = [("submitted_at", admin.EmptyFieldListFilter), "published", "kind"]
    search_fields = ["title"]
    list_select_related = ["live", "live__clinician"]
    fields = ["title", "published", "submitted_at", "submitted_by", "changes_requested_comment"]
    readonly_fields = fields
    change_form_template = "admin/signoff/clinicalpage_change_form.html"

    @admin.display(description="where it stands")
    def where_it_stands(self, page):
        if page.submitted_at:
            return "Waiting for sign-off"
        if page.changes_requested_at:
            return "Changes requested"
        return "Approved" if page.live_id else "Never approved"

    @admin.display(description="last approved", ordering="live__approved_at")
    def last_approved(self, page):
        if page.live is None:
            return "-"
        return f"{timezone.localtime(page.live.approved_at):%d %b %Y}, {page.live.reviewer()[0]}"

    @admin.display(description="next review due", ordering="live__next_review_due")
    def next_review_due(self, page):
        return page.live.next_review_due if page.live else None

    def has_add_permission(self, request):
        return False  # a page's record is made when it is first submitted, approved or loaded

    def has_change_permission(self, request, obj=None):
        return False  # changed only by the workflow's actions, never edited by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the approvals are the record of what patients were shown

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:page_id>/review/", view(self.review_view), name="signoff_clinicalpage_review"),
            path("restore/<int:approval_id>/", view(self.restore_view), name="signoff_approval_restore"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        extra = {}
        if page is not None:
            extra = {
                "approvals": page.approvals.select_related("approved_by", "clinician", "restored_from"),
                "events": page.events.all()[:50],
                "can_restore": request.user.has_perm("signoff.change_clinicalpage"),
                "status": services.status(page),
                "preview_url": page.preview_url(),
            }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def review_view(self, request, page_id):
        """What would change for patients, and the reviewer's decision."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        page = get_object_or_404(ClinicalPage.objects.select_related("live", "submitted_by"), pk=page_id)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._decide(request, page, form)
            if done:
                return redirect(reverse("admin:signoff_clinicalpage_changelist") + "?submitted_at__isnull=False")
            page.refresh_from_db()
        return self._review_response(request, page, form)

    def _decide(self, request, page, form):
        data = form.cleaned_data
        try:
            if data["action"] == "approve":
                services.approve(
                    page,
                    by=request.user,
                    shown_digest=data["digest"],
                    comment=data["comment"],
                    next_review_due=data["next_review_due"],
                    site_url=site_url(request),
                    warnings_reason=data["warnings_reason"],
                )
                messages.success(request, f'"{page.title}" is approved: patients see it now.')
            else:
                services.request_changes(page, by=request.user, comment=data["comment"], site_url=site_url(request))
                messages.success(request, f'"{page.title}" was sent back to its editor with your comment.')
        except services.SignoffError as error:
            if data["action"] == "request_changes":
                form.add_error("comment", str(error))
            elif isinstance(error, services.WarningsNeedReason):
                form.add_error("warnings_reason", str(error))
            else:
                messages.error(request, str(error))
            return False
        return True

    def _review_response(self, request, page, form):
        kind = page_content.kind(page.kind)
        working = kind.collect(page.object_id)
        deleted = kind.root_model is not None and working.root is None
        rows = working.rows()
        initial_due = services.a_year_after(timezone.localdate())
        changed_by = services.editors_since_approval(page)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {page.title}",
            "opts": self.model._meta,
            "page": page,
            "changes": [] if deleted else diff.compare(kind, services.live_rows(page), rows),
            "deleted": deleted,
            "problems": [] if deleted else working.problems(),
            "warnings": [] if deleted else diff.claims_by_field(kind, working),
            # The reviewer decides on what this screen shows: a change after it makes the approval stale.
            "digest": services.digest(kind, rows),
            "form": form,
            "initial_due": initial_due,
            "min_due": timezone.localdate() + datetime.timedelta(days=1),
            "preview_url": page.preview_url(),
            "can_approve": request.user.has_perm(services.APPROVE_PERMISSION),
            "changed_it": request.user.pk in changed_by or page.submitted_by_id == request.user.pk,
            "self_approval_allowed": settings.CLINICAL_SIGNOFF_SELF_APPROVAL,
        }
        return TemplateResponse(request, "admin/signoff/review.html", context)

    def restore_view(self, request, approval_id):
        if request.method != "POST":
            return redirect(reverse("admin:signoff_clinicalpage_changelist"))
        if not request.user.has_perm("signoff.change_clinicalpage"):
            raise PermissionDenied
        approval = get_object_or_404(Approval.objects.select_related("page"), pk=approval_id)
        try:
            services.restore(approval, by=request.user)
        except services.SignoffError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The version approved on {timezone.localtime(approval.approved_at):%-d %B %Y} is the working copy "
                "again. Patients still see the live version: submit it for clinical review to publish it.",
            )
        return redirect(reverse("admin:signoff_clinicalpage_change", args=[approval.page_id]))
