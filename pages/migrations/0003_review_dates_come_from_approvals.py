"""Review dates and reviewers now come from clinical sign-off approvals (signoff 0002 carried them over)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_rename_tables'),
        # The typed reviews become approvals before their fields go.
        ('signoff', '0002_carry_over_typed_reviews'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalpagetext',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='historicalpagetext',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='historicalpagetext',
            name='reviewer_name',
        ),
        migrations.RemoveField(
            model_name='historicalpagetext',
            name='reviewer_role',
        ),
        migrations.RemoveField(
            model_name='pagetext',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='pagetext',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='pagetext',
            name='reviewer_name',
        ),
        migrations.RemoveField(
            model_name='pagetext',
            name='reviewer_role',
        ),
        migrations.AlterField(
            model_name='historicalpagetext',
            name='page',
            field=models.CharField(choices=[('home', 'Home page'), ('treatments', 'Treatments list'), ('history', 'History'), ('safety', 'Safety'), ('team', 'Our team'), ('privacy', 'Privacy notice'), ('enquire', 'Enquiry form'), ('thanks', 'Enquiry sent'), ('under18', 'Under-18 answer')], max_length=20),
        ),
        migrations.AlterField(
            model_name='pagetext',
            name='page',
            field=models.CharField(choices=[('home', 'Home page'), ('treatments', 'Treatments list'), ('history', 'History'), ('safety', 'Safety'), ('team', 'Our team'), ('privacy', 'Privacy notice'), ('enquire', 'Enquiry form'), ('thanks', 'Enquiry sent'), ('under18', 'Under-18 answer')], max_length=20),
        ),
    ]
