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
from django.apps import apps

from clinicians.models import Clinician, Regulator
from editorial.markdown import render_markdown
from pages.models import ClinicDetails, PageText
from signoff.services import SignoffError, approve_as_signed
from sources.models import Source, link_url
from workinghours.schedule import hours_by_day

from .models import (
    FREQUENCY_FIGURES,
    FREQUENCY_WORDS,
    Benefit,
    Faq,
    LoadedContent,
    Milestone,
    Question,
    Risk,
    TreatmentArea,
    evidence_problem,
    frequency_problem,
)
from .page_kinds import AREA, KINDS


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


def _keys(value, where):
    """A list of source keys (sources.md) that an item cites."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(key, str) and key.strip() for key in value):
        raise ContentError(f"{where}: must be a list of source keys from sources.md, like [mammucari-2020]")
    return [key.strip() for key in value]


def _source(item, where):
    link = _text(item.get("link"), f"{where}.link", required=False, max_length=300)
    if link and link_url(link) is None:
        raise ContentError(f"{where}.link: must be a https:// address or a DOI like 10.1155/2020/3542848")
    year = item.get("year")
    if year not in (None, "") and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise ContentError(f"{where}.year: must be a year like 2020, not {year!r}")
    checked = _date(item.get("checked"), f"{where}.checked")
    if checked is None:
        raise ContentError(f"{where}.checked: is required: the date someone last checked the source")
    return {
        "key": _text(item.get("key"), f"{where}.key", max_length=60),
        "title": _text(item.get("title"), f"{where}.title", max_length=300),
        "authors": _text(item.get("authors"), f"{where}.authors (or the organisation)", max_length=300),
        "publisher": _text(item.get("publisher"), f"{where}.publisher", required=False, max_length=200),
        "year": year or None,
        "link": link,
        "kind": _choice(item.get("kind"), f"{where}.kind", Source.Kind.values, None)
        or _text(None, f"{where}.kind ({', '.join(Source.Kind.values)})"),
        "checked": checked,
    }


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


def _opening_hours(value, where):
    try:
        return hours_by_day(value)
    except ValueError as error:
        raise ContentError(f"{where}: {error}") from None


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
        "is_example": bool(item.get("example", False)),
        "active": bool(item.get("active", True)),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def _benefit(item, where):
    title = _text(item.get("title"), f"{where}.title", max_length=150)
    level = _choice(item.get("evidence_level"), f"{where}.evidence_level", Benefit.Evidence.values, "none")
    sources = _keys(item.get("sources"), f"{where}.sources")
    problem = evidence_problem(level, len(sources))
    if problem:
        raise ContentError(f"{where} ({title}).evidence_level: {problem}")
    return {
        "title": title,
        "body": _text(item.get("body"), f"{where}.body", markdown=True),
        "evidence_level": level,
        "order": _int(item.get("order"), f"{where}.order"),
        "cites": {"sources": sources},
    }


def _risk(item, where):
    title = _text(item.get("title"), f"{where}.title", max_length=150)
    choices = [value for value, _ in FREQUENCY_WORDS + FREQUENCY_FIGURES]
    frequency = _choice(item.get("frequency"), f"{where}.frequency", choices, "unknown")
    figure = [item["frequency_source"]] if item.get("frequency_source") else []
    figure_source = _keys(figure, f"{where}.frequency_source")
    problem = frequency_problem(frequency, figure_source)
    if problem:
        raise ContentError(f"{where} ({title}).frequency: {problem}")
    return {
        "title": title,
        "body": _text(item.get("body"), f"{where}.body", markdown=True),
        "frequency": frequency,
        "order": _int(item.get("order"), f"{where}.order"),
        "cites": {"sources": _keys(item.get("sources"), f"{where}.sources"), "frequency_source": figure_source},
    }


def _faq(item, where):
    return {
        "question": _text(item.get("question"), f"{where}.question", max_length=200),
        "answer": _text(item.get("answer"), f"{where}.answer", markdown=True),
        "order": _int(item.get("order"), f"{where}.order"),
        "cites": {"sources": _keys(item.get("sources"), f"{where}.sources")},
    }


def _milestone(item, where):
    year = item.get("year")
    if year == "today":
        year = None  # the present day: patients read "Today"
    elif isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2100:
        raise ContentError(f"{where}.year: must be a year like 1952, or today, not {year!r}")
    return {
        "year": year,
        "title": _text(item.get("title"), f"{where}.title", max_length=150),
        "body": _text(item.get("body"), f"{where}.body", required=False, markdown=True),
        "order": _int(item.get("order"), f"{where}.order"),
        "cites": {"sources": _keys(item.get("sources"), f"{where}.sources")},
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
    sources: list = field(default_factory=list)
    questions: dict = field(default_factory=dict)  # questions.md: {"common": [...], "areas": {slug: [...]}}
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
            "costs": _text(meta.get("costs"), f"{where}costs", required=False, markdown=True),
            "example_prices": bool(meta.get("example_prices", False)),
            "evidence_note": _text(meta.get("evidence_note"), f"{where}evidence_note", markdown=True),
            "image_alt": _text(meta.get("image_alt"), f"{where}image_alt", required=False, max_length=200),
            "order": _int(meta.get("order"), f"{where}order"),
            "published": bool(meta.get("published", False)),
            "cites": {"evidence_sources": _keys(meta.get("evidence_sources"), f"{where}evidence_sources")},
        }
        content.sign_off = _sign_off(meta, where)
    elif name == "sources.md":
        content.sources = _items(meta, "sources", where, _source)
        keys = [source["key"] for source in content.sources]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ContentError(f"{where}sources: each key once, but these come twice: {', '.join(twice)}")
    elif name == "team.md":
        content.clinicians = _items(meta, "clinicians", where, _clinician)
        if not content.clinicians:
            raise ContentError(f"{where}clinicians: list the clinic's clinicians")
        content.page = PageText.Page.TEAM
        content.blocks = _items(meta, "blocks", where, _block)
    elif name == "questions.md":
        from .questions_file import read  # it reads with this module's checks

        content.questions = read(meta, where)
    elif name == "clinic.md":
        content.clinic = {
            "name": _text(meta.get("name"), f"{where}name", max_length=120),
            "address": _text(meta.get("address"), f"{where}address"),
            "phone": _text(meta.get("phone"), f"{where}phone", max_length=40),
            "email": _text(meta.get("email"), f"{where}email", max_length=254),
            **_opening_hours(meta.get("opening_hours"), f"{where}opening_hours"),
            "is_example": bool(meta.get("example", False)),
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


def other_apps_files():
    """{file name: dotted path of its loader} for the files in content/ another app loads (its AppConfig's
    `content_files`): the loader is called with the file's path and `force`, raises ValueError for a file
    it cannot load, and returns a one-line summary."""
    return {
        name: loader
        for config in apps.get_app_configs()
        for name, loader in getattr(config, "content_files", {}).items()
    }


def read_content(root):
    """Every content file under root that this loader reads, checked. All errors are reported together."""
    root = Path(root)
    files, errors = [], []
    skipped = {"README.md", *other_apps_files()}
    for path in sorted(root.rglob("*.md")):
        if path.relative_to(root).as_posix() in skipped:
            continue
        try:
            files.append(read_file(path, root))
        except ContentError as error:
            errors.append(str(error))
    if not errors:
        from .questions_file import unknown_areas

        errors = _unknown_sources(files) + unknown_areas(files)
    if errors:
        raise ContentError("\n".join(errors))
    return files


def _unknown_sources(files):
    """Every citation names a source in sources.md: one error per file and item that does not."""
    known = {source["key"] for content in files for source in content.sources}
    errors = []
    for content in files:
        items = [("", content.area)] if content.area else []
        for name in ("benefits", "risks", "faqs", "milestones"):
            items += [(f"{name}[{i}]", item) for i, item in enumerate(getattr(content, name))]
        for label, item in items:
            cited = [key for keys in item.get("cites", {}).values() for key in keys]
            for key in cited:
                if key not in known:
                    title = item.get("title") or item.get("name") or item.get("question")
                    where = f"{content.path.name}: {label or 'the area'} ({title})"
                    errors.append(f"{where} cites {key!r}, which is not in sources.md")
    return errors


# --- Writing --------------------------------------------------------------------------


def _changed_by_staff(obj, record):
    """Whether someone signed in changed `obj` since the loader last wrote it, by its history.

    A difference the loader did not make may also come from a migration or a new content format,
    which act as nobody: those changes are the loader's to update.
    """
    return obj.history.filter(history_date__gt=record.loaded_at, history_user__isnull=False).exists()


def _with_cites(values, cites):
    # Only what is cited counts: an object that cites nothing keeps the digest it had before citations.
    cited = {name: sorted(keys) for name, keys in cites.items() if keys}
    return {**values, "cites": cited} if cited else values


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

    def upsert(self, key, model, lookup, values, identity=None, cites=None):
        """Create or update one object, unless staff changed it since it was last loaded.

        `lookup` finds the object; `identity` (default: `lookup`) is what a new one is created with.
        `cites` maps each of its source fields (many-to-many, or the risk's figure source) to the
        keys of the sources it cites, as the file says.
        """
        cites = cites or {}
        record = self.loaded.get(key)
        wanted = _digest(_with_cites(values, cites))
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            if record and not self.force:
                self.report.kept.append(f"{key} (deleted by staff)")
                return None
            obj = model(**(identity or lookup), **values)
            self._set_cites(obj, cites, save=True)
            self.report.created += 1
        else:
            current = _digest(_with_cites({name: getattr(obj, name) for name in values}, self._cites_of(obj, cites)))
            edited_by_staff = record is None or (record.digest != current and _changed_by_staff(obj, record))
            if current == wanted:
                self.report.unchanged += 1
            elif edited_by_staff and not self.force:
                self.report.kept.append(key)
                return obj
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
                self._set_cites(obj, cites, save=True)
                self.report.updated += 1
        LoadedContent.objects.update_or_create(key=key, defaults={"digest": wanted})
        return obj

    def _cites_of(self, obj, cites):
        """What `obj` cites now, as source keys, for the fields the file names."""
        current = {}
        for name in cites:
            if name == "frequency_source":
                current[name] = [obj.frequency_source.key] if obj.frequency_source_id else []
            else:
                current[name] = sorted(getattr(obj, name).values_list("key", flat=True))
        return {name: sorted(keys) for name, keys in current.items()}

    def _set_cites(self, obj, cites, save):
        keys = {key for keys in cites.values() for key in keys}
        by_key = {source.key: source for source in Source.objects.filter(key__in=keys)}
        if "frequency_source" in cites:
            keys = cites["frequency_source"]
            obj.frequency_source = by_key[keys[0]] if keys else None
        if save:
            obj.save()
        for name, keys in cites.items():
            if name != "frequency_source":
                getattr(obj, name).set([by_key[key] for key in keys])

    def load(self, files):
        """Write every file, then publish each clinical page as signed in its file.

        Sources and the team register first: clinical pages cite the one and are signed by the other.
        The questions to ask last: they join the area pages, which are approved once all is written.
        """
        pages = []
        areas = [content.area["slug"] for content in files if content.area]
        order = sorted(
            files, key=lambda content: (not content.sources, not content.clinicians, bool(content.questions))
        )
        for content in order:
            kept_before = len(self.report.kept)
            object_id = self._load_file(content)
            if content.questions:
                self._load_questions(content.questions, areas)
            kind = content.page_kind()
            if kind is not None and object_id is not False:
                pages.append((content, kind, object_id, len(self.report.kept) > kept_before))
        for content, kind, object_id, kept in pages:
            slug = content.area["slug"] if content.area else None
            if kept or (slug and any(key.startswith(f"area:{slug}:") for key in self.report.kept)):
                # Publishing now would publish an editor's unapproved change with the file's signature.
                self.report.not_approved.append(content.path.name)
                continue
            self._approve(content, kind, object_id)
        return self.report

    def _load_questions(self, questions, slugs):
        """The common questions, then each area's own, on each area page that has a file."""
        for area in TreatmentArea.objects.filter(slug__in=slugs):
            items = questions["common"] + questions["areas"].get(area.slug, [])
            for order, values in enumerate(items, start=1):
                self._child(f"area:{area.slug}:question", Question, {"area": area}, "question", values, order)

    def _load_file(self, content):
        """Write one file's objects; the id of the area it holds (None for other files, False if skipped)."""
        for values in content.sources:
            values = dict(values)
            source_key = values.pop("key")
            self.upsert(f"source:{source_key}", Source, {"key": source_key}, values)
        for order, values in enumerate(content.clinicians, start=1):
            values = {**values, "order": values["order"] or order}
            name = values.pop("name")
            self.upsert(f"clinician:{name}", Clinician, {"name": name}, values)
        area = None
        if content.area:
            values = dict(content.area)
            slug, cites = values.pop("slug"), values.pop("cites")
            area = self.upsert(f"area:{slug}", TreatmentArea, {"slug": slug}, values, cites=cites)
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
        name, cites = values.pop(natural_key), values.pop("cites", {})
        identity = {"area": owner.get("area"), natural_key: name}
        self.upsert(f"{prefix}:{name}", model, {**owner, natural_key: name}, values, identity, cites)
