"""The data-rights page (UK GDPR Art. 15, 17): find, export (JSON) or erase all that is held about one
email address. For staff with the data-protection permission only."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .. import data_rights
from ..forms import SubjectEraseForm, SubjectLookupForm
from ..services import RefusedError

DATA_RIGHTS_PERMISSION = "enquiries.manage_subject_data"


def records_count(count):
    return f"{count} {'record' if count == 1 else 'records'}"


def enquiries_count(count):
    return f"{count} {'enquiry' if count == 1 else 'enquiries'}"


class DataRightsMixin:
    """For EnquiryAdmin: `data_rights_view`, at admin/enquiries/enquiry/data-rights/."""

    def data_rights_view(self, request):
        """Find, export (JSON) or erase all that is held about one email address (UK GDPR Art. 15, 17)."""
        if not request.user.has_perm(DATA_RIGHTS_PERMISSION):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "Data-rights requests", "opts": self.model._meta}
        step = request.POST.get("step") if request.method == "POST" else None
        if step in {"erase", "confirm-erase"}:
            form = SubjectEraseForm(request.POST)
            email = request.POST.get("email", "").strip()
            context.update(form=form, summary=data_rights.subject_summary(email) if email else None, erasing=True)
            if step == "confirm-erase" and form.is_valid():
                try:
                    record = data_rights.subject_erase(
                        form.cleaned_data["email"],
                        reason=form.cleaned_data["reason"],
                        by_name=request.user.get_username(),
                    )
                except RefusedError as refusal:
                    form.add_error("reason", str(refusal))
                else:
                    self.message_user(
                        request,
                        f"Erased {records_count(record.total())} ({enquiries_count(record.enquiries)}). "
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
                data = data_rights.subject_export(email, by=request.user)
                if data is None:
                    form.add_error("email", "Nothing is held for this address, so there is nothing to export.")
                else:
                    response = HttpResponse(data_rights.subject_export_json(data), content_type="application/json")
                    stamp = datetime.date.today().isoformat()
                    response["Content-Disposition"] = f'attachment; filename="data-request-{stamp}.json"'
                    response["Cache-Control"] = "no-store, private"
                    return response
            context["summary"] = data_rights.subject_summary(email)
        return TemplateResponse(request, "enquiries/admin/data_rights.html", context)
