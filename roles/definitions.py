"""The staff roles (Django groups) and the permissions each one holds: the one place that says who may do what."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from simple_history.models import HistoricalChanges

EDITORS = "Content editors"
REVIEWERS = "Clinical reviewers"
HANDLERS = "Enquiry handlers"
DATA_PROTECTION = "Data protection"
# Finding, exporting and erasing everything held about one person: the Data protection group only.
SUBJECT_DATA_PERMISSION = "manage_subject_data"

# The apps whose models are content that editors write, but for treatments' LoadedContent (the
# loader's own record, in no admin), whose permissions editors get all the same.
CONTENT_APPS = ("treatments", "pages", "clinicians", "sources")


def editor_permissions():
    """Every permission on every model of the content apps, found in the app registry so that
    models added later are included; their edit histories are viewable, never editable."""
    content, history = [], []
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            (history if issubclass(model, HistoricalChanges) else content).append(content_type)
    return Permission.objects.filter(content_type__in=content) | Permission.objects.filter(
        content_type__in=history, codename__startswith="view_"
    )


def app_permissions(app_label, *codenames):
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def patient_voice_permissions():
    """What patients tell us, for the people who write and check the pages: the searches that found
    nothing (read, and delete once dealt with) and the feedback on each page (read only)."""
    return app_permissions("search", "view_missedsearch", "delete_missedsearch") | app_permissions(
        "feedback", "view_feedback"
    )


def search_words_permissions():
    """The synonyms and the answers for treatments we do not offer, which editors keep; their history too."""
    models = ("synonym", "notoffered")
    codenames = [f"{action}_{model}" for model in models for action in ("add", "change", "delete", "view")]
    return app_permissions("search", *codenames, *(f"view_historical{model}" for model in models))


def signoff_permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="signoff", codename__in=codenames)


def editor_all_permissions():
    """Content, plus seeing each clinical page's sign-off record and restoring an earlier version, the
    search's words, and what patients tell us. Never approving: that is a clinical reviewer's."""
    return (
        editor_permissions()
        | signoff_permissions("view_clinicalpage", "change_clinicalpage")
        | search_words_permissions()
        | patient_voice_permissions()
    )


def reviewer_permissions():
    """Approve or send back clinical content, and read (never change) the content it is made of."""
    viewing = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS, codename__startswith="view_")
    return viewing | signoff_permissions("view_clinicalpage", "approve_clinicalpage") | patient_voice_permissions()


def handler_permissions():
    """Everything on enquiries, and the reply templates, but not the data-rights tools. The access log
    is not in it: only superusers read it, nobody edits it."""
    enquiry, template = apps.get_model("enquiries", "Enquiry"), apps.get_model("enquiries", "ReplyTemplate")
    return Permission.objects.filter(
        content_type__in=[ContentType.objects.get_for_model(model) for model in (enquiry, template)]
    ).exclude(codename=SUBJECT_DATA_PERMISSION)


def data_protection_permissions():
    """Find, export and erase what is held about one person (which includes seeing the erasure records)."""
    enquiry = apps.get_model("enquiries", "Enquiry")
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(enquiry), codename=SUBJECT_DATA_PERMISSION
    )


ROLES = {
    EDITORS: editor_all_permissions,
    REVIEWERS: reviewer_permissions,
    HANDLERS: handler_permissions,
    DATA_PROTECTION: data_protection_permissions,
}


def setup_roles():
    """Create or update every group so it holds exactly its role's permissions.

    Returns {group name: (group, created)}.
    """
    result = {}
    for name, permissions in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions())
        result[name] = (group, created)
    return result
