from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staffuser_lookup_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffuser",
            name="language",
            field=models.CharField(blank=True, default="", max_length=8),
        ),
    ]
