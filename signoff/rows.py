"""Writing an approved version back as the working copy (a restore): the page's rows made exactly as frozen."""

from declarations import content as page_content


def write_rows(kind, object_id, rows, user):
    """Make the page's rows in the database exactly `rows`: update, recreate, and delete what is not in them.

    Shared rows (sources) other pages cite are brought back if deleted, never overwritten or deleted.
    """
    wanted = {part.name: {row["id"]: row for row in rows.get(part.name, [])} for part in kind.parts}
    # Children first, so that none is left pointing at a root that a restore recreates.
    for part in reversed(kind.parts):
        if part.shared:
            continue
        for obj in part.queryset(object_id).exclude(pk__in=list(wanted[part.name])):
            obj._history_user = user
            obj.delete()
    # Shared rows first, so that the relations written after them find them.
    for part in sorted(kind.parts, key=lambda part: not part.shared):
        existing = set(part.model._default_manager.filter(pk__in=list(wanted[part.name])).values_list("pk", flat=True))
        for values in wanted[part.name].values():
            if part.shared and values["id"] in existing:
                continue
            obj = page_content.instance_to_write(part.model, values, part.m2m)
            obj._history_user = user
            obj.save()
            for name, ids in obj.m2m_ids.items():
                getattr(obj, name).set(ids)
