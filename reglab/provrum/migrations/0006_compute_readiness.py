"""Store readiness for the provrum that exist.

The must rules of ``rules.check_readiness`` restated on the historical models,
as a migration imports no app code: between the fewest and the most
organisations, at least the fewest regions, and a leader that takes part and is
a member. Only a provrum gathering interest can be ready. Afterwards
``manage.py provrum_readiness --check`` compares the result with the rules.
"""

from django.db import migrations

DEFAULTS = {"min_organisations": 2, "max_organisations": 6, "min_regions": 2}


def compute_readiness(apps, schema_editor):
    FormatRules = apps.get_model("provrum", "FormatRules")
    Interest = apps.get_model("provrum", "Interest")
    Provrum = apps.get_model("provrum", "Provrum")
    limits = dict(DEFAULTS)
    current = FormatRules.objects.filter(pk=1).values(*DEFAULTS).first()
    if current:
        limits.update(current)
    groups: dict[int, dict[int, tuple[bool, bool]]] = {}
    for row in Interest.objects.filter(provrum__state="interest").values(
        "provrum_id", "organisation_id", "organisation__membership", "organisation__is_region"
    ):
        groups.setdefault(row["provrum_id"], {})[row["organisation_id"]] = (
            row["organisation__membership"] == "member",
            row["organisation__is_region"],
        )
    ready = []
    for pk, leader_id in Provrum.objects.filter(state="interest").values_list("pk", "leader_id"):
        group = groups.get(pk, {})
        regions = sum(1 for _, is_region in group.values() if is_region)
        if (
            limits["min_organisations"] <= len(group) <= limits["max_organisations"]
            and regions >= limits["min_regions"]
            and leader_id in group
            and group[leader_id][0]
        ):
            ready.append(pk)
    Provrum.objects.filter(is_ready=True).update(is_ready=False)
    for start in range(0, len(ready), 1000):
        Provrum.objects.filter(pk__in=ready[start : start + 1000]).update(is_ready=True)


class Migration(migrations.Migration):
    dependencies = [("provrum", "0005_store_readiness")]

    operations = [migrations.RunPython(compute_readiness, migrations.RunPython.noop)]
