"""The review workflow (``reglab.provrum.reviewed``), once for each kind of document.

The project plan and the final report are saved in versions under an optimistic
lock, submitted, approved or returned by the office, commented and compared in
the same way; every test here runs for both. What differs by kind (who may act,
which states allow it) is tested in each kind's own modules.
"""

from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from reglab.provrum.models import Provrum
from reglab.provrum.plan import services as plans
from reglab.provrum.report import services as reports
from reglab.provrum.reviewed.models import DocumentComment, DocumentVersion, ReviewedDocument
from reglab.provrum.reviewed.services import ReviewKind
from tests.provrum.plan_fixtures import valid_plan, with_go_ahead
from tests.provrum.report_fixtures import running, valid_report

pytestmark = pytest.mark.django_db


@dataclass
class Workflow:
    """One kind's services, called the same way."""

    kind: ReviewKind
    provrum: Provrum
    cast: dict
    first: dict
    second: dict
    module: object

    def fresh(self) -> Provrum:
        return Provrum.objects.get(pk=self.provrum.pk)

    def document(self):
        return getattr(self.module, f"{self.kind.name}_of")(self.fresh())

    def save(self, data, version, by="skane"):
        service = getattr(self.module, f"{self.kind.name}_save")
        return service(provrum=self.fresh(), by=self.cast["people"][by], data=data, version=version)

    def submit(self, version=None):
        service = getattr(self.module, f"{self.kind.name}_submit")
        return service(provrum=self.fresh(), by=self.cast["people"]["skane"], version=version)

    def approve(self, comment=""):
        service = getattr(self.module, f"{self.kind.name}_approve")
        return service(provrum=self.fresh(), by=self.cast["office"], comment=comment)

    def send_back(self, comment):
        service = getattr(self.module, f"{self.kind.name}_return")
        return service(provrum=self.fresh(), by=self.cast["office"], comment=comment)

    def comment(self, body, by="orebro"):
        service = getattr(self.module, f"{self.kind.name}_comment")
        return service(provrum=self.fresh(), by=self.cast["people"][by], body=body)

    def diff(self, older, newer):
        if self.kind.name == "plan":
            return plans.plan_diff(older, newer)
        return reports.report_diff(older, newer, provrum=self.fresh())


@pytest.fixture(params=["plan", "report"])
def workflow(request, cast) -> Workflow:
    if request.param == "plan":
        return Workflow(
            kind=plans.PLAN,
            provrum=with_go_ahead(cast),
            cast=cast,
            first=valid_plan(),
            second=valid_plan(purpose="Pröva en ny väg för regional analys."),
            module=plans,
        )
    return Workflow(
        kind=reports.REPORT,
        provrum=running(cast),
        cast=cast,
        first=valid_report(),
        second=valid_report(lessons="Gemensamma definitioner kom först."),
        module=reports,
    )


def _versions(workflow) -> list[int]:
    return list(
        workflow.kind.version_model.objects.filter(
            **{workflow.kind.document_field: workflow.document()}
        ).values_list("number", flat=True)
    )


def test_both_kinds_share_the_abstract_models(workflow):
    document = workflow.document()
    assert isinstance(document, ReviewedDocument)
    assert issubclass(workflow.kind.version_model, DocumentVersion)
    assert issubclass(workflow.kind.comment_model, DocumentComment)
    assert document.Status.SUBMITTED == "submitted"


def test_a_version_and_a_comment_name_their_document(workflow):
    document = workflow.save(workflow.first, version=0)
    comment = workflow.comment("Hur räknade ni?")
    version = workflow.kind.version_model.objects.get()
    assert version.document == document
    assert comment.document == document
    assert str(version) == f"{document} – 1"
    assert str(comment) == f"{comment.author} – {document}"


def test_every_save_is_a_new_version_and_an_unchanged_save_is_none(workflow):
    first = workflow.save(workflow.first, version=0)
    assert first.version == 1
    assert workflow.save(workflow.first, version=1).version == 1
    second = workflow.save(workflow.second, version=1, by="orebro")
    assert second.version == 2
    assert second.updated_by == workflow.cast["people"]["orebro"]
    assert _versions(workflow) == [2, 1]


