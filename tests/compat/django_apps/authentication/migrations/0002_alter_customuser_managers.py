from django.db import migrations


class Migration(migrations.Migration):
    """A managers-only change, as the reference's 0002: no SQL, only a migration record."""

    dependencies = [
        ("authentication", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelManagers(name="customuser", managers=[]),
    ]
