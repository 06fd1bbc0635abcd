"""Provrum: proposals, interest, leader, discussion, decisions and their history.

Only ``reglab.provrum.services`` writes these rows. "Ready" is never stored: it
is computed from the rules (``selectors.provrum_readiness``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from reglab.provrum import rules
from reglab.provrum.reviewed.models import DocumentComment, DocumentVersion, ReviewedDocument


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    INTEREST = "interest", _("Gathering interest")
    GO_AHEAD = "go_ahead", _("Go-ahead")
    RUNNING = "running", _("Running")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Disseminated / closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")


# The board's order of the stored states; "ready" sorts with gathering interest.
BOARD_STATE_ORDER = [
    State.DRAFT,
    State.PROPOSED,
    State.INTEREST,
    State.GO_AHEAD,
    State.RUNNING,
    State.REPORTED,
    State.CLOSED,
    State.WITHDRAWN,
    State.DECLINED,
    State.LAPSED,
]


def board_rank() -> models.Case:
    """A provrum's place on the board by its state, as an SQL expression.

    The board orders by it and an index holds it (``provrum_board_idx``), so the
    first page is read from the index instead of sorting every provrum; the query
    and the index must build it the same way, hence this one function.
    """
    return models.Case(
        *(
            models.When(state=code.value, then=models.Value(index))
            for index, code in enumerate(BOARD_STATE_ORDER)
        ),
        default=models.Value(len(BOARD_STATE_ORDER)),
        output_field=models.IntegerField(),
    )


# The one table of allowed state changes (django-oscar). "Ready" is not a state:
# it is INTEREST with no error left among the rules' reasons.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.PROPOSED, State.WITHDRAWN},
    State.PROPOSED: {State.INTEREST, State.WITHDRAWN, State.DECLINED, State.LAPSED},
    State.INTEREST: {
        State.PROPOSED,
        State.GO_AHEAD,
        State.WITHDRAWN,
        State.DECLINED,
        State.LAPSED,
    },
    State.GO_AHEAD: {State.RUNNING, State.WITHDRAWN},
    State.RUNNING: {State.REPORTED},
    State.REPORTED: {State.CLOSED, State.RUNNING},
    State.CLOSED: set(),
    State.WITHDRAWN: set(),
    State.DECLINED: set(),
    State.LAPSED: set(),
}

# States in which the group is still being formed: interest and leader may change.
FORMING_STATES = {State.PROPOSED, State.INTEREST}
# States that count as published (everyone signed in sees them on the board).
PUBLISHED_STATES = set(State) - {State.DRAFT}
FINAL_STATES = {State.CLOSED, State.WITHDRAWN, State.DECLINED, State.LAPSED}


class Kind(models.TextChoices):
    SUBSTANTIVE = "substantive", _("Substantive issue (sakfråga)")
    METHOD = "method", _("Way of working (arbetssätt)")


class IntendedUse(models.TextChoices):
    PRE_STUDY = "pre_study", _("Pre-study (förstudie)")
    TEST_BALLOON = "test_balloon", _("Test balloon (testballong)")
    JOINT_ANALYSIS = "joint_analysis", _("Joint analysis (gemensam analys)")
    PROBE = "probe", _("Probe before a learning project (sondering inför lärprojekt)")
    OTHER = "other", pgettext_lazy("intended use", "Other")


class FormatRules(models.Model):
    """The format's thresholds, edited by the office. One row (pk=1), with history."""

    min_organisations = models.PositiveSmallIntegerField(
        _("fewest participating organisations"), default=2
    )
    max_organisations = models.PositiveSmallIntegerField(
        _("most participating organisations"), default=6
    )
    min_regions = models.PositiveSmallIntegerField(_("fewest regions before ready"), default=2)
    min_region_share_percent = models.PositiveSmallIntegerField(
        _("share of regions that should take part (percent)"), default=50
    )
    max_go_aheads_per_year = models.PositiveSmallIntegerField(
        _("most go-aheads per calendar year"), default=2
    )
    min_duration_months = models.PositiveSmallIntegerField(
        _("shortest duration (months)"), default=2
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("longest duration (months)"), default=6
    )
    max_base_funding_sek = models.PositiveIntegerField(
        _("most base funding per provrum (SEK)"), default=100_000
    )
    max_base_funding_share_percent = models.PositiveSmallIntegerField(
        _("most base funding as a share of the budget (percent)"), default=50
    )
    office_annual_cap_sek = models.PositiveIntegerField(
        _("office's provrum budget per year (SEK)"), default=200_000
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("format rules")
        verbose_name_plural = _("format rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="provrum_formatrules_single_row"),
            models.CheckConstraint(
                condition=models.Q(min_organisations__lte=models.F("max_organisations")),
                name="provrum_formatrules_min_le_max_organisations",
            ),
            models.CheckConstraint(
                condition=models.Q(min_duration_months__lte=models.F("max_duration_months")),
                name="provrum_formatrules_min_le_max_duration",
            ),
        ]

    def __str__(self):
        return str(_("Format rules"))

    def to_limits(self) -> rules.FormatLimits:
        return rules.FormatLimits(
            **{name: getattr(self, name) for name in rules.FormatLimits.__dataclass_fields__}
        )


class Theme(models.Model):
    """A theme (tag) a provrum is about. The appendix's examples are seeded as suggestions."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=False)
    suggested = models.BooleanField(_("suggested"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class ProvrumQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(state=State.DRAFT)

    def go_aheads_in_year(self, year: int):
        return self.filter(go_ahead_at__year=year)


class Provrum(models.Model):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000)
    question = models.TextField(_("main question"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    intended_use = models.CharField(_("intended use"), max_length=20, choices=IntendedUse.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    proposer_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("proposed by (organisation)"),
        on_delete=models.PROTECT,
        related_name="proposed_provrum",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_provrum",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    go_ahead_at = models.DateTimeField(_("go-ahead given"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Stemmed words of title, summary and question for the SQLite search fallback.
    search_text = models.TextField(editable=False, default="")
    # Ready ("redo"): gathering interest and no error among the readiness rules. It
    # depends only on the group, the leader, the organisations and the format rules,
    # never on the date, so the services that change those store it again in the same
    # transaction, and the office's queue sorts and pages on it in SQL
    # (``manage.py provrum_readiness --check`` reports drift).
    is_ready = models.BooleanField(_("ready"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "is_ready"])
    objects = ProvrumQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The office's queue: forming provrum, ready first, oldest proposal first.
            models.Index(
                fields=["state", "-is_ready", "published_at", "id"], name="provrum_queue_idx"
            ),
            # The board: all states in board order, newest first; and one state.
            models.Index(
                board_rank(),
                models.F("published_at").desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="provrum_board_idx",
            ),
            models.Index(
                fields=["state", "-published_at", "-created_at", "-id"],
                name="provrum_board_state_idx",
            ),
            # The API's list and the organisation page: newest first (the model's order).
            models.Index(fields=["-published_at", "-created_at", "-id"], name="provrum_newest_idx"),
            # The board's year filter starts at the earliest provrum (one MIN).
            models.Index(fields=["created_at"], name="provrum_created_idx"),
        ]
        verbose_name = pgettext_lazy("singular", "provrum")
        verbose_name_plural = pgettext_lazy("plural", "provrum")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("provrum:detail", kwargs={"pk": self.pk})

    @property
    def is_forming(self) -> bool:
        return self.state in FORMING_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


class Interest(models.Model):
    """An organisation's interest in taking part, registered by one of its representatives."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="provrum_interests",
    )
    wants_to_lead = models.BooleanField(_("wants to lead"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "organisation"], name="provrum_one_interest_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.provrum}"


class Comment(models.Model):
    """A comment in a provrum's discussion; replies point to their parent."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="provrum_comments",
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The discussion shows the latest threads first (a thread is its first comment).
            models.Index(
                fields=["provrum", "-created_at", "-id"],
                condition=models.Q(parent__isnull=True),
                name="provrum_comment_threads_idx",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author} – {self.provrum}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class Decision(models.Model):
    """The office's go-ahead or decline, with its comment and acknowledged warnings."""

    class Outcome(models.TextChoices):
        GO_AHEAD = "go_ahead", _("Go-ahead")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    acknowledged_warnings = models.JSONField(_("acknowledged warnings"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_outcome_display()} – {self.provrum}"


class Event(models.Model):
    """One line of a provrum's history: who did what, when, and the state change."""

    class Action(models.TextChoices):
        CREATED = "created", _("created the draft")
        EDITED = "edited", _("edited the proposal")
        PUBLISHED = "published", _("published the proposal")
        INTEREST_REGISTERED = "interest_registered", _("registered interest")
        INTEREST_CHANGED = "interest_changed", _("changed the interest")
        INTEREST_WITHDRAWN = "interest_withdrawn", _("withdrew the interest")
        LEADER_CHOSEN = "leader_chosen", _("chose the leader")
        COMMENTED = "commented", _("commented")
        COMMENT_REMOVED = "comment_removed", _("removed a comment")
        GO_AHEAD = "go_ahead", _("gave the go-ahead")
        DECLINED = "declined", _("declined")
        LAPSED = "lapsed", _("marked as lapsed")
        WITHDRAWN = "withdrawn", _("withdrew the provrum")
        STATE_CHANGED = "state_changed", _("the state changed")
        BECAME_READY = "became_ready", _("the provrum became ready")
        STARTED = "started", _("started the provrum")
        REPORTED = "reported", _("reported the results")
        CLOSED = "closed", _("closed the provrum")
        PLAN_SUBMITTED = "plan_submitted", _("submitted the project plan")
        PLAN_APPROVED = "plan_approved", _("approved the project plan")
        PLAN_RETURNED = "plan_returned", _("returned the project plan")
        MEETING_ADDED = "meeting_added", _("added a meeting")
        DOCUMENT_UPLOADED = "document_uploaded", _("uploaded a document")
        STATUS_UPDATED = "status_updated", _("posted a status update")
        REPORT_APPROVED = "report_approved", _("approved the final report")
        REPORT_RETURNED = "report_returned", _("returned the final report")
        DISSEMINATED = "disseminated", _("recorded the dissemination")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The provrum page shows the latest events of a history.
            models.Index(fields=["provrum", "-created_at", "-id"], name="provrum_event_recent_idx"),
        ]
        verbose_name = _("history event")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.get_action_display()} – {self.provrum}"


