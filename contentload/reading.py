"""Reading content/*.md (YAML front matter + Markdown): every file parsed and checked before anything
is written, all errors reported together. What each file holds comes back as a ContentFile."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.apps import apps

from clinicians.models import Clinician, Regulator
from pages.models import ClinicDetails, PageText
from sources.models import Source, link_url
from treatments.models import (
    FREQUENCY_FIGURES,
    FREQUENCY_WORDS,
    Benefit,
    Faq,
    Milestone,
    Risk,
    TreatmentArea,
    evidence_problem,
    frequency_problem,
)
from treatments.page_kinds import AREA, KINDS
from workinghours.schedule import hours_by_day

from .checks import ContentError, choice, date, items, length, source_keys, text, whole_number


def _source(item, where):
    link = text(item.get("link"), f"{where}.link", required=False, max_length=length(Source, "link"))
    if link and link_url(link) is None:
        raise ContentError(f"{where}.link: must be a https:// address or a DOI like 10.1155/2020/3542848")
    year = item.get("year")
    if year not in (None, "") and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise ContentError(f"{where}.year: must be a year like 2020, not {year!r}")
    checked = date(item.get("checked"), f"{where}.checked")
    if checked is None:
        raise ContentError(f"{where}.checked: is required: the date someone last checked the source")
    return {
        "key": text(item.get("key"), f"{where}.key", max_length=length(Source, "key")),
        "title": text(item.get("title"), f"{where}.title", max_length=length(Source, "title")),
        "authors": text(
            item.get("authors"), f"{where}.authors (or the organisation)", max_length=length(Source, "authors")
        ),
        "publisher": text(
            item.get("publisher"), f"{where}.publisher", required=False, max_length=length(Source, "publisher")
        ),
        "year": year or None,
        "link": link,
        "kind": choice(item.get("kind"), f"{where}.kind", Source.Kind.values, None)
        or text(None, f"{where}.kind ({', '.join(Source.Kind.values)})"),
        "checked": checked,
    }


@dataclass(frozen=True)
class SignOff:
    """Who signed a clinical page's file off, as the file says: an approval made by the loader."""

    clinician: str
    approved: datetime.date | None
    next_review_due: datetime.date | None


