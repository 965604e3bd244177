"""The enquiry handlers' admin: the list to work through, an enquiry's page (the conversation, replies,
notes, its mail), the workflow actions, CSV export, reply templates, the access log, and the
data-rights page."""

import csv
import datetime
import logging
from itertools import islice

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from outbox.models import OutgoingEmail
from outbox.services import mails_regarding
from pages.models import ClinicDetails
from roles.admin import ReadOnlyRecordAdmin
from roles.definitions import HANDLERS

from . import services
from .forms import NoteForm, PhoneAnswerForm, ReplyForm, SubjectEraseForm, SubjectLookupForm
from .models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryReply, ErasureRecord, ReplyTemplate

logger = logging.getLogger(__name__)

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched, written and logged as exported at a time: memory stays flat however many there are.
EXPORT_BATCH = 1000
# "Due soon" in the response-time filter: open enquiries due within this many hours.
DUE_SOON_HOURS = 4
DATA_RIGHTS_PERMISSION = "enquiries.manage_subject_data"


def local_time(value, zone=None):
    if not value:
        return ""
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds")


def username(user):
    return user.get_username() if user else ""


def replies_text(enquiry):
    return "\n---\n".join(
        f"{local_time(at, enquiry.zone)} {by} ({state}): {body}" for at, by, state, body in enquiry.export_replies
    )


def notes_text(enquiry):
    return "\n---\n".join(f"{local_time(at, enquiry.zone)} {by}: {text}" for at, by, text in enquiry.export_notes)


def attach_replies_and_notes(batch):
    """Each enquiry's replies (with their email's state) and notes, in three queries for the whole batch.

    Plain rows, not model instances, and one query for the mail rather than a generic prefetch, which
    builds a queryset per reply: the export of a few years of enquiries stays within seconds.
    """
    zone = timezone.get_current_timezone()
    by_id = {enquiry.pk: enquiry for enquiry in batch}
    for enquiry in batch:
        enquiry.zone, enquiry.export_replies, enquiry.export_notes = zone, [], []
    replies = list(
        EnquiryReply.objects.filter(enquiry_id__in=by_id)
        .order_by("created_at", "pk")
        .values_list("pk", "enquiry_id", "created_at", "author_name", "channel", "body")
    )
    mail_states = dict(
        mails_for_replies([pk for pk, *_ in replies]).values_list("object_id", "status").order_by("created_at", "pk")
    )
    state_names = dict(OutgoingEmail.Status.choices)
    for pk, enquiry_id, at, by, _channel, body in replies:
        state = state_names[mail_states[pk]].lower() if pk in mail_states else "phone call"
        by_id[enquiry_id].export_replies.append((at, by, state, body))
    notes = (
        EnquiryNote.objects.filter(enquiry_id__in=by_id)
        .order_by("created_at", "pk")
        .values_list("enquiry_id", "created_at", "author_name", "text")
    )
    for enquiry_id, at, by, text in notes:
        by_id[enquiry_id].export_notes.append((at, by, text))


def mails_for_replies(reply_pks):
    return OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(EnquiryReply), object_id__in=reply_pks
    )


CSV_COLUMNS = [
    ("id", lambda e: e.pk),
    ("received_at", lambda e: local_time(e.received_at, e.zone)),
    ("status", lambda e: e.get_status_display()),
    ("name", lambda e: e.name),
    ("email", lambda e: e.email),
    ("phone", lambda e: e.phone),
    ("preferred_contact", lambda e: e.get_preferred_contact_display()),
    ("treatment", lambda e: e.area_name()),
    ("message", lambda e: e.message),
    ("assigned_to", lambda e: username(e.assigned_to)),
    ("answered_at", lambda e: local_time(e.answered_at, e.zone)),
    ("answered_by", lambda e: username(e.answered_by)),
    ("replies", replies_text),
    ("staff_notes", notes_text),
    ("consent_given_at", lambda e: local_time(e.consent_given_at, e.zone)),
    ("privacy_version", lambda e: e.privacy_version),
]


