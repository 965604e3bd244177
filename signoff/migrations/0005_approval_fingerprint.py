from django.db import migrations


class Migration(migrations.Migration):
    """An approval's `digest` is the fingerprint of what it froze: named so, as "digest" is also the
    handlers' summary email."""

    dependencies = [
        ("signoff", "0004_approval_warnings"),
    ]

    operations = [
        migrations.RenameField(model_name="approval", old_name="digest", new_name="fingerprint"),
    ]
