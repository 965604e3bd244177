"""Reads content/*.md (YAML front matter + Markdown) into the content models.

Every file is checked before anything is written. Each object loaded is remembered with a
digest of what was loaded, so a later run can tell an editor's change (kept, unless
forced) from an unchanged object (updated when its file changed).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from clinicians.models import Clinician, Regulator
from editorial.markdown import render_markdown
from pages.models import ClinicDetails, PageText
from signoff.services import SignoffError, approve_as_signed

from .models import Benefit, Faq, LoadedContent, Milestone, Risk, TreatmentArea
from .page_kinds import AREA, KINDS
from .references import parse_references


class ContentError(Exception):
    """A content file that cannot be loaded; the message names the file and the field."""


# --- Checking -------------------------------------------------------------------------


def _text(value, where, *, required=True, markdown=False, max_length=None):
    if value is None or value == "":
        if required:
            raise ContentError(f"{where}: is required")
        return ""
    if isinstance(value, list) and not markdown:
        value = "\n".join(str(line) for line in value)
    if not isinstance(value, str | int | float):
        raise ContentError(f"{where}: must be text")
    value = str(value).strip()
    if max_length and len(value) > max_length:
        raise ContentError(f"{where}: is longer than {max_length} characters")
    if markdown:
        render_markdown(value)  # the one rendering path; raises on nothing but proves it renders
    return value


def _choice(value, where, choices, default):
    if value in (None, ""):
        return default
    if value not in choices:
        raise ContentError(f"{where}: must be one of {', '.join(choices)}, not {value!r}")
    return value


def _date(value, where):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"{where}: must be a date like 2026-11-01, not {value!r}") from None


def _int(value, where, default=0):
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContentError(f"{where}: must be a whole number, not {value!r}")
    return value


def _list(value, where):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ContentError(f"{where}: must be a list of items")
    return value


def _references(value, where):
    """A list of {title, url} as the model stores it: one "Title | link" line each."""
    lines = [
        f"{_text(ref.get('title'), f'{where}[{i}].title')} | {_text(ref.get('url'), f'{where}[{i}].url')}"
        for i, ref in enumerate(_list(value, where))
    ]
    errors = parse_references("\n".join(lines))[1]
    if errors:
        raise ContentError(f"{where}: each needs a title and an http(s) link or a DOI like 10.1234/abc")
    return "\n".join(lines)


@dataclass(frozen=True)
class SignOff:
    """Who signed a clinical page's file off, as the file says: an approval made by the loader."""

    clinician: str
    approved: datetime.date | None
    next_review_due: datetime.date | None


def _sign_off(meta, where):
    approved = _date(meta.get("approved"), f"{where}approved")
    due = _date(meta.get("next_review_due"), f"{where}next_review_due")
    if approved and due and due <= approved:
        raise ContentError(f"{where}next_review_due: must come after the approved date")
    return SignOff(
        clinician=_text(
            meta.get("signed_off_by"), f"{where}signed_off_by (the clinician, by name in team.md, who approved it)"
        ),
        approved=approved,
        next_review_due=due,
    )


