"""The project plan pages: the editor, the office's decision, the versions and their diff.

After the go-ahead the group writes its plan on Reglab's template. The editor
is one plain form that works without JavaScript: repeatable parts (milestones,
budget lines, financing, ...) have blank rows at the end to fill in, the sums
are computed when the form comes back, and the rules (``plans.plan_check``)
are shown beside the buttons. With JavaScript (static/js/plan.js) rows are
added and removed in place and the sums follow what is typed; htmx asks the
server for the rules as the person types (``plan_check_fragment``).

Views are thin: ``plan_validation.clean_plan_data`` reads the input, a service
in ``plans`` writes. Nothing typed is lost: a refused save shows the form again
with every value as typed and the message next to the field it concerns.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.provrum.display import export_links
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import ProjectPlan
from reglab.provrum.plan import services as plans
from reglab.provrum.plan.decision import plan_decision_summary
from reglab.provrum.plan.validation import (
    BUDGET_CATEGORIES,
    FINANCING_SOURCES,
    LONG_TEXT_LIMIT,
    MAX_ROWS,
    MEETING_LABELS,
    SHORT_TEXT_LIMIT,
    clean_plan_data,
    plan_sums,
)
from reglab.provrum.reviewed import views as reviewed
from reglab.provrum.reviewed.views import field
from reglab.provrum.rules import ERROR
from reglab.provrum.web import provrum_area

# Blank rows after the filled ones, so the form works without JavaScript.
EXTRA_ROWS = {
    "milestones": 2,
    "resources": 2,
    "success_criteria": 2,
    "indicators": 2,
    "budget_lines": 3,
    "financing": 3,
}
ROW_NAME = re.compile(r"^(?P<kind>[a-z_]+)-(?P<index>\d{1,4})-(?P<field>[a-z_]+)$")
TEXTS = (
    ("purpose", gettext_lazy("Purpose"), gettext_lazy("Why the provrum is run.")),
    (
        "expected_result",
        gettext_lazy("Expected result"),
        gettext_lazy("What the members will have when the provrum is done."),
    ),
    (
        "main_question",
        gettext_lazy("Main question"),
        gettext_lazy("The question the provrum explores."),
    ),
    (
        "delimitations",
        gettext_lazy("Delimitations"),
        gettext_lazy("What the provrum does not cover."),
    ),
)
REQUIRED_TEXTS = {"purpose", "expected_result", "main_question"}


def _choices(mapping) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in mapping.items()]


def _row_specs(organisations) -> dict:
    """The repeatable parts: their titles and their fields (key, label, widget, extra)."""
    return {
        "milestones": {
            "title": _("Milestones"),
            "help": _(
                "Meetings and other steps between the start and the end. "
                "A meeting needs its place or its link."
            ),
            "add_label": _("Add a milestone"),
            "row_label": _("milestone"),
            "fields": [
                ("date", _("Date"), "date", {}),
                ("title", _("What happens"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
                ("meeting", _("Meeting"), "select", {"choices": _choices(MEETING_LABELS)}),
                ("place", _("Place or link"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
            ],
        },
        "resources": {
            "title": _("Who contributes what"),
            "help": _("The organisations, people and experts and what each of them does."),
            "add_label": _("Add a resource"),
            "row_label": _("resource"),
            "fields": [
                ("who", _("Who"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
                ("what", _("What they do"), "text", {"maxlength": 2000}),
            ],
        },
        "success_criteria": {
            "title": _("Criteria for a successful result"),
            "help": _("How the group will know that the provrum succeeded."),
            "add_label": _("Add a criterion"),
            "row_label": _("criterion"),
            "fields": [("text", _("Criterion"), "text", {"maxlength": 2000})],
        },
        "indicators": {
            "title": _("Indicators"),
            "help": _("What is measured to follow the result up, and how."),
            "add_label": _("Add an indicator"),
            "row_label": _("indicator"),
            "fields": [
                ("indicator", _("Indicator"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
                ("measured_by", _("Measured by"), "text", {"maxlength": 2000}),
            ],
        },
        "budget_lines": {
            "title": _("Budget"),
            "help": _(
                "One line per cost. Tick working time for the hours people put in; "
                "base funding never pays for it."
            ),
            "add_label": _("Add a budget line"),
            "row_label": _("budget line"),
            "fields": [
                (
                    "category",
                    _("Category"),
                    "select",
                    {"choices": _choices(BUDGET_CATEGORIES), "data": "category"},
                ),
                ("description", _("Description"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
                ("amount", _("Amount"), "amount", {}),
                ("is_working_time", _("Working time"), "checkbox", {"data": "working-time"}),
            ],
        },
        "financing": {
            "title": _("Financing"),
            "help": _(
                "Each participating organisation's own contribution, Reglab's base funding "
                "(one line) and other sources."
            ),
            "add_label": _("Add a financing line"),
            "row_label": _("financing line"),
            "fields": [
                (
                    "source",
                    _("Source"),
                    "select",
                    {"choices": _choices(FINANCING_SOURCES), "data": "source"},
                ),
                (
                    "organisation",
                    _("Organisation"),
                    "select",
                    {"choices": [(org.slug, org.name) for org in organisations]},
                ),
                ("label", _("Other source"), "text", {"maxlength": SHORT_TEXT_LIMIT}),
                ("amount", _("Amount"), "amount", {}),
            ],
        },
    }


# Reading the form -------------------------------------------------------------


def plan_from_post(post) -> dict:
    """The plan as typed, in the plan's JSON shape, with the values as strings.

    Rows come from names like ``budget_lines-3-amount``, in the order of their
    numbers (gaps from removed rows do not matter); ``clean_plan_data`` drops
    the blank ones and reads the rest.
    """
    raw = {name: post.get(name, "") for name, _label, _help in TEXTS}
    raw["start"] = post.get("start", "")
    raw["end"] = post.get("end", "")
    rows: dict[str, dict[int, dict]] = {kind: {} for kind in EXTRA_ROWS}
    for key in post:
        match = ROW_NAME.match(key)
        if not match or match["kind"] not in rows:
            continue
        index = int(match["index"])
        kind_rows = rows[match["kind"]]
        if index not in kind_rows and len(kind_rows) >= MAX_ROWS * 2:
            continue
        kind_rows.setdefault(index, {})[match["field"]] = post.get(key, "")
    for kind, by_index in rows.items():
        ordered = [by_index[index] for index in sorted(by_index)]
        if kind == "success_criteria":
            raw[kind] = [row.get("text", "") for row in ordered]
        else:
            raw[kind] = ordered
    return raw


# Building the editor ----------------------------------------------------------


def _value(value):
    if isinstance(value, bool):
        return value
    return "" if value is None else str(value)


def editor_fields(data: dict, errors: dict, organisations) -> dict:
    """The editor's fields with their values and messages (the rows plus blank ones)."""
    text_fields = [
        field(
            name,
            label,
            "textarea",
            data.get(name, ""),
            errors.get(name, []),
            help=help_text,
            required=name in REQUIRED_TEXTS,
            maxlength=LONG_TEXT_LIMIT,
            rows=4,
        )
        for name, label, help_text in TEXTS
    ]
    date_fields = [
        field(
            "start",
            _("Start date"),
            "date",
            data.get("start"),
            errors.get("start", []),
            required=True,
        ),
        field(
            "end",
            _("End date"),
            "date",
            data.get("end"),
            errors.get("end", []),
            required=True,
        ),
    ]
    groups = {}
    for kind, spec in _row_specs(organisations).items():
        filled = list(data.get(kind) or [])
        if kind == "success_criteria":
            filled = [{"text": text} for text in filled]
        rows = []
        for index in range(len(filled) + EXTRA_ROWS[kind]):
            values = filled[index] if index < len(filled) else {}
            fields = []
            for key, label, widget, extra in spec["fields"]:
                path = f"{kind}.{index}" if kind == "success_criteria" else f"{kind}.{index}.{key}"
                fields.append(
                    field(
                        f"{kind}-{index}-{key}",
                        label,
                        widget,
                        _value(values.get(key)),
                        errors.get(path, []) if index < len(filled) else [],
                        key=key,
                        in_row=True,
                        **extra,
                    )
                )
            rows.append({"fields": fields, "errors": any(field["errors"] for field in fields)})
        groups[kind] = {
            "kind": kind,
            "title": spec["title"],
            "help": spec["help"],
            "add_label": spec["add_label"],
            "row_label": spec["row_label"],
            "errors": errors.get(kind, []),
            "rows": rows,
        }
    return {"text_fields": text_fields, "date_fields": date_fields, "groups": groups}


