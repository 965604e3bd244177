"""Two staff on one record: no lost updates, and who else is there.

- `versions.py`: a version token of the record as a page showed it (`Tracker.issue`), checked inside
  the write's transaction with the row locked (`Tracker.verify` / `Tracker.guard`); a stale write
  raises `StaleVersion`, whose `conflict` says what changed, from what to what, who changed it and
  when. A `Tracker` says what a record is made of (`Value`s and child `Rows`; health text `private`).
- `admin.py`: `CollisionGuardMixin`, one line for a ModelAdmin to opt in (its change form carries and
  checks the token, refuses a stale save keeping what was typed, and shows who else is there).
- `trackers.py`: `AdminTracker`, the default: the form's fields and its inlines' rows.
- `presence.py` + `views.py` + `static/js/collisions.js`: who has the record open and who is typing,
  in the shared cache, through `POST /admin/presence/`; `context.py` builds what the templates
  `collisions/_presence.html`, `_conflict.html` and `_version_input.html` need.

This app imports no feature app; feature apps build on it (enquiries/versions.py; every clinical
content admin through signoff.admin.ClinicalContentMixin).
"""