def _clinician(item, where):
    regulator = _choice(item.get("regulator"), f"{where}.regulator", Regulator.values, None)
    if regulator is None:
        raise ContentError(f"{where}.regulator: is required ({', '.join(Regulator.values)})")
    return {
        "name": _text(item.get("name"), f"{where}.name", max_length=120),
        "role": _text(item.get("role"), f"{where}.role", max_length=120),
        "profession": _text(item.get("profession"), f"{where}.profession", max_length=80),
        "regulator": regulator,
        "registration_number": _text(item.get("registration_number"), f"{where}.registration_number", max_length=20),
        "bio": _text(item.get("bio"), f"{where}.bio", required=False, markdown=True),
        "active": bool(item.get("active", True)),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _benefit(item, where):
    return {
        "title": _text(item.get("title"), f"{where}.title", max_length=150),
        "body": _text(item.get("body"), f"{where}.body", markdown=True),
        "evidence_level": _choice(item.get("evidence_level"), f"{where}.evidence_level", Benefit.Evidence.values, ""),
        "references": _references(item.get("references"), f"{where}.references"),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _risk(item, where):
    return {
        "title": _text(item.get("title"), f"{where}.title", max_length=150),
        "body": _text(item.get("body"), f"{where}.body", markdown=True),
        "frequency": _choice(item.get("frequency"), f"{where}.frequency", Risk.Frequency.values, "unknown"),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _faq(item, where):
    return {
        "question": _text(item.get("question"), f"{where}.question", max_length=200),
        "answer": _text(item.get("answer"), f"{where}.answer", markdown=True),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _milestone(item, where):
    year = item.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2100:
        raise ContentError(f"{where}.year: must be a year like 1952, not {year!r}")
    return {
        "year": year,
        "title": _text(item.get("title"), f"{where}.title", max_length=150),
        "body": _text(item.get("body"), f"{where}.body", required=False, markdown=True),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _block(item, where):
    key = _text(item.get("key"), f"{where}.key", max_length=40)
    return {
        "key": key,
        "title": _text(item.get("title"), f"{where}.title", required=False, max_length=200),
        "body": _text(item.get("body"), f"{where}.body", required=False, markdown=True),
    }


def _items(meta, name, where, check):
    return [check(item, f"{where}{name}[{i}]") for i, item in enumerate(_list(meta.get(name), f"{where}{name}"))]


@dataclass
class ContentFile:
    """One file's content, checked and ready to write."""

    path: Path
    area: dict | None = None
    clinic: dict | None = None
    page: str | None = None
    blocks: list = field(default_factory=list)
    benefits: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    faqs: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    clinicians: list = field(default_factory=list)
    sign_off: SignOff | None = None  # clinical pages: approved as signed in the file

    def page_kind(self):
        """The clinical page kind this file holds (treatments.page_kinds), or None."""
        if self.area:
            return AREA
        return {kind.kind: kind for kind in KINDS}.get(self.page)


def read_file(path, root):
    """Parse and check one file; raise ContentError naming the file and field."""
    name = path.relative_to(root).as_posix()
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise ContentError(f"{name}: front matter is not valid YAML ({error})") from None
    meta = post.metadata
    if not meta:
        raise ContentError(f"{name}: has no front matter between --- lines")
    where = f"{name}: "
    content = ContentFile(path=path)
    if name.startswith("areas/"):
        slug = _text(meta.get("slug"), f"{where}slug", max_length=80)
        if slug != path.stem:
            raise ContentError(f"{where}slug: {slug!r} must match the file name {path.stem!r}")
        content.area = {
            "slug": slug,
            "name": _text(meta.get("name"), f"{where}name", max_length=80),
            "summary": _text(meta.get("summary"), f"{where}summary", max_length=300),
            "body": _text(post.content, f"{where}body (the text after the front matter)", markdown=True),
            "procedure": _text(meta.get("procedure"), f"{where}procedure", markdown=True),
            "sessions_downtime": _text(
                meta.get("sessions_downtime"), f"{where}sessions_downtime", required=False, markdown=True
            ),
            "aftercare": _text(meta.get("aftercare"), f"{where}aftercare", markdown=True),
            "evidence_note": _text(meta.get("evidence_note"), f"{where}evidence_note", markdown=True),
            "image_alt": _text(meta.get("image_alt"), f"{where}image_alt", required=False, max_length=200),
            "order": _int(meta.get("order"), f"{where}order"),
            "published": bool(meta.get("published", False)),
        }
        content.sign_off = _sign_off(meta, where)
    elif name == "team.md":
        content.clinicians = _items(meta, "clinicians", where, _clinician)
        if not content.clinicians:
            raise ContentError(f"{where}clinicians: list the clinic's clinicians")
        content.page = PageText.Page.TEAM
        content.blocks = _items(meta, "blocks", where, _block)
    elif name == "clinic.md":
        content.clinic = {
            "name": _text(meta.get("name"), f"{where}name", max_length=120),
            "address": _text(meta.get("address"), f"{where}address"),
            "phone": _text(meta.get("phone"), f"{where}phone", max_length=40),
            "email": _text(meta.get("email"), f"{where}email", max_length=254),
            "opening_hours": _text(meta.get("opening_hours"), f"{where}opening_hours"),
        }
    else:
        page = path.stem if name.startswith("pages/") else path.stem if "/" not in name else None
        if page is not None and page not in PageText.Page.values:
            raise ContentError(f"{name}: is not a page the site has ({', '.join(PageText.Page.values)})")
        content.page = page
        content.blocks = _items(meta, "blocks", where, _block)
        if content.page_kind() is not None:
            content.sign_off = _sign_off(meta, where)
        elif any(meta.get(name) for name in ("signed_off_by", "approved", "next_review_due")):
            clinical = "areas, safety, history, treatments"
            raise ContentError(f"{where}signed_off_by: only clinical pages ({clinical}) say who signed them off")
        if page is None and content.blocks:
            raise ContentError(f"{where}blocks: this file belongs to no page")
    content.benefits = _items(meta, "benefits", where, _benefit)
    content.risks = _items(meta, "risks", where, _risk)
    content.faqs = _items(meta, "faqs", where, _faq)
    content.milestones = _items(meta, "milestones", where, _milestone)
    if content.benefits and not content.area:
        raise ContentError(f"{where}benefits: only an area file can have benefits")
    return content


def read_content(root):
    """Every content file under root, checked. All errors are reported together."""
    root = Path(root)
    files, errors = [], []
    for path in sorted(root.rglob("*.md")):
        if path.name == "README.md":
            continue
        try:
            files.append(read_file(path, root))
        except ContentError as error:
            errors.append(str(error))
    if errors:
        raise ContentError("\n".join(errors))
    return files


# --- Writing --------------------------------------------------------------------------


def _digest(values):
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list = field(default_factory=list)  # edited by staff since loaded: left alone
    approved: int = 0  # clinical pages published as signed in their files
    not_approved: list = field(default_factory=list)  # files whose page keeps an editor's change

    def summary(self):
        line = f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"
        line += f", kept {len(self.kept)} edited by staff"
        line += " (use --force to overwrite them)" if self.kept else ""
        return line + f", {self.approved} pages approved as signed"


class Loader:
    def __init__(self, force=False):
        self.force = force
        self.report = LoadReport()
        self.loaded = {record.key: record for record in LoadedContent.objects.all()}

    def upsert(self, key, model, lookup, values, identity=None):
        """Create or update one object, unless staff changed it since it was last loaded.

        `lookup` finds the object; `identity` (default: `lookup`) is what a new one is created with.
        """
        record = self.loaded.get(key)
        wanted = _digest(values)
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            if record and not self.force:
                self.report.kept.append(f"{key} (deleted by staff)")
                return None
            obj = model(**(identity or lookup), **values)
            obj.save()
            self.report.created += 1
        else:
            current = _digest({name: getattr(obj, name) for name in values})
            edited_by_staff = record is None or record.digest != current
            if current == wanted:
                self.report.unchanged += 1
            elif edited_by_staff and not self.force:
                self.report.kept.append(key)
                return obj
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.save()
                self.report.updated += 1
        LoadedContent.objects.update_or_create(key=key, defaults={"digest": wanted})
        return obj

    def load(self, files):
        # The team register first: clinical pages name the clinician who signed them off.
        for content in sorted(files, key=lambda content: not content.clinicians):
            kept_before = len(self.report.kept)
            object_id = self._load_file(content)
            kind = content.page_kind()
            if kind is None or object_id is False:
                continue
            if len(self.report.kept) > kept_before:
                # Publishing now would publish an editor's unapproved change with the file's signature.
                self.report.not_approved.append(content.path.name)
                continue
            self._approve(content, kind, object_id)
        return self.report

    def _load_file(self, content):
        """Write one file's objects; the id of the area it holds (None for other files, False if skipped)."""
        for order, values in enumerate(content.clinicians, start=1):
            values = {**values, "order": values["order"] or order}
            name = values.pop("name")
            self.upsert(f"clinician:{name}", Clinician, {"name": name}, values)
        area = None
        if content.area:
            values = dict(content.area)
            slug = values.pop("slug")
            area = self.upsert(f"area:{slug}", TreatmentArea, {"slug": slug}, values)
            if area is None:
                return False
        if content.clinic:
            self.upsert("clinic", ClinicDetails, {"pk": 1}, content.clinic)
        owner = {"area": area} if area else {"area__isnull": True}
        prefix = f"area:{area.slug}" if area else "general"
        for order, values in enumerate(content.benefits, start=1):
            self._child(f"{prefix}:benefit", Benefit, owner, "title", values, order)
        for order, values in enumerate(content.risks, start=1):
            self._child(f"{prefix}:risk", Risk, owner, "title", values, order)
        for order, values in enumerate(content.faqs, start=1):
            self._child(f"{prefix}:faq", Faq, owner, "question", values, order)
        for order, values in enumerate(content.milestones, start=1):
            self._child(f"{prefix}:milestone", Milestone, owner, "title", values, order)
        for order, values in enumerate(content.blocks, start=1):
            values = {**values, "order": values.get("order") or order}
            key = values.pop("key")
            self.upsert(f"page:{content.page}:{key}", PageText, {"page": content.page, "key": key}, values)
        return area.pk if area else None

    def _approve(self, content, kind, object_id):
        """Publish the page as signed in its file, unless patients already see exactly this version."""
        name = content.path.name
        signer = content.sign_off
        clinician = Clinician.objects.active().filter(name=signer.clinician).first()
        if clinician is None:
            raise ContentError(
                f"{name}: signed_off_by: {signer.clinician!r} is not an active clinician in the team register "
                "(team.md)"
            )
        try:
            approval = approve_as_signed(
                kind, object_id, clinician, approved_on=signer.approved, next_review_due=signer.next_review_due
            )
        except SignoffError as error:
            raise ContentError(f"{name}: cannot be published: {error}") from None
        if approval is not None:
            self.report.approved += 1

    def _child(self, prefix, model, owner, natural_key, values, order):
        values = {**values, "order": values["order"] or order}
        name = values.pop(natural_key)
        identity = {"area": owner.get("area"), natural_key: name}
        self.upsert(f"{prefix}:{name}", model, {**owner, natural_key: name}, values, identity)
