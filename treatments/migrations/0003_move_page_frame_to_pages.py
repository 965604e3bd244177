"""ClinicDetails and PageText now belong to the pages app (pages 0001): state only, no table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0002_review_dates_and_benefit_references'),
        ('pages', '0001_initial'),
    ]

    state_operations = [
        migrations.DeleteModel(
            name='ClinicDetails',
        ),
        migrations.RemoveField(
            model_name='historicalclinicdetails',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalpagetext',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='PageText',
        ),
        migrations.DeleteModel(
            name='HistoricalClinicDetails',
        ),
        migrations.DeleteModel(
            name='HistoricalPageText',
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
