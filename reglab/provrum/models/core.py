"""Provrum itself: its states, kinds, themes and the format rules it is checked against."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from reglab.provrum import rules


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
    # A draft is published or deleted (proposal.services.provrum_delete_draft), not withdrawn.
    State.DRAFT: {State.PROPOSED},
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
