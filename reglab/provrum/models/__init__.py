"""Provrum: proposals, interest, leader, discussion, decisions and their history.

Only the stages' services (``proposal/``, ``plan/`` …) write these rows. "Ready" is never stored: it
is computed from the rules (``selectors.provrum_readiness``).

The models live in one module per subject (``core``, ``participation``, ``plan``,
``documents``, ``report``); this package re-exports every one of them, so
``from reglab.provrum.models import X`` is the one import path.
"""

from reglab.provrum.models.core import (
    BOARD_STATE_ORDER,
    FINAL_STATES,
    FORMING_STATES,
    PUBLISHED_STATES,
    TRANSITIONS,
    FormatRules,
    IntendedUse,
    Kind,
    Provrum,
    ProvrumQuerySet,
    State,
    Theme,
    board_rank,
)
from reglab.provrum.models.documents import (
    Document,
    StatusUpdate,
    document_storage,
    document_upload_to,
)
from reglab.provrum.models.participation import (
    Comment,
    Decision,
    Event,
    Interest,
    Meeting,
)
from reglab.provrum.models.plan import (
    PlanComment,
    PlanVersion,
    ProjectPlan,
    empty_plan_data,
)
from reglab.provrum.models.report import (
    Channel,
    Dissemination,
    FinalReport,
    Outcome,
    ReportComment,
    ReportVersion,
    SurveyInvitation,
    SurveyResponse,
    empty_report_data,
)

__all__ = [
    "State",
    "BOARD_STATE_ORDER",
    "board_rank",
    "TRANSITIONS",
    "FORMING_STATES",
    "PUBLISHED_STATES",
    "FINAL_STATES",
    "Kind",
    "IntendedUse",
    "FormatRules",
    "Theme",
    "ProvrumQuerySet",
    "Provrum",
    "Interest",
    "Comment",
    "Decision",
    "Event",
    "Meeting",
    "empty_plan_data",
    "ProjectPlan",
    "PlanVersion",
    "PlanComment",
    "document_upload_to",
    "document_storage",
    "Document",
    "StatusUpdate",
    "Outcome",
    "empty_report_data",
    "FinalReport",
    "ReportVersion",
    "ReportComment",
    "Channel",
    "Dissemination",
    "SurveyInvitation",
    "SurveyResponse",
]