def csv_safe(value):
    """A cell a spreadsheet shows as text: a leading formula character gets a ' in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def batched(iterable, size):
    """itertools.batched, which Python 3.11 does not have yet."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class _Echo:
    """csv.writer writes each row here and gets the line back, to stream it."""

    def write(self, value):
        return value


def csv_lines(queryset, user):
    """The CSV, a batch of rows at a time; each batch is logged as exported just before it is sent."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([name for name, _ in CSV_COLUMNS])  # the BOM: Excel reads UTF-8
    enquiries = queryset.select_related("treatment", "assigned_to", "answered_by").order_by("received_at", "pk")
    for batch in batched(enquiries.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        attach_replies_and_notes(batch)
        EnquiryAccess.record(batch, user, EnquiryAccess.Action.EXPORTED)
        yield "".join(writer.writerow([csv_safe(value(enquiry)) for _, value in CSV_COLUMNS]) for enquiry in batch)


def enquiries_count(count):
    return f"{count} {'enquiry' if count == 1 else 'enquiries'}"


class ResponseTimeFilter(admin.SimpleListFilter):
    title = "response time"
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due_soon", f"Due within {DUE_SOON_HOURS} hours"),
            ("open", "All waiting for an answer"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "due_soon":
            return queryset.due_within(DUE_SOON_HOURS)
        if self.value() == "open":
            return queryset.open()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("mine", "Mine"), ("none", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "response", "message_start", "area", "received_at", "assigned_to"]
    list_filter = [
        ResponseTimeFilter,
        AssignedFilter,
        "status",
        ("treatment", admin.RelatedOnlyFieldListFilter),
        ("received_at", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "email"]
    list_select_related = ["treatment", "assigned_to"]
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = ["assign_to_me", "mark_in_progress", "mark_answered", "close", "mark_spam", "export_csv"]
    change_form_template = "enquiries/admin/change_form.html"
    # What the patient wrote, and what the workflow records, cannot be changed here.
    readonly_fields = [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "area_asked_about",
        "message",
        "received_at",
        "consent_given_at",
        "privacy_version",
        "answered_at",
        "answered_by",
        "status_changed_at",
        "closed_at",
    ]
    fieldsets = [
        (
            "From the patient",
            {"fields": ["name", "email", "phone", "preferred_contact", "area_asked_about", "message"]},
        ),
        ("Consent", {"fields": ["received_at", "consent_given_at", "privacy_version"]}),
        (
            "Handling",
            {
                "fields": ["status", "assigned_to", "answered_at", "answered_by", "status_changed_at"],
                "description": "Changing the status here records the same as the actions on the list.",
            },
        ),
    ]

    # --- The list -----------------------------------------------------------------------------

    @admin.display(description="area", ordering="treatment__name")
    def area(self, enquiry):
        return enquiry.area_name()

    @admin.display(description="response", ordering="received_at")
    def response(self, enquiry):
        label = enquiry.response_label()
        if not label:
            return "—"
        return format_html('<span class="{}">{}</span>', "overdue" if enquiry.is_overdue() else "due", label)

    @admin.display(description="message")
    def message_start(self, enquiry):
        return Truncator(" ".join(enquiry.message.split())).chars(50)

    @admin.display(description="treatment asked about")
    def area_asked_about(self, enquiry):
        # The public page: handlers may not open the area's admin page.
        if enquiry.treatment is None:
            return "Not sure (the patient did not choose an area)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            enquiry.treatment.get_absolute_url(),
            enquiry.treatment.name,
        )

    def has_add_permission(self, request):
        return False  # enquiries come from patients only

    def has_export_permission(self, request):
        return request.user.has_perm("enquiries.export_enquiry")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            # Only people who can work on enquiries can be given one.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(Q(is_superuser=True) | Q(groups__name=HANDLERS))
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- An enquiry's page --------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reply/", view(self.reply_view), name="enquiries_enquiry_reply"),
            path("<int:pk>/phone/", view(self.phone_view), name="enquiries_enquiry_phone"),
            path("<int:pk>/note/", view(self.note_view), name="enquiries_enquiry_note"),
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
        mails = list(mails_regarding(enquiry, *replies))
        for mail in mails:
            mail.what = services.MAIL_KINDS.get(mail.kind, mail.kind)
        can_change = self.has_change_permission(request, enquiry)
        return {
            "enquiry": enquiry,
            "replies": replies,
            "notes": list(enquiry.notes.all()),
            "mails": mails,
            "can_answer": can_change and enquiry.status != Enquiry.Status.SPAM,
            "can_change": can_change,
            "reply_form": given.get("reply_form") or ReplyForm(),
            "phone_form": given.get("phone_form") or PhoneAnswerForm(),
            "note_form": given.get("note_form") or NoteForm(),
            "failed_status": OutgoingEmail.Status.FAILED,
        }

    def _enquiry_for_change(self, request, pk):
        enquiry = get_object_or_404(Enquiry, pk=pk)
        if not self.has_change_permission(request, enquiry):
            raise PermissionDenied
        return enquiry

    def _page_again(self, request, enquiry, **context):
        """The enquiry's page with a form as typed (errors, preview): nothing the handler wrote is lost."""
        request.method = "GET"
        return self.change_view(request, str(enquiry.pk), extra_context=context)

    def _back(self, enquiry, anchor=""):
        return redirect(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]) + anchor)

    def reply_view(self, request, pk):
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry, "#reply")
        form = ReplyForm(request.POST)
        form.is_valid()
        intent = request.POST.get("intent", "send")
        body = form.cleaned_data.get("body", "")
        if intent == "template":
            template = form.cleaned_data.get("template")
            if template is None:
                form.add_error("template", "Choose a saved reply first.")
                return self._page_again(request, enquiry, reply_form=form)
            filled = template.fill(enquiry=enquiry, handler=request.user, clinic=ClinicDetails.load())
            return self._page_again(
                request, enquiry, reply_form=ReplyForm(initial={"template": template, "body": filled})
            )
        if intent == "preview":
            return self._page_again(
                request, enquiry, reply_form=form, reply_preview=services.reply_message(enquiry, body.strip())
            )
        try:
            services.reply_send(enquiry, body, by=request.user)
        except services.RefusedError as refusal:
            form.add_error("body", str(refusal))
            return self._page_again(request, enquiry, reply_form=form)
        self.message_user(
            request, "Reply saved. It is being emailed to the patient; its state shows below.", messages.SUCCESS
        )
        return self._back(enquiry, "#thread")

    def phone_view(self, request, pk):
        enquiry = self._enquiry_for_change(request, pk)
        if request.method != "POST":
            return self._back(enquiry)
        form = PhoneAnswerForm(request.POST)
        form.is_valid()
        try:
            services.answer_by_phone(enquiry, form.cleaned_data.get("note", ""), by=request.user)
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
        enquiry.add_note(form.cleaned_data["text"].strip(), by=request.user)
        self.message_user(request, "Note added.", messages.SUCCESS)
        return self._back(enquiry, "#notes")

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

    def save_model(self, request, obj, form, change):
        """A status or assignee chosen on the form goes through the model's methods, as the actions do."""
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if change and "assigned_to" in form.changed_data and obj.assigned_to is not None:
            EnquiryAccess.record([obj], request.user, EnquiryAccess.Action.ASSIGNED, f"to {obj.assigned_to}")
        if change and "status" in form.changed_data:
            obj.set_status(new_status, by=request.user)

    # --- Deleting: the enquiry's own records go with it -----------------------------------------

    OWN_RECORDS = {model._meta.verbose_name for model in (EnquiryAccess, EnquiryReply, EnquiryNote, OutgoingEmail)}

    def get_deleted_objects(self, objs, request):
        """The access log, replies, notes and mail of an enquiry are deleted with it; nobody deletes
        them on their own, so their own delete permission is not asked for."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, {name for name in perms_needed if name not in self.OWN_RECORDS}, protected

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        logger.info("event=enquiry_deleted enquiry_id=%s user_id=%s", pk, request.user.pk)

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for pk in pks:
            logger.info("event=enquiry_deleted enquiry_id=%s user_id=%s", pk, request.user.pk)

    # --- Actions on the list --------------------------------------------------------------------

    def _apply(self, request, queryset, change, done):
        """`change(enquiry)` on each selected enquiry, then one message saying how many."""
        enquiries = list(queryset)
        for enquiry in enquiries:
            change(enquiry)
        self.message_user(request, f"{enquiries_count(len(enquiries))} {done}.", messages.SUCCESS)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.assign_to(request.user), "assigned to you")

    @admin.action(description="Mark as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._apply(
            request, queryset, lambda enquiry: enquiry.mark_in_progress(by=request.user), "marked as in progress"
        )

    @admin.action(description="Mark as answered", permissions=["change"])
    def mark_answered(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.mark_answered(by=request.user), "marked as answered")

    @admin.action(description="Close", permissions=["change"])
    def close(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.close(by=request.user), "closed")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.mark_spam(by=request.user), "marked as spam")

    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        """Streamed: the first rows leave at once, and memory stays flat however many are selected."""
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(csv_lines(queryset, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        response["Cache-Control"] = "no-store, private"
        return response

    # --- Data rights: everything about one person ------------------------------------------------

    def data_rights_view(self, request):
        """Find, export (JSON) or erase all that is held about one email address (UK GDPR Art. 15, 17)."""
        if not request.user.has_perm(DATA_RIGHTS_PERMISSION):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "Data-rights requests", "opts": self.model._meta}
        step = request.POST.get("step") if request.method == "POST" else None
        if step in {"erase", "confirm-erase"}:
            form = SubjectEraseForm(request.POST)
            email = request.POST.get("email", "").strip()
            context.update(form=form, summary=services.subject_summary(email) if email else None, erasing=True)
            if step == "confirm-erase" and form.is_valid():
                try:
                    record = services.subject_erase(
                        form.cleaned_data["email"],
                        reason=form.cleaned_data["reason"],
                        by_name=request.user.get_username(),
                    )
                except services.RefusedError as refusal:
                    form.add_error("reason", str(refusal))
                else:
                    self.message_user(
                        request,
                        f"Erased {record.total()} records ({enquiries_count(record.enquiries)}). "
                        f"The erasure record {record.pk} keeps when, who, why and how many.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:enquiries_enquiry_data_rights")
            elif step == "erase":
                context["form"] = SubjectEraseForm(initial={"email": email})
            return TemplateResponse(request, "enquiries/admin/data_rights.html", context)
        form = SubjectLookupForm(request.POST if step == "export" else request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            email = form.cleaned_data["email"]
            if step == "export":
                data = services.subject_export(email, by=request.user)
                if data is None:
                    form.add_error("email", "Nothing is held for this address, so there is nothing to export.")
                else:
                    response = HttpResponse(services.subject_export_json(data), content_type="application/json")
                    stamp = datetime.date.today().isoformat()
                    response["Content-Disposition"] = f'attachment; filename="data-request-{stamp}.json"'
                    response["Cache-Control"] = "no-store, private"
                    return response
            context["summary"] = services.subject_summary(email)
        return TemplateResponse(request, "enquiries/admin/data_rights.html", context)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "updated_at"]
    search_fields = ["title", "body"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyRecordAdmin):
    """What erasures left behind: read-only, for superusers and the Data protection group."""

    reader_permission = DATA_RIGHTS_PERMISSION
    list_display = ["erased_at", "erased_by", "enquiries", "replies", "notes", "accesses", "emails"]
    readonly_fields = ["erased_at", "erased_by", "reason", "enquiries", "replies", "notes", "accesses", "emails"]


@admin.register(EnquiryAccess)
class EnquiryAccessAdmin(ReadOnlyRecordAdmin):
    """Read-only, for superusers: nobody can add, change or delete an entry, whatever their permissions."""

    list_display = ["accessed_at", "username", "action", "detail", "enquiry_id"]
    list_filter = ["action", ("accessed_at", admin.DateFieldListFilter)]
    search_fields = ["username"]
    date_hierarchy = "accessed_at"
    readonly_fields = ["enquiry", "user", "username", "action", "detail", "accessed_at"]
