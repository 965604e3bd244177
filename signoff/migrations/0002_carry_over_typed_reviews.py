"""Pages that patients could see before clinical sign-off stay on the site: each gets an approval
made of its content as it is now, with the reviewer's name and role that editors had typed.

Frozen here rather than imported, as a migration must be: a page's parts (treatments.page_kinds)
and the way content is stored (declarations.content.row, signoff.services.digest) as they were when
sign-off began.
"""

import datetime
import hashlib
import json

from django.db import migrations
from django.utils import timezone

# The typed review fields leave the content models in the next migrations: not content.
TYPED = {"last_reviewed", "reviewer_name", "reviewer_role", "next_review_due"}
AREA_PARTS = [
    ("area", "TreatmentArea", "id"),
    ("benefits", "Benefit", "area"),
    ("risks", "Risk", "area"),
    ("faqs", "Faq", "area"),
    ("milestones", "Milestone", "area"),
]
FIXED_PAGES = {
    "safety": ("Safety page", [("blocks", "pages", "PageText", {"page": "safety"}), ("risks", "treatments", "Risk", {"area__isnull": True})]),
    "history": ("History page", [("blocks", "pages", "PageText", {"page": "history"}), ("milestones", "treatments", "Milestone", {"area__isnull": True})]),
    "treatments": ("Treatments page", [("blocks", "pages", "PageText", {"page": "treatments"}), ("faqs", "treatments", "Faq", {"area__isnull": True})]),
}


def value(v):
    if hasattr(v, "name") and hasattr(v, "storage"):  # a file field's value
        return v.name or ""
    if isinstance(v, datetime.date | datetime.datetime):
        return v.isoformat()
    return v


def rows(queryset):
    fields = [
        f for f in queryset.model._meta.concrete_fields
        if f.attname not in TYPED and not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]
    return [{f.attname: value(f.value_from_object(obj)) for f in fields} for obj in queryset]


def digest(parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def approve(apps, key, kind, object_id, title, parts, typed, published, slug=""):
    page_model, approval_model = apps.get_model("signoff", "ClinicalPage"), apps.get_model("signoff", "Approval")
    page = page_model.objects.create(key=key, kind=kind, object_id=object_id, title=title, published=published, slug=slug)
    reviewed = getattr(typed, "last_reviewed", None)
    approved_at = timezone.make_aware(datetime.datetime.combine(reviewed, datetime.time(12))) if reviewed else timezone.now()
    approval = approval_model.objects.create(
        page=page,
        snapshot={"parts": parts},
        digest=digest(parts),
        approved_at=approved_at,
        approver_name=getattr(typed, "reviewer_name", "") or "",
        approver_profession=getattr(typed, "reviewer_role", "") or "",
        next_review_due=getattr(typed, "next_review_due", None) or a_year_after(timezone.localdate(approved_at)),
        comment="Carried over from the page's typed review fields when clinical sign-off began.",
        source="migrated",
    )
    page.live = approval
    page.save()


def carry_over(apps, schema_editor):
    for area in apps.get_model("treatments", "TreatmentArea").objects.all():
        parts = {}
        for name, model_name, owner in AREA_PARTS:
            model = apps.get_model("treatments", model_name)
            parts[name] = rows(model._default_manager.filter(**{owner: area.pk}))
        approve(apps, f"area:{area.pk}", "area", area.pk, area.name, parts, area, area.published, area.slug)
    page_text = apps.get_model("pages", "PageText")
    for kind, (title, part_list) in FIXED_PAGES.items():
        parts = {
            name: rows(apps.get_model(app, model_name)._default_manager.filter(**where))
            for name, app, model_name, where in part_list
        }
        if any(parts.values()):
            typed = page_text.objects.filter(page=kind, key="intro").first()
            approve(apps, kind, kind, None, title, parts, typed, True)


class Migration(migrations.Migration):

    dependencies = [
        ("signoff", "0001_initial"),
        ("treatments", "0003_move_page_frame_to_pages"),
        ("pages", "0002_rename_tables"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