def empty_plan_data() -> dict:
    """A new project plan: every field of the plan's JSON shape, empty."""
    return {
        "purpose": "",
        "expected_result": "",
        "main_question": "",
        "delimitations": "",
        "start": None,
        "end": None,
        "milestones": [],
        "resources": [],
        "success_criteria": [],
        "indicators": [],
        "budget_lines": [],
        "financing": [],
    }


class ProjectPlan(ReviewedDocument):
    """The project plan a provrum with the go-ahead writes on Reglab's template.

    ``data`` holds the plan in the one JSON shape that validation, the rules, the
    exports and the API share (see ``plan_validation``). Every save is also kept
    as a ``PlanVersion``; ``version`` is the optimistic lock: a save based on an
    older version is refused.
    """

    provrum = models.OneToOneField(
        Provrum,
        verbose_name=pgettext_lazy("singular", "provrum"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    data = models.JSONField(_("plan"), default=empty_plan_data)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return f"{_('Project plan')} – {self.provrum}"


class PlanVersion(DocumentVersion):
    """One saved version of a project plan: what it said, who saved it, when."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("plan"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="provrum_plan_version_unique")
        ]

    def __str__(self):
        return f"{self.plan} – {self.number}"


class PlanComment(DocumentComment):
    """The office's (or the group's) comment on a plan; a return always has one."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")

    def __str__(self):
        return f"{self.author} – {self.plan}"