def _sign_off(meta, where):
    approved = date(meta.get("approved"), f"{where}approved")
    due = date(meta.get("next_review_due"), f"{where}next_review_due")
    if approved and due and due <= approved:
        raise ContentError(f"{where}next_review_due: must come after the approved date")
    return SignOff(
        clinician=text(
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
    regulator = choice(item.get("regulator"), f"{where}.regulator", Regulator.values, None)
    if regulator is None:
        raise ContentError(f"{where}.regulator: is required ({', '.join(Regulator.values)})")
    return {
        "name": text(item.get("name"), f"{where}.name", max_length=length(Clinician, "name")),
        "role": text(item.get("role"), f"{where}.role", max_length=length(Clinician, "role")),
        "profession": text(item.get("profession"), f"{where}.profession", max_length=length(Clinician, "profession")),
        "regulator": regulator,
        "registration_number": text(
            item.get("registration_number"),
            f"{where}.registration_number",
            max_length=length(Clinician, "registration_number"),
        ),
        "bio": text(item.get("bio"), f"{where}.bio", required=False, markdown=True),
        "is_example": bool(item.get("example", False)),
        "active": bool(item.get("active", True)),
        "order": whole_number(item.get("order"), f"{where}.order"),
    }


def _benefit(item, where):
    title = text(item.get("title"), f"{where}.title", max_length=length(Benefit, "title"))
    level = choice(item.get("evidence_level"), f"{where}.evidence_level", Benefit.Evidence.values, "none")
    sources = source_keys(item.get("sources"), f"{where}.sources")
    problem = evidence_problem(level, len(sources))
    if problem:
        raise ContentError(f"{where} ({title}).evidence_level: {problem}")
    return {
        "title": title,
        "body": text(item.get("body"), f"{where}.body", markdown=True),
        "evidence_level": level,
        "order": whole_number(item.get("order"), f"{where}.order"),
        "cites": {"sources": sources},
    }


def _risk(item, where):
    title = text(item.get("title"), f"{where}.title", max_length=length(Risk, "title"))
    choices = [value for value, _ in FREQUENCY_WORDS + FREQUENCY_FIGURES]
    frequency = choice(item.get("frequency"), f"{where}.frequency", choices, "unknown")
    figure = [item["frequency_source"]] if item.get("frequency_source") else []
    figure_source = source_keys(figure, f"{where}.frequency_source")
    problem = frequency_problem(frequency, figure_source)
    if problem:
        raise ContentError(f"{where} ({title}).frequency: {problem}")
    return {
        "title": title,
        "body": text(item.get("body"), f"{where}.body", markdown=True),
        "frequency": frequency,
        "order": whole_number(item.get("order"), f"{where}.order"),
        "cites": {"sources": source_keys(item.get("sources"), f"{where}.sources"), "frequency_source": figure_source},
    }


def _faq(item, where):
    return {
        "question": text(item.get("question"), f"{where}.question", max_length=length(Faq, "question")),
        "answer": text(item.get("answer"), f"{where}.answer", markdown=True),
        "order": whole_number(item.get("order"), f"{where}.order"),
        "cites": {"sources": source_keys(item.get("sources"), f"{where}.sources")},
    }


def _milestone(item, where):
    year = item.get("year")
    if year == "today":
        year = None  # the present day: patients read "Today"
    elif isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2100:
        raise ContentError(f"{where}.year: must be a year like 1952, or today, not {year!r}")
    return {
        "year": year,
        "title": text(item.get("title"), f"{where}.title", max_length=length(Milestone, "title")),
        "body": text(item.get("body"), f"{where}.body", required=False, markdown=True),
        "order": whole_number(item.get("order"), f"{where}.order"),
        "cites": {"sources": source_keys(item.get("sources"), f"{where}.sources")},
    }


def _block(item, where):
    key = text(item.get("key"), f"{where}.key", max_length=length(PageText, "key"))
    return {
        "key": key,
        "title": text(item.get("title"), f"{where}.title", required=False, max_length=length(PageText, "title")),
        "body": text(item.get("body"), f"{where}.body", required=False, markdown=True),
    }


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


def _front_matter(path, name):
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise ContentError(f"{name}: front matter is not valid YAML ({error})") from None
    if not post.metadata:
        raise ContentError(f"{name}: has no front matter between --- lines")
    return post


def _read_area(content, post, where):
    meta, path = post.metadata, content.path
    slug = text(meta.get("slug"), f"{where}slug", max_length=length(TreatmentArea, "slug"))
    if slug != path.stem:
        raise ContentError(f"{where}slug: {slug!r} must match the file name {path.stem!r}")

    def field_text(name, **options):
        return text(meta.get(name), f"{where}{name}", **options)

    content.area = {
        "slug": slug,
        "name": field_text("name", max_length=length(TreatmentArea, "name")),
        "summary": field_text("summary", max_length=length(TreatmentArea, "summary")),
        "body": text(post.content, f"{where}body (the text after the front matter)", markdown=True),
        "procedure": field_text("procedure", markdown=True),
        "sessions_downtime": field_text("sessions_downtime", required=False, markdown=True),
        "aftercare": field_text("aftercare", markdown=True),
        "costs": field_text("costs", required=False, markdown=True),
        "example_prices": bool(meta.get("example_prices", False)),
        "evidence_note": field_text("evidence_note", markdown=True),
        "image_alt": field_text("image_alt", required=False, max_length=length(TreatmentArea, "image_alt")),
        "order": whole_number(meta.get("order"), f"{where}order"),
        "published": bool(meta.get("published", False)),
        "cites": {"evidence_sources": source_keys(meta.get("evidence_sources"), f"{where}evidence_sources")},
    }
    content.sign_off = _sign_off(meta, where)


def _read_sources(content, post, where):
    content.sources = items(post.metadata, "sources", where, _source)
    keys = [source["key"] for source in content.sources]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ContentError(f"{where}sources: each key once, but these come twice: {', '.join(twice)}")


def _read_team(content, post, where):
    content.clinicians = items(post.metadata, "clinicians", where, _clinician)
    if not content.clinicians:
        raise ContentError(f"{where}clinicians: list the clinic's clinicians")
    content.page = PageText.Page.TEAM
    content.blocks = items(post.metadata, "blocks", where, _block)


def _read_questions(content, post, where):
    from .questions import read

    content.questions = read(post.metadata, where)


def _read_clinic(content, post, where):
    meta = post.metadata
    content.clinic = {
        "name": text(meta.get("name"), f"{where}name", max_length=length(ClinicDetails, "name")),
        "address": text(meta.get("address"), f"{where}address"),
        "phone": text(meta.get("phone"), f"{where}phone", max_length=length(ClinicDetails, "phone")),
        "email": text(meta.get("email"), f"{where}email", max_length=length(ClinicDetails, "email")),
        **_opening_hours(meta.get("opening_hours"), f"{where}opening_hours"),
        "is_example": bool(meta.get("example", False)),
    }


def _read_page(content, post, where):
    meta, path, name = post.metadata, content.path, where.removesuffix(": ")
    page = path.stem if name.startswith("pages/") else path.stem if "/" not in name else None
    if page is not None and page not in PageText.Page.values:
        raise ContentError(f"{name}: is not a page the site has ({', '.join(PageText.Page.values)})")
    content.page = page
    content.blocks = items(meta, "blocks", where, _block)
    if content.page_kind() is not None:
        content.sign_off = _sign_off(meta, where)
    elif any(meta.get(name) for name in ("signed_off_by", "approved", "next_review_due")):
        clinical = "areas, safety, history, treatments"
        raise ContentError(f"{where}signed_off_by: only clinical pages ({clinical}) say who signed them off")
    if page is None and content.blocks:
        raise ContentError(f"{where}blocks: this file belongs to no page")


READERS = {
    "sources.md": _read_sources,
    "team.md": _read_team,
    "questions.md": _read_questions,
    "clinic.md": _read_clinic,
}


def read_file(path, root):
    """Parse and check one file; raise ContentError naming the file and field."""
    name = path.relative_to(root).as_posix()
    post = _front_matter(path, name)
    meta, where = post.metadata, f"{name}: "
    content = ContentFile(path=path)
    reader = _read_area if name.startswith("areas/") else READERS.get(name, _read_page)
    reader(content, post, where)
    content.benefits = items(meta, "benefits", where, _benefit)
    content.risks = items(meta, "risks", where, _risk)
    content.faqs = items(meta, "faqs", where, _faq)
    content.milestones = items(meta, "milestones", where, _milestone)
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
        from .questions import unknown_areas

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
