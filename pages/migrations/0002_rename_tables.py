"""The moved tables take this app's names, and their content types (with the permissions, group
memberships and admin log entries that point at them) follow them from treatments to pages."""

from django.db import migrations

MOVED = ("clinicdetails", "historicalclinicdetails", "historicalpagetext", "pagetext")


def move_content_types(from_app, to_app):
    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        # A content type made for the new label already (migrate run in two steps) would collide.
        content_type.objects.filter(app_label=to_app, model__in=MOVED).delete()
        content_type.objects.filter(app_label=from_app, model__in=MOVED).update(app_label=to_app)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0001_initial"),
        ("treatments", "0003_move_page_frame_to_pages"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=name, table=None) for name in MOVED],
        migrations.RunPython(move_content_types("treatments", "pages"), move_content_types("pages", "treatments")),
    ]
