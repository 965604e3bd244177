"""Writing what the files hold into the content models, never over an editor's change: each object
loaded is remembered with a fingerprint of what was loaded, so a later run can tell an editor's change
(kept, unless forced) from an unchanged object (updated when its file changed). Then each clinical page
is published as signed in its file (approving.py)."""

import hashlib
import json
from dataclasses import dataclass, field

from clinicians.models import Clinician
from pages.models import ClinicDetails, PageText
from sources.models import Source
from treatments.models import Benefit, Faq, LoadedContent, Milestone, Question, Risk, TreatmentArea

from .approving import approve_as_signed_in_file


def _changed_by_staff(obj, record):
    """Whether someone signed in changed `obj` since the loader last wrote it, by its history.

    A difference the loader did not make may also come from a migration or a new content format,
    which act as nobody: those changes are the loader's to update.
    """
    return obj.history.filter(history_date__gt=record.loaded_at, history_user__isnull=False).exists()


def _with_cites(values, cites):
    # Only what is cited counts: an object that cites nothing keeps the fingerprint it had before citations.
    cited = {name: sorted(keys) for name, keys in cites.items() if keys}
    return {**values, "cites": cited} if cited else values


def _fingerprint(values):
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
        wanted = _fingerprint(_with_cites(values, cites))
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            if record and not self.force:
                self.report.kept.append(f"{key} (deleted by staff)")
                return None
            obj = model(**(identity or lookup), **values)
            self._set_cites(obj, cites)
            self.report.created += 1
        else:
            current = _fingerprint(
                _with_cites({name: getattr(obj, name) for name in values}, self._cites_of(obj, cites))
            )
            edited_by_staff = record is None or (record.fingerprint != current and _changed_by_staff(obj, record))
            if current == wanted:
                self.report.unchanged += 1
            elif edited_by_staff and not self.force:
                self.report.kept.append(key)
                return obj
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
                self._set_cites(obj, cites)
                self.report.updated += 1
        LoadedContent.objects.update_or_create(key=key, defaults={"fingerprint": wanted})
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

    def _set_cites(self, obj, cites):
        """Save `obj` citing these sources: the figure source on the row, the rest many-to-many after it."""
        keys = {key for keys in cites.values() for key in keys}
        by_key = {source.key: source for source in Source.objects.filter(key__in=keys)}
        if "frequency_source" in cites:
            keys = cites["frequency_source"]
            obj.frequency_source = by_key[keys[0]] if keys else None
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
            if approve_as_signed_in_file(content, kind, object_id):
                self.report.approved += 1
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

    def _child(self, prefix, model, owner, natural_key, values, order):
        values = {**values, "order": values["order"] or order}
        name, cites = values.pop(natural_key), values.pop("cites", {})
        identity = {"area": owner.get("area"), natural_key: name}
        self.upsert(f"{prefix}:{name}", model, {**owner, natural_key: name}, values, identity, cites)