# Running a provrum: meetings, documents and the leader's status updates -------------


class Meeting(models.Model):
    """A meeting of the provrum's group, in person or digital, with its notes."""

    class Mode(models.TextChoices):
        PHYSICAL = "physical", _("In person")
        DIGITAL = "digital", _("Digital")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices)
    place = models.CharField(
        _("place or link"),
        max_length=500,
        blank=True,
        help_text=_("An address for a meeting in person, a link for a digital meeting."),
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=5000)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: notes saved from an older version are refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title


def document_upload_to(instance, filename: str) -> str:
    """A random name under the provrum's folder: the person's file name is only shown."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"provrum/{instance.provrum_id}/{uuid.uuid4().hex}{suffix}"


def document_storage():
    from django.core.files.storage import storages

    return storages["documents"]


class Document(models.Model):
    """A file in a provrum's document area, served only to those allowed to see it."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word document")
        XLSX = "xlsx", _("Excel workbook")
        PPTX = "pptx", _("PowerPoint presentation")
        PNG = "png", _("PNG image")
        JPEG = "jpeg", _("JPEG image")
        WEBP = "webp", _("WebP image")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=document_storage, max_length=300
    )
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name


class StatusUpdate(models.Model):
    """The leader's short report on how the work is going."""

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DELAYED = "delayed", _("Delayed")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="status_updates")
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress.choices, default=Progress.ON_TRACK
    )
    body = models.TextField(_("status update"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self):
        return f"{self.get_progress_display()} – {self.provrum}"


# The final report, its quality assurance and publication -----------------------------


class Outcome(models.TextChoices):
    """How a success criterion or an indicator turned out."""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


def empty_report_data() -> dict:
    """A new final report: every field of the report's JSON shape, empty."""
    return {
        "summary": "",
        "results": [],
        "lessons": "",
        "recommendations": "",
        "follow_on": "",
        "attachments": [],
    }


class FinalReport(ReviewedDocument):
    """The final report on Reglab's template, versioned like the plan.

    Submitted by the leader, approved or returned by the office (quality
    assurance); approval publishes it on the public results page.
    """

    provrum = models.OneToOneField(
        Provrum,
        verbose_name=pgettext_lazy("singular", "provrum"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    data = models.JSONField(_("report"), default=empty_report_data)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the office approves the report: from then on it is public.
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Stemmed words of the published report for the results search.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self):
        return f"{_('Final report')} – {self.provrum}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.APPROVED and self.published_at is not None


class ReportVersion(DocumentVersion):
    """One saved version of a final report."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("report"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="provrum_report_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.number}"


class ReportComment(DocumentComment):
    """A comment on a final report; the office's return always has one."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self):
        return f"{self.author} – {self.report}"


# Dissemination and the participants' feedback ------------------------------------------


class Channel(models.TextChoices):
    """Reglab's channels for spreading a provrum's results."""

    WEB = "web", _("Reglab's website")
    NEWSLETTER = "newsletter", _("Newsletter")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ANNUAL_CONFERENCE = "annual_conference", _("Annual conference")


class Dissemination(models.Model):
    """One line of the dissemination checklist: a channel, when, where and who."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="disseminations")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    responsible = models.CharField(_("who"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["provrum", "pk"]
        verbose_name = _("dissemination")
        verbose_name_plural = _("dissemination")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "channel"], name="provrum_one_dissemination_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} – {self.provrum}"

    @property
    def is_done(self) -> bool:
        return self.date is not None


class SurveyInvitation(models.Model):
    """A participant asked for feedback when their provrum closed; answered once."""

    provrum = models.ForeignKey(
        Provrum, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provrum_surveys"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "person"], name="provrum_one_survey_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.provrum}"


class SurveyResponse(models.Model):
    """A participant's answers; not linked to the person, only to the organisation."""

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="survey_responses")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was the provrum (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    take_part_again = models.CharField(
        _("would you take part in a provrum again"), max_length=10, choices=Again.choices
    )
    format_change = models.TextField(
        _("what should change in the format"), blank=True, max_length=3000
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="provrum_survey_usefulness_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.usefulness} – {self.provrum}"
