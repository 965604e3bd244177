"""An enquiry's page in the admin: the conversation, the reply box, the phone answer, staff notes, the
mail about it, earlier enquiries from the same person, and the forms that write to it.

Every form on the page carries the version of the enquiry the page showed (`collision_version`,
collisions.versions); each write checks it inside its transaction (enquiries.services), so a page
opened before someone else's change cannot undo it. A refused write comes back with what changed,
who changed it and when, and everything the handler typed; a reply refused because another reply
was sent meanwhile shows that reply first and asks before sending a second.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from collisions.context import FIELD
from collisions.versions import StaleVersion
from outbox.models import OutgoingEmail
from outbox.services import mails_regarding
from pages.models import ClinicDetails

from .. import mails, services
from ..forms import NoteForm, PhoneAnswerForm, ReplyForm
from ..models import Enquiry, EnquiryAccess, ReplyTemplate

# How many earlier enquiries from the same person the page links to.
EARLIER_SHOWN = 10


class EnquiryPageMixin:
    """For EnquiryAdmin: the enquiry's page and the views its own forms post to."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reply/", view(self.reply_view), name="enquiries_enquiry_reply"),
            path("<int:pk>/phone/", view(self.phone_view), name="enquiries_enquiry_phone"),
            path("<int:pk>/note/", view(self.note_view), name="enquiries_enquiry_note"),
            path("<int:pk>/reopen/", view(self.reopen_view), name="enquiries_enquiry_reopen"),
            path(
                "<int:pk>/replies/<int:reply_pk>/send-again/",
                view(self.send_again_view),
                name="enquiries_enquiry_send_again",
            ),
            path("data-rights/", view(self.data_rights_view), name="enquiries_enquiry_data_rights"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        enquiry = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if enquiry is not None and self.has_view_permission(request, enquiry):
            extra_context.update(self.page_context(request, enquiry, extra_context))
        response = super().change_view(request, object_id, form_url, extra_context)
        # Recorded only when the page was shown: a 302 after saving or a 404 shows nothing.
        if request.method == "GET" and response.status_code == 200 and enquiry is not None:
            EnquiryAccess.record([enquiry], request.user)
        return response

    def page_context(self, request, enquiry, given):
        replies = list(enquiry.replies.prefetch_related("mails"))
        mails_about = list(mails_regarding(enquiry, *replies))
        for mail in mails_about:
            mail.what = services.MAIL_KINDS.get(mail.kind, mail.kind)
        can_change = self.has_change_permission(request, enquiry)
        return {
            "enquiry": enquiry,
            "replies": replies,
            "notes": list(enquiry.notes.all()),
            "mails": mails_about,
            "earlier": list(Enquiry.objects.from_same_person(enquiry).order_by("-received_at")[:EARLIER_SHOWN]),
            "can_answer": can_change and enquiry.can_be_answered(),
            "can_change": can_change,
            "reply_form": given.get("reply_form") or ReplyForm(fills=self.template_fills(request, enquiry)),
            "phone_form": given.get("phone_form") or PhoneAnswerForm(),
            "note_form": given.get("note_form") or NoteForm(),
            "failed_status": OutgoingEmail.Status.FAILED,
        }

    def template_fills(self, request, enquiry):
        """{template pk: its text filled in for this enquiry}: the page's script inserts one at the cursor."""
        clinic = ClinicDetails.load()
        return {
            template.pk: template.fill(enquiry=enquiry, handler=request.user, clinic=clinic)
            for template in ReplyTemplate.objects.all()
        }

    def _enquiry_for_change(self, request, pk):
        enquiry = get_object_or_404(Enquiry, pk=pk)
        if not self.has_change_permission(request, enquiry):
            raise PermissionDenied
        return enquiry

    def _page_again(self, request, enquiry, **context):
        """The enquiry's page with a form as typed (errors, preview, a refusal): nothing written is lost."""
        request.method = "GET"
        return self.change_view(request, str(enquiry.pk), extra_context=context)

    def _back(self, enquiry, anchor=""):
        return redirect(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]) + anchor)

    def reply_view(self, request, pk):
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry, "#reply")
        form = ReplyForm(request.POST, fills=self.template_fills(request, enquiry))
        form.is_valid()
        intent, seen = request.POST.get("intent", "send"), request.POST.get(FIELD, "")
        body = form.cleaned_data.get("body", "")
        kept = {"reply_form": form, "reply_token": seen}  # the version the draft was written against
        if intent == "template":
            return self._use_template(request, enquiry, form, body, seen)
        if intent == "preview":
            preview = mails.reply_message(enquiry, body.strip())
            findings = services.wording_to_check(body)
            return self._page_again(request, enquiry, reply_preview=preview, reply_findings=findings, **kept)
        try:
            services.reply_send(enquiry, body, by=request.user, seen=seen, wording_checked=intent == "send-checked")
        except StaleVersion as stale:
            others = list(enquiry.replies.filter(pk__in=stale.conflict.added_rows("replies")))
            return self._page_again(
                request, enquiry, reply_form=form, collision_conflict=stale.conflict, other_replies=others
            )
        except services.WordingToCheck as check:
            return self._page_again(request, enquiry, reply_findings=check.findings, **kept)
        except services.RefusedError as refusal:
            form.add_error("body", str(refusal))
            return self._page_again(request, enquiry, **kept)
        self.message_user(
            request, "Reply saved. It is being emailed to the patient; its state shows below.", messages.SUCCESS
        )
        return self._back(enquiry, "#thread")

    def _use_template(self, request, enquiry, form, body, seen):
        """Without the page's script: the chosen reply goes after what was typed, never in its place."""
        template = form.cleaned_data.get("template")
        if template is None:
            form.add_error("template", "Choose a saved reply first.")
            return self._page_again(request, enquiry, reply_form=form, reply_token=seen)
        filled = template.fill(enquiry=enquiry, handler=request.user, clinic=ClinicDetails.load())
        text = f"{body.rstrip()}\n\n{filled}" if body.strip() else filled
        fresh = ReplyForm(initial={"template": template, "body": text}, fills=form.fills)
        return self._page_again(request, enquiry, reply_form=fresh, reply_token=seen)

    def phone_view(self, request, pk):
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry)
        form = PhoneAnswerForm(request.POST)
        form.is_valid()
        try:
            services.answer_by_phone(
                enquiry, form.cleaned_data.get("note", ""), by=request.user, seen=request.POST.get(FIELD, "")
            )
        except StaleVersion as stale:
            return self._page_again(request, enquiry, phone_form=form, collision_conflict=stale.conflict)
        except services.RefusedError as refusal:
            form.add_error("note", str(refusal))
            return self._page_again(request, enquiry, phone_form=form)
        self.message_user(request, "Marked as answered by phone, with your note of the call.", messages.SUCCESS)
        return self._back(enquiry, "#thread")

    def note_view(self, request, pk):
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry)
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self._page_again(request, enquiry, note_form=form)
        try:
            services.note_add(enquiry, form.cleaned_data["text"], by=request.user, seen=request.POST.get(FIELD, ""))
        except StaleVersion as stale:
            return self._page_again(request, enquiry, note_form=form, collision_conflict=stale.conflict)
        self.message_user(request, "Note added.", messages.SUCCESS)
        return self._back(enquiry, "#notes")

    def reopen_view(self, request, pk):
        """A closed (or spam) enquiry back in progress, so that it can be answered."""
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry)
        try:
            services.enquiry_reopen(enquiry, by=request.user, seen=request.POST.get(FIELD, ""))
        except StaleVersion as stale:
            return self._page_again(request, enquiry, collision_conflict=stale.conflict)
        self.message_user(request, "Reopened: it is in progress again, and can be answered.", messages.SUCCESS)
        return self._back(enquiry, "#reply")

    def send_again_view(self, request, pk, reply_pk):
        enquiry = self._enquiry_for_change(request, pk)
        reply = get_object_or_404(enquiry.replies.prefetch_related("mails"), pk=reply_pk)
        if request.method == "POST":
            try:
                services.reply_send_again(reply, by=request.user)
            except services.RefusedError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, "The reply is being sent again.", messages.SUCCESS)
        return self._back(enquiry, f"#reply-{reply.pk}")
