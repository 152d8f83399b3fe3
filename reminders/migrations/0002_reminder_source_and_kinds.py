"""Any app creates reminders: a kind it registers (longer names), and the record behind one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("cases", "0002_program_and_reminder_move"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="source_id",
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="reminder",
            name="source_type",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="kind",
            field=models.CharField(max_length=40),
        ),
    ]
