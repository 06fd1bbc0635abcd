from django.db import migrations


def add_row(apps, schema_editor):
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version")]

    operations = [migrations.RunPython(add_row, migrations.RunPython.noop)]
