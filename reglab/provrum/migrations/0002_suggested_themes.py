"""The appendix of the provrum format description lists example themes: offer them as suggestions."""

from django.db import migrations
from django.utils.text import slugify

SUGGESTED = [
    "AI och visualisering",
    "Lärdomar från kriser",
    "Drönare",
    "Krisberedskap",
    "Nordiska grannar",
    "Påverkansarbete",
    "Civilt försvar",
    "Genomförandet av RUS",
    "Systemanalys",
    "Projektportfölj",
    "Politiska vägval",
    "Grundläggande infrastruktur",
    "Cirkularitet i näringslivet",
    "Fullföljda studier",
    "Studieresa",
]


def add_suggestions(apps, schema_editor):
    Theme = apps.get_model("provrum", "Theme")
    for name in SUGGESTED:
        Theme.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "suggested": True}
        )


def remove_suggestions(apps, schema_editor):
    Theme = apps.get_model("provrum", "Theme")
    Theme.objects.filter(suggested=True, provrum__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("provrum", "0001_initial")]

    operations = [migrations.RunPython(add_suggestions, remove_suggestions)]
