import secrets

from django.db import migrations


def give_everyone_an_own_secret(apps, schema_editor):
    """Adding the column gave every existing person the same secret: draw one each."""
    User = apps.get_model("accounts", "User")
    for pk in User.objects.values_list("pk", flat=True).iterator():
        User.objects.filter(pk=pk).update(calendar_feed_secret=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_calendar_feed_secret"),
    ]

    operations = [
        migrations.RunPython(give_everyone_an_own_secret, migrations.RunPython.noop),
    ]
