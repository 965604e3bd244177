"""Review dates and reviewers now come from clinical sign-off approvals (signoff 0002 carried them over)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0003_move_page_frame_to_pages'),
        # The typed reviews become approvals before their fields go.
        ('signoff', '0002_carry_over_typed_reviews'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicaltreatmentarea',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='historicaltreatmentarea',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='historicaltreatmentarea',
            name='reviewer_name',
        ),
        migrations.RemoveField(
            model_name='historicaltreatmentarea',
            name='reviewer_role',
        ),
        migrations.RemoveField(
            model_name='treatmentarea',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='treatmentarea',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='treatmentarea',
            name='reviewer_name',
        ),
        migrations.RemoveField(
            model_name='treatmentarea',
            name='reviewer_role',
        ),
        migrations.AlterField(
            model_name='historicaltreatmentarea',
            name='published',
            field=models.BooleanField(default=False, help_text='Untick to take the page off the site at once. Putting it on the site needs clinical approval.'),
        ),
        migrations.AlterField(
            model_name='treatmentarea',
            name='published',
            field=models.BooleanField(default=False, help_text='Untick to take the page off the site at once. Putting it on the site needs clinical approval.'),
        ),
    ]
