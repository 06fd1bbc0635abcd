"""The authorization matrix's table: who gets what, per route, method and object state.

A row is ``route method kind[@state,state] outcomes [name=alias …]``:

* ``route``: a URL name (``provrum:plan``), a URL pattern for a route without a
  name, an API operation (``GET /api/v1/provrum/{provrum_id}/plan``) or a
  WebSocket (``WS /ws/…``) – never a Python module, so the table survives moves;
* ``kind``: the subject whose values fill the URL (tests/security/authz_subjects.py),
  in the listed states, or all of its states;
* ``outcomes``: one character per role, in the order of ``ROLES``
  (tests/security/authz_cells.py says what each character means);
* ``name=alias``: a URL value taken from another of the subject's values.

The rows themselves are in ``authz_rows_*.py``, one file per part of the platform.
"""

from dataclasses import dataclass, field

from tests.security import authz_rows_admin, authz_rows_api, authz_rows_pages
from tests.security.authz_world import ROLES


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    kind: str
    states: tuple[str, ...] | None
    outcomes: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)


def parse(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[1].startswith("/"):  # an API operation or a WebSocket: "METHOD /path"
            words[:2] = [" ".join(words[:2])]
        route, method, where, outcomes, *rest = words
        kind, _, states = where.partition("@")
        if len(outcomes) != len(ROLES):
            raise ValueError(f"{route} {method}: {len(outcomes)} outcomes for {len(ROLES)} roles")
        rows.append(
            Row(
                route=route,
                method=method,
                kind=kind,
                states=tuple(states.split(",")) if states else None,
                outcomes=dict(zip(ROLES, outcomes, strict=True)),
                aliases=dict(alias.split("=", 1) for alias in rest),
            )
        )
    return rows


TABLE = parse(authz_rows_pages.ROWS + authz_rows_api.ROWS + authz_rows_admin.ROWS)
