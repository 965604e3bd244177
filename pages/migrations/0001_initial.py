"""ClinicDetails and PageText (and their histories) move here from treatments, data and all.

State only: the tables already exist as treatments_*. Migration 0002 renames them.
"""

import django.db.models.deletion
import markdownx.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("treatments", "0002_review_dates_and_benefit_references"),
    ]

    state_operations = [
        migrations.CreateModel(
            name='ClinicDetails',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120)),
                ('address', models.TextField(help_text='One line per address line.')),
                ('phone', models.CharField(max_length=40)),
                ('email', models.EmailField(max_length=254)),
                ('opening_hours', models.TextField(help_text='One line per day or range of days.')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'clinic details',
                'verbose_name_plural': 'clinic details',
                'db_table': 'treatments_clinicdetails',
            },
        ),
        migrations.CreateModel(
            name='HistoricalClinicDetails',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=120)),
                ('address', models.TextField(help_text='One line per address line.')),
                ('phone', models.CharField(max_length=40)),
                ('email', models.EmailField(max_length=254)),
                ('opening_hours', models.TextField(help_text='One line per day or range of days.')),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical clinic details',
                'verbose_name_plural': 'historical clinic details',
                'db_table': 'treatments_historicalclinicdetails',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPageText',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('page', models.CharField(choices=[('home', 'Home page'), ('treatments', 'Treatments list'), ('history', 'History'), ('safety', 'Safety'), ('privacy', 'Privacy notice'), ('enquire', 'Enquiry form'), ('thanks', 'Enquiry sent'), ('under18', 'Under-18 answer')], max_length=20)),
                ('key', models.SlugField(help_text='Where the page shows this block. Do not change it.', max_length=40)),
                ('title', models.CharField(blank=True, max_length=200)),
                ('body', markdownx.models.MarkdownxField(blank=True)),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('last_reviewed', models.DateField(blank=True, null=True)),
                ('reviewer_name', models.CharField(blank=True, max_length=120)),
                ('reviewer_role', models.CharField(blank=True, max_length=120)),
                ('next_review_due', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical page text',
                'verbose_name_plural': 'historical page texts',
                'db_table': 'treatments_historicalpagetext',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PageText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page', models.CharField(choices=[('home', 'Home page'), ('treatments', 'Treatments list'), ('history', 'History'), ('safety', 'Safety'), ('privacy', 'Privacy notice'), ('enquire', 'Enquiry form'), ('thanks', 'Enquiry sent'), ('under18', 'Under-18 answer')], max_length=20)),
                ('key', models.SlugField(help_text='Where the page shows this block. Do not change it.', max_length=40)),
                ('title', models.CharField(blank=True, max_length=200)),
                ('body', markdownx.models.MarkdownxField(blank=True)),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('last_reviewed', models.DateField(blank=True, null=True)),
                ('reviewer_name', models.CharField(blank=True, max_length=120)),
                ('reviewer_role', models.CharField(blank=True, max_length=120)),
                ('next_review_due', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'page text',
                'verbose_name_plural': 'page texts',
                'db_table': 'treatments_pagetext',
                'ordering': ['page', 'order', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('page', 'key'), name='unique_page_text_key')],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