def _sums(data: dict) -> dict:
    sums = plan_sums(data)
    sums["base_share"] = (
        round(100 * sums["base_funding"] / sums["budget"]) if sums["budget"] > 0 else 0
    )
    amounts = [line.get("amount") for line in data.get("budget_lines") or []] + [
        line.get("amount") for line in data.get("financing") or []
    ]
    sums["unreadable"] = any(
        not isinstance(amount, int) or isinstance(amount, bool) for amount in amounts
    )
    return sums


def plan_display(data: dict, organisations) -> dict:
    """The saved plan with labels, for reading."""
    names = {org.slug: org.name for org in organisations}

    def source_label(line):
        if line.get("source") == "organisation":
            return names.get(line.get("organisation"), line.get("organisation"))
        if line.get("source") == "other":
            return line.get("label") or FINANCING_SOURCES["other"]
        return FINANCING_SOURCES.get(line.get("source"), line.get("source"))

    return {
        "texts": [{"label": label, "value": data.get(name, "")} for name, label, _help in TEXTS],
        "start": data.get("start"),
        "end": data.get("end"),
        "milestones": [
            {**row, "meeting_label": MEETING_LABELS.get(row.get("meeting"), "")}
            for row in data.get("milestones") or []
        ],
        "resources": data.get("resources") or [],
        "success_criteria": data.get("success_criteria") or [],
        "indicators": data.get("indicators") or [],
        "budget_lines": [
            {**row, "category_label": BUDGET_CATEGORIES.get(row.get("category"), "")}
            for row in data.get("budget_lines") or []
        ],
        "financing": [
            {**row, "source_label": source_label(row)} for row in data.get("financing") or []
        ],
    }


