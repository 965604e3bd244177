"""Clinical sign-off in the admin: the status panel and submit button on every clinical change form,
the reviewers' queue and review screen, and each page's approvals with restore."""

import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from collisions.admin import CollisionGuardMixin
from declarations import content as page_content

from . import diff, selectors, services
from .models import Approval, ClinicalPage, PageEvent
from .status import after_approval_on_site, on_site, standing

SUBMIT = "_submit_for_review"


def site_url(request):
    return request.build_absolute_uri("/")


def page_panel(request, kind, object_id):
    """What the editor of one clinical page needs to know on any of its change forms."""
    page = selectors.find_page_record(kind, object_id)  # opening a form writes nothing
    working = kind.collect(object_id)
    return {
        "page": page,
        "standing": standing(page, working.rows()),
        "problems": working.problems(),
        "preview_url": page.preview_url(),
        "can_review": request.user.has_perm(services.APPROVE_PERMISSION),
    }


def approved_message(page):
    page.refresh_from_db()
    if page.scheduled_id:
        when = timezone.localtime(page.scheduled.go_live_at)
        return f'"{page.title}" is approved: it goes live on {when:%-d %B %Y at %H:%M}.'
    return f'"{page.title}" is approved: patients see it now.'


class ClinicalContentMixin(CollisionGuardMixin):
    """For the admin of any model that appears on a clinical page (an area, a benefit, the safety text...).

    Two editors on one form lose nothing: a save from a form opened before someone else's is
    refused, keeping what was typed (the `collisions` app, as on the front desk). An admin that
    overrides `get_fieldsets` calls super() so the form keeps its version token.
    Saving changes the working copy only. The change form says where the page stands, links
    its preview, and offers "Save and submit for clinical review". Reverting one object from
    History is off: it would bring back a benefit without its area; restore the whole page
    from its approved versions instead.
    """

    change_form_template = "admin/signoff/change_form.html"
    object_history_template = "admin/signoff/object_history.html"
    delete_confirmation_template = "admin/signoff/delete_confirmation.html"

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

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation in plain words: what goes with it (no "relationship objects"), and the page."""
        obj = self.get_object(request, object_id)
        extra = {}
        if obj is not None:
            _, counts, _, _ = self.get_deleted_objects([obj], request)
            links = {str(m._meta.verbose_name_plural) for m in apps.get_models(include_auto_created=True)
                     if m._meta.auto_created}  # fmt: skip
            own = str(self.model._meta.verbose_name_plural)
            extra = {
                "signoff_parts": [(name, n) for name, n in counts.items() if name not in links and name != own],
                "signoff_on_site": self.get_view_on_site_url(obj) is not None and bool(self.clinical_pages(obj)),
                "signoff_root": any(kind.root_model is self.model for kind, _ in self.clinical_pages(obj)),
            }
        return super().delete_view(request, object_id, {**(extra_context or {}), **extra})

    def get_view_on_site_url(self, obj=None):
        """ "View on site" only when patients can open the page: not for one taken down or never approved."""
        pages = self.clinical_pages(obj)
        if pages:
            keys = [kind.key(object_id) for kind, object_id in pages]
            if not any(on_site(page) for page in ClinicalPage.objects.filter(key__in=keys)):
                return None
        return super().get_view_on_site_url(obj)

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
        pages = [selectors.find_page_record(kind, oid) for kind, oid in self.clinical_pages(obj)]
        pages = [page for page in pages if page.pk]  # a page never submitted has no versions to restore
        return super().history_view(request, object_id, {**(extra_context or {}), "signoff_records": pages})


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("request_changes", "Request changes")])
    fingerprint = forms.CharField(widget=forms.HiddenInput)
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
    go_live_at = forms.DateTimeField(
        label="Goes live",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Now, unless you choose a later date and time: patients keep the current version until then.",
    )


@admin.register(ClinicalPage)
class ClinicalPageAdmin(admin.ModelAdmin):
    """The sign-off record of each clinical page: where it stands, every approval, and what happened."""

    list_display = ["title", "where_it_stands", "last_approved", "next_review_due", "submitted_at"]
    list_filter = [("submitted_at", admin.EmptyFieldListFilter), "published", "kind"]
    search_fields = ["title"]
    list_select_related = ["live", "live__clinician", "submitted_by", "scheduled"]
    fields = ["title", "published", "submitted_at", "submitted_by", "changes_requested_comment"]
    readonly_fields = fields
    change_form_template = "admin/signoff/clinicalpage_change_form.html"

    @admin.display(description="where it stands")
    def where_it_stands(self, page):
        now = standing(page)
        return f"{now.label}; {'on the site' if now.on_site else 'not on the site'}"

    @admin.display(description="last approved", ordering="live__approved_at")
    def last_approved(self, page):
        if page.live is None:
            return "-"
        return f"{timezone.localtime(page.live.approved_at):%d %b %Y}, {page.live.reviewer()[0]}"

    @admin.display(description="next review due", ordering="live__next_review_due")
    def next_review_due(self, page):
        return page.live.next_review_due if page.live else None

    def get_view_on_site_url(self, obj=None):
        # "View on site" only for a page patients can open: not one taken down or never approved.
        return super().get_view_on_site_url(obj) if obj is not None and on_site(obj) else None

    def has_add_permission(self, request):
        return False  # a page's record is made when it is first submitted or loaded (services.page_record)

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
                "standing": standing(page),
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
                    shown_fingerprint=data["fingerprint"],
                    comment=data["comment"],
                    next_review_due=data["next_review_due"],
                    site_url=site_url(request),
                    go_live_at=data["go_live_at"],
                    warnings_reason=data["warnings_reason"],
                )
                messages.success(request, approved_message(page))
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
        changed_by = selectors.editors_since_approval(page)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {page.title}",
            "opts": self.model._meta,
            "page": page,
            "standing": standing(page, rows),
            "after_on_site": after_approval_on_site(page, rows),
            "changes": [] if deleted else diff.compare(kind, selectors.live_rows(page), rows),
            "deleted": deleted,
            "problems": [] if deleted else working.problems(),
            "warnings": [] if deleted else diff.claims_by_field(kind, working),
            # The reviewer decides on what this screen shows: a change after it makes the approval stale.
            "fingerprint": selectors.fingerprint(kind, rows),
            "form": form,
            "initial_due": initial_due,
            "min_due": timezone.localdate() + datetime.timedelta(days=1),
            "now_local": timezone.localtime(),
            "preview_url": page.preview_url(),
            "can_approve": request.user.has_perm(services.APPROVE_PERMISSION),
            # The one self-approval rule decides the button; `changed_it` only chooses the words beside it.
            "changed_it": selectors.changed_it(request.user, page, changed_by),
            "self_approval_refused": selectors.self_approval_refused(request.user, page, changed_by),
        }
        context.update(self._since_approval(page))
        return TemplateResponse(request, "admin/signoff/review.html", context)

    def _since_approval(self, page):
        """What happened since patients' version was approved: earlier reviewers' comments, and whether
        this is a restore of an older version."""
        events = page.events.exclude(action=PageEvent.Action.APPROVED).order_by("at", "pk")
        if page.live is not None:
            events = events.filter(at__gt=page.live.approved_at)
        events = list(events)
        restores = [event for event in events if event.action == PageEvent.Action.RESTORED]
        return {"history": events, "restore_event": restores[-1] if restores else None}

    def restore_view(self, request, approval_id):
        """GET: what a restore does, and a button to confirm it; POST: the restore."""
        if not request.user.has_perm("signoff.change_clinicalpage"):
            raise PermissionDenied
        approval = get_object_or_404(Approval.objects.select_related("page", "clinician"), pk=approval_id)
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": f"Restore an earlier version of {approval.page.title}?",
                "opts": self.model._meta,
                "approval": approval,
                "page": approval.page,
            }
            return TemplateResponse(request, "admin/signoff/restore_confirm.html", context)
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
