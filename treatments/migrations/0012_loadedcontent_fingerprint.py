from django.db import migrations


class Migration(migrations.Migration):
    """'digest' also names the handlers' summary email; what the loader keeps is a fingerprint."""

    dependencies = [("treatments", "0011_faqs_cite_sources")]

    operations = [
        migrations.RenameField(model_name="loadedcontent", old_name="digest", new_name="fingerprint"),
    ]
