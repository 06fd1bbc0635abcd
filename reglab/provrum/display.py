"""How provrum are shown on the pages: state labels, the step indicator, the
board's groups and the readiness checklist.

Presentation only: nothing here writes, and every rule is still decided by
``rules.py`` through the selectors. Views and templates read these values.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reglab.organisations.models import Membership
from reglab.provrum import rules
from reglab.provrum.facts import go_aheads_in_year, provrum_facts
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import State
from reglab.provrum.selectors import (
    provrum_display_state,
    provrum_readiness,
    provrum_readiness_payload,
)

READY = "ready"

# The main path, in the order the board shows its columns and the step indicator its steps.
STEPS = [
    State.PROPOSED,
    State.INTEREST,
    READY,
    State.GO_AHEAD,
    State.RUNNING,
    State.REPORTED,
    State.CLOSED,
]
# Drafts come first on the board: only the proposing side sees them.
BOARD_ORDER = [State.DRAFT, *STEPS]
# Side exits, shown folded away below the board.
SIDE_EXITS = [State.WITHDRAWN, State.DECLINED, State.LAPSED]
DISPLAY_STATES = [*BOARD_ORDER, *SIDE_EXITS]


def state_label(code: str) -> str:
    """The label of a displayed state: the model's labels plus the computed "ready"."""
    if code == READY:
        return str(pgettext_lazy("provrum state", "Ready"))
    return str(State(code).label)


def display_state_choices() -> list[tuple[str, str]]:
    return [(code, state_label(code)) for code in DISPLAY_STATES]


def annotate_display_states(provrum_list, limits: rules.FormatLimits):
    """Set ``display_state`` and ``display_label`` on each provrum (no queries
    when interests and leader are prefetched, as the selectors do)."""
    for provrum in provrum_list:
        provrum.display_state = provrum_display_state(provrum, limits)
        provrum.display_label = state_label(provrum.display_state)
    return provrum_list


@dataclass
class BoardGroup:
    code: str
    label: str
    items: list = field(default_factory=list)


def board_groups(provrum_list) -> tuple[list[BoardGroup], list[BoardGroup]]:
    """The page's provrum grouped by displayed state: (main path, side exits),
    each group in board order and without empty groups."""
    groups = {code: BoardGroup(code, state_label(code)) for code in DISPLAY_STATES}
    for provrum in provrum_list:
        groups[provrum.display_state].items.append(provrum)
    main = [groups[code] for code in BOARD_ORDER if groups[code].items]
    side = [groups[code] for code in SIDE_EXITS if groups[code].items]
    return main, side


@dataclass
class Step:
    code: str
    label: str
    status: str  # "done", "current" or "upcoming"


def state_steps(display_state: str) -> list[Step]:
    """The step indicator: the steps before the current one are done.

    A draft has no current step yet; side exits are shown as a notice instead.
    """
    current = STEPS.index(display_state) if display_state in STEPS else -1
    steps = []
    for index, code in enumerate(STEPS):
        if current < 0 or index > current:
            status = "upcoming"
        elif index == current:
            status = "current"
        else:
            status = "done"
        steps.append(Step(code, state_label(code), status))
    return steps


@dataclass
class ChecklistItem:
    key: str
    label: str
    now: str
    should: bool
    reasons: list
    met: bool = True


# Which reason codes belong to which line of the checklist.
CHECKLIST_CODES = {
    "organisations": ("too_few_organisations", "too_many_organisations"),
    "regions": ("too_few_regions",),
    "region_share": ("region_share_below_half",),
    "leader": ("no_leader", "leader_not_participant", "leader_not_member"),
}


