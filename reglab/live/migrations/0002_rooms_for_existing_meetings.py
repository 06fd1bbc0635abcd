import secrets

from django.db import migrations

# As reglab.live.rules (a migration imports no app code).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def add_rooms(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Room = apps.get_model("live", "Room")
    taken = set(Room.objects.values_list("code", flat=True))
    for meeting in Meeting.objects.filter(room__isnull=True).only("pk"):
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        taken.add(code)
        Room.objects.create(meeting=meeting, code=code, presenter_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_live_dialog"),
        ("meetings", "0002_registration_reminded_at"),
    ]

    operations = [migrations.RunPython(add_rooms, migrations.RunPython.noop)]
