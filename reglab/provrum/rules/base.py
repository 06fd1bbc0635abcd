"""What every rule returns (a Reason), the format's limits and the state-transition check."""

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Reason:
    """Why an action is blocked (error) or needs an acknowledgement (warning)."""

    code: str
    severity: str
    params: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class FormatLimits:
    """The thresholds the office may change. Money is whole SEK."""

    min_organisations: int = 2
    max_organisations: int = 6
    min_regions: int = 2
    min_region_share_percent: int = 50
    max_go_aheads_per_year: int = 2
    min_duration_months: int = 2
    max_duration_months: int = 6
    max_base_funding_sek: int = 100_000
    max_base_funding_share_percent: int = 50
    office_annual_cap_sek: int = 200_000


def is_ready(reasons: list[Reason]) -> bool:
    """True when no reason is an error."""
    return not any(reason.is_error for reason in reasons)


def check_transition(*, current: str, target: str, allowed: dict[str, set[str]]) -> list[Reason]:
    """A state change must be in the table of allowed changes (must)."""
    if target in allowed.get(current, set()):
        return []
    return [Reason("illegal_transition", ERROR, {"from": current, "to": target})]
