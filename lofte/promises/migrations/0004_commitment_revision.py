from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0003_evaluation"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="revision",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