def test_a_save_based_on_an_older_version_is_refused_with_the_current_one(workflow):
    workflow.save(workflow.first, version=0)
    workflow.save(workflow.second, version=1, by="orebro")
    with pytest.raises(ValidationError) as stale:
        workflow.save(workflow.first, version=1)
    assert stale.value.code == "stale_version"
    assert stale.value.params == {"version": 2}
    assert "2" in stale.value.messages[0]
    assert _versions(workflow) == [2, 1]
    assert (
        workflow.document().data
        == workflow.kind.version_model.objects.get(
            **{workflow.kind.document_field: workflow.document()}, number=2
        ).data
    )


@pytest.mark.parametrize("version", [None, "", "två"])
def test_a_save_must_say_which_version_it_started_from(workflow, version):
    with pytest.raises(ValidationError) as invalid:
        workflow.save(workflow.first, version=version)
    assert set(invalid.value.message_dict) == {"version"}
    assert not workflow.kind.version_model.objects.exists()


def test_a_submit_of_an_older_version_is_refused(workflow):
    workflow.save(workflow.first, version=0)
    workflow.save(workflow.second, version=1, by="orebro")
    with pytest.raises(ValidationError) as stale:
        workflow.submit(version=1)
    assert stale.value.code == "stale_version"
    assert workflow.document().status == "draft"


def test_submit_then_return_with_a_comment_on_the_version_read(workflow):
    workflow.save(workflow.first, version=0)
    submitted = workflow.submit(version=1)
    assert submitted.status == "submitted"
    assert submitted.submitted_by == workflow.cast["people"]["skane"]
    assert submitted.is_locked
    with pytest.raises(ValidationError) as no_comment:
        workflow.send_back("  ")
    assert set(no_comment.value.message_dict) == {"comment"}
    returned = workflow.send_back("Förtydliga det sista stycket.")
    assert returned.status == "returned"
    assert returned.decided_by == workflow.cast["office"]
    assert not returned.is_locked
    comment = workflow.kind.comment_model.objects.get()
    assert (comment.kind, comment.version_number, comment.body) == (
        "returned",
        1,
        "Förtydliga det sista stycket.",
    )
    # Returned: the group edits again, building on the version it read.
    assert workflow.save(workflow.second, version=1).version == 2


def test_approve_keeps_the_offices_comment_as_the_decision(workflow):
    workflow.save(workflow.first, version=0)
    workflow.submit()
    with pytest.raises(ValidationError) as too_long:
        workflow.approve(comment="x" * 5001)
    assert set(too_long.value.message_dict) == {"comment"}
    approved = workflow.approve(comment="Bra arbete.")
    assert approved.status == "approved"
    assert approved.decided_by == workflow.cast["office"]
    assert approved.is_locked
    comment = workflow.kind.comment_model.objects.get()
    assert (comment.kind, comment.version_number) == ("approved", 1)


def test_an_approval_without_a_comment_adds_none(workflow):
    workflow.save(workflow.first, version=0)
    workflow.submit()
    workflow.approve()
    assert not workflow.kind.comment_model.objects.exists()


def test_comments_are_on_the_current_version_and_a_double_submit_is_one(workflow):
    workflow.save(workflow.first, version=0)
    workflow.save(workflow.second, version=1)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = workflow.comment("Hur räknade ni?")
        assert workflow.comment("Hur räknade ni?").pk == first.pk
        traveller.shift(61)
        assert workflow.comment("Hur räknade ni?").pk != first.pk
    assert (first.kind, first.version_number) == ("comment", 2)
    for body, field in (("   ", "body"), ("x" * 5001, "body")):
        with pytest.raises(ValidationError) as invalid:
            workflow.comment(body)
        assert set(invalid.value.message_dict) == {field}


def test_the_diff_shows_what_changed_between_two_versions(workflow):
    workflow.save(workflow.first, version=0)
    workflow.save(workflow.second, version=1)
    older, newer = (
        workflow.kind.version_model.objects.get(
            **{workflow.kind.document_field: workflow.document()}, number=number
        )
        for number in (1, 2)
    )
    diff = workflow.diff(older, newer)
    assert {line.op for line in diff} == {"equal", "delete", "insert"}
    assert all(line.op == "equal" for line in workflow.diff(older, older))
    assert [line.text for line in diff if line.op != "delete"] == [
        line.text for line in workflow.diff(newer, newer)
    ]
