"""Writes on organisations."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from reglab.organisations.models import Membership, Organisation, OrganisationName

REFERENCE_DATA = Path(__file__).resolve().parent / "data" / "reglab_2018.json"


def reference_organisations() -> list[dict]:
    """Reglab's members and partners as listed in 2018, each with its membership."""
    data = json.loads(REFERENCE_DATA.read_text(encoding="utf-8"))
    rows = []
    for membership, key in ((Membership.MEMBER, "members"), (Membership.PARTNER, "partners")):
        for row in data[key]:
            rows.append({"membership": membership.value, **row})
    return rows


@transaction.atomic
def organisation_upsert(*, slug: str, **values) -> tuple[Organisation, bool]:
    """Create the organisation with ``slug`` or bring it up to date with ``values``.

    Saves only when something differs, so running it twice changes nothing
    (and writes no history row). Returns the organisation and whether it changed.
    """
    earlier_names = values.pop("earlier_names", [])
    values = {field: values.get(field, default) for field, default in _defaults().items()}
    organisation = Organisation.objects.filter(slug=slug).first()
    changed = False
    if organisation is None:
        organisation = Organisation(slug=slug, **values)
        organisation.full_clean()
        organisation.save()
        changed = True
    else:
        diff = {k: v for k, v in values.items() if getattr(organisation, k) != v}
        if diff:
            for key, value in diff.items():
                setattr(organisation, key, value)
            organisation.full_clean()
            organisation.save()
            changed = True
    for earlier in earlier_names:
        _, created = OrganisationName.objects.get_or_create(
            organisation=organisation,
            name=earlier["name"],
            defaults={"used_until": date.fromisoformat(earlier["used_until"])},
        )
        changed = changed or created
    search_text = organisation.compute_search_text()
    if search_text != organisation.search_text:
        Organisation.objects.filter(pk=organisation.pk).update(search_text=search_text)
        organisation.search_text = search_text
    return organisation, changed


def _defaults() -> dict:
    return {
        "name": "",
        "short_name": "",
        "kind": "other",
        "membership": Membership.NONE.value,
        "is_region": False,
        "county_code": "",
        "website": "",
    }


def organisation_load_reference_data() -> dict[str, int]:
    """Load or update all 2018 members and partners. Returns counts of rows seen and changed."""
    seen = changed = 0
    for row in reference_organisations():
        row = dict(row)
        slug = row.pop("slug")
        _, did_change = organisation_upsert(slug=slug, **row)
        seen += 1
        changed += did_change
    return {"seen": seen, "changed": changed}