def _organisations(provrum):
    """The participating organisations, which contribute their own financing."""
    return [
        interest.organisation
        for interest in provrum.interests.select_related("organisation").order_by(
            "organisation__name"
        )
    ]


def _rule_context(provrum, data: dict) -> dict:
    """The rule reasons for the plan (or the plan as typed), errors apart from warnings."""
    reasons = [reason_dict(reason) for reason in plans.plan_check(provrum, data=data)]
    errors = [reason for reason in reasons if reason["severity"] == ERROR]
    return {
        "reasons": reasons,
        "error_reasons": errors,
        "warning_reasons": [reason for reason in reasons if reason["severity"] != ERROR],
        "has_errors": bool(errors),
        "sums": _sums(data),
    }


def _page(request, provrum, *, data=None, errors=None, version=None, status=200, **extra):
    """The plan page: the editor for the group, the plan to read for the others."""
    user = request.user
    plan = plans.plan_of(provrum)
    editable = user.has_perm("provrum.edit_plan", provrum)
    if data is None:
        data = plan.data
    errors = errors or {}
    organisations = _organisations(provrum)
    # Outside the group an approved plan is read without the office's review.
    comments = list(plans.plan_comments_for(user, plan))
    context = {
        **_rule_context(provrum, data),
        **reviewed.review_context(
            plan, comments, editable=editable, version=version, errors=errors
        ),
        "provrum": provrum,
        "plan": plan,
        "can_submit": user.has_perm("provrum.submit_plan", provrum),
        "can_decide": plan.pk is not None
        and plan.status == ProjectPlan.Status.SUBMITTED
        and user.has_perm("provrum.decide_plan", provrum),
        "plan_comments": comments,
        "can_comment": plan.pk is not None and user.has_perm("provrum.comment_plan", provrum),
        "exports": export_links(provrum) if plan.pk else [],
        "can_view_versions": user.has_perm("provrum.view_plan_versions", provrum),
    }
    if context["can_decide"]:
        context["decision_summary"] = plan_decision_summary(provrum, data)
    if editable:
        context.update(editor_fields(data, errors, organisations))
    else:
        # Outside the group, without the join links of the digital meetings.
        context["shown"] = plan_display(plans.plan_data_for(user, provrum, data), organisations)
    context.update(extra)
    return render(request, "provrum/plan_page.html", context, status=status)


def _read(provrum, post, *, complete=False):
    return clean_plan_data(
        plan_from_post(post),
        organisation_slugs=plans.plan_organisation_slugs(provrum),
        complete=complete,
    )


PLAN_PAGES = reviewed.PageKind(
    name="plan",
    get_for=plans.plan_get_for,
    page=_page,
    read=_read,
    edit_permission="provrum.edit_plan",
    save=plans.plan_save,
    # The plan is submitted as it is saved now (a plan is submitted as a whole).
    submit=lambda *, provrum, by, saved: plans.plan_submit(provrum=provrum, by=by),
    approve=plans.plan_approve,
    return_=plans.plan_return,
    comment=plans.plan_comment,
    decision_limit=5000,
    check_template="provrum/plan_page.html#check",
    check_context=_rule_context,
    texts={
        "not_editable": lambda: _("The plan cannot be changed now."),
        "stale": lambda: _(
            "Someone else saved the plan while you were writing. Your text is "
            "kept below; compare it with the latest version, then save again."
        ),
        "saved": lambda: _("The plan is saved."),
        "submitted": lambda: _("The plan is submitted to the office."),
        "approved": lambda: _("The plan is approved and the provrum is running."),
        "returned": lambda: _("The plan is returned to the group with your comment."),
    },
)


# The pages: the editor (GET shows, POST saves and may submit), the sums and rules
# for the plan as typed (htmx), the office's approval (the provrum starts) and
# return, and a comment by the office or the group.

plan_edit, plan_check_fragment, plan_approve, plan_return, plan_comment = reviewed.pages(PLAN_PAGES)


# Versions ---------------------------------------------------------------------


@provrum_area
def plan_versions(request, pk):
    """Every saved version of the plan; two are compared side by side as a diff.

    The group's and the office's only: the earlier versions are the group's drafts,
    so a reader outside the group of an approved plan gets the same 404 as for a
    missing plan (``plan_history_get_for``).
    """
    plan = plans.plan_history_get_for(user=request.user, pk=pk)
    versions = list(plans.plan_versions(plan)) if plan.pk else []
    numbers = [version.number for version in versions]
    older, newer = reviewed.compared(request.GET, numbers)
    diff = None
    if newer is not None:
        by_number = {version.number: version for version in versions}
        diff = plans.plan_diff(by_number[older], by_number[newer])
    return render(
        request,
        "provrum/plan_versions.html",
        {
            "provrum": plan.provrum,
            "plan": plan,
            "versions": versions,
            "numbers": numbers,
            "older": older,
            "newer": newer,
            "diff": diff,
            "plan_comments": list(plans.plan_comments_for(request.user, plan)),
        },
    )