def readiness_checklist(provrum, limits: rules.FormatLimits) -> dict:
    """Every readiness rule as met or not met, each with its reasons' messages.

    Built on ``selectors.provrum_readiness_payload``, so the page shows exactly
    the reasons the API returns.
    """
    payload = provrum_readiness_payload(provrum, limits)
    by_code: dict[str, list] = {}
    for reason in payload["reasons"]:
        by_code.setdefault(reason["code"], []).append(reason)
    interests = list(provrum.interests.all())
    total = len(interests)
    regions = sum(1 for interest in interests if interest.organisation.is_region)
    leader = provrum.leader.name if provrum.leader else _("none chosen")
    items = [
        ChecklistItem(
            "organisations",
            _("%(minimum)s to %(maximum)s participating organisations, the leader included")
            % {"minimum": limits.min_organisations, "maximum": limits.max_organisations},
            _("now %(count)s") % {"count": total},
            False,
            [],
        ),
        ChecklistItem(
            "regions",
            _("At least %(minimum)s regions take part") % {"minimum": limits.min_regions},
            _("now %(count)s") % {"count": regions},
            False,
            [],
        ),
        ChecklistItem(
            "region_share",
            _("At least %(percent)s percent of the organisations are regions")
            % {"percent": limits.min_region_share_percent},
            _("now %(regions)s of %(total)s") % {"regions": regions, "total": total},
            True,
            [],
        ),
        ChecklistItem(
            "leader",
            _("One leader: a participating member organisation that offered to lead"),
            _("now: %(leader)s") % {"leader": leader},
            False,
            [],
        ),
    ]
    known = set()
    for item in items:
        codes = CHECKLIST_CODES[item.key]
        known.update(codes)
        item.reasons = [reason for code in codes for reason in by_code.get(code, [])]
        item.met = not item.reasons
    # A rule added to the engine later still shows, even before it has its own line.
    for code, reasons in by_code.items():
        if code not in known:
            items.append(
                ChecklistItem(
                    code,
                    reasons[0]["message"],
                    "",
                    reasons[0]["severity"] != "error",
                    reasons,
                    met=False,
                )
            )
    return {
        "ready": payload["ready"],
        "items": items,
        "reasons": payload["reasons"],
        "by_key": {item.key: item for item in items},
    }


def go_ahead_reasons(provrum, limits: rules.FormatLimits) -> dict:
    """What stands before the office's go-ahead: errors (block) and warnings
    (need an acknowledgement), readiness and the year's capacity together."""
    used = go_aheads_in_year()
    reasons = [
        *provrum_readiness(provrum, limits),
        *rules.check_capacity(go_aheads_this_year=used, limits=limits),
    ]
    return {
        "errors": [reason_dict(reason) for reason in reasons if reason.is_error],
        "warnings": [reason_dict(reason) for reason in reasons if not reason.is_error],
        "used": used,
        "maximum": limits.max_go_aheads_per_year,
        # The year's places are used: the go-ahead is not offered at all.
        "full": any(reason.code == "capacity_reached" for reason in reasons),
    }


def interest_reasons(provrum, organisations, limits: rules.FormatLimits) -> list[dict]:
    """Why an organisation of the person's cannot join, when none of them can."""
    facts = provrum_facts(provrum)
    joined = {participant.slug for participant in facts.participants}
    reasons = []
    for organisation in organisations:
        if organisation.slug in joined:
            return []
        candidate = rules.Participant(
            slug=organisation.slug,
            is_member=organisation.membership == Membership.MEMBER,
            is_region=organisation.is_region,
        )
        found = rules.check_interest(facts=facts, candidate=candidate, limits=limits)
        if not found:
            return []
        reasons = found
    return [reason_dict(reason) for reason in reasons]


def export_links(provrum) -> list[dict]:
    """The plan's downloads, those the exports define."""
    links = []
    for name, label in (
        ("plan_docx", gettext("The plan as Word (.docx)")),
        ("plan_pdf", gettext("The plan as PDF")),
        ("budget_xlsx", gettext("The budget as Excel (.xlsx)")),
        ("budget_csv", gettext("The budget as CSV")),
        ("calendar_ics", gettext("The milestones for the calendar (.ics)")),
    ):
        try:
            links.append({"url": reverse(f"provrum:{name}", args=[provrum.pk]), "label": label})
        except NoReverseMatch:
            continue
    return links
