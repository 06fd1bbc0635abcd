"""The question bank: save a meeting's question, ask a saved one at another meeting.

Who may use which bank (``banks_for``): the office every bank; a network's
coordinator the banks of the networks they coordinate and the office's bank.
A question is saved into its meeting's network's bank (the office's bank for a
meeting of no network, which only the office hosts). Adding from the bank is
``question_create`` again, with all its checks, so a bank question never
bypasses the rules, and only into a meeting the person hosts.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q

from reglab.accounts.permissions import is_office
from reglab.live.access import can_host_live
from reglab.live.messages import BANK_QUESTION_UNKNOWN, NOT_ALLOWED, Refused
from reglab.live.models import BankQuestion, Question, QuestionKind
from reglab.live.services.question import question_create
from reglab.meetings.access import networks_hosted_by


def banks_for(user):
    """The bank questions ``user`` may use."""
    if not (user and user.is_authenticated):
        return BankQuestion.objects.none()
    if is_office(user):
        return BankQuestion.objects.all()
    networks = networks_hosted_by(user).values("pk")
    return BankQuestion.objects.filter(Q(network__isnull=True) | Q(network_id__in=networks))


def bank_list(*, user, meeting):
    """What the host may add to ``meeting`` from the bank: nothing unless they host it."""
    if not can_host_live(user, meeting):
        return BankQuestion.objects.none()
    return banks_for(user).select_related("network").order_by("network__name", "text", "pk")


@transaction.atomic
def bank_save(*, question: Question, by) -> tuple[BankQuestion, bool]:
    """Save the question (kind, text, options, settings) in its meeting's network's bank;
    ``(bank question, created)``. Saving the same question again keeps one."""
    meeting = question.meeting
    if not can_host_live(by, meeting):
        raise Refused(NOT_ALLOWED, status=403)
    options = []
    if question.kind != QuestionKind.DATES:
        options = [o.text for o in question.options.all() if o.approved and o.text]
    found = BankQuestion.objects.filter(
        network_id=meeting.network_id, kind=question.kind, text=question.text
    ).first()
    if found is not None:
        return found, False
    fields = {
        "network_id": meeting.network_id,
        "kind": question.kind,
        "text": question.text,
        "options": options,
        "anonymous": question.anonymous,
        "ask_why": question.ask_why,
        "dots": question.dots,
        "scale_max": question.scale_max,
        "created_by": by,
    }
    try:
        with transaction.atomic():
            return BankQuestion.objects.create(**fields), True
    except IntegrityError:  # saved at the same moment by another request
        return BankQuestion.objects.get(
            network_id=meeting.network_id, kind=question.kind, text=question.text
        ), False


def bank_add(*, bank_id, meeting, by, item=None, dates: list[str] = ()) -> Question:
    """Ask the bank question at ``meeting`` (under ``item``): a prepared question of its own.

    A bank question the person may not use is ``bank_question_unknown`` (404), as
    one that does not exist; a date poll takes this meeting's ``dates``.
    """
    if not can_host_live(by, meeting):
        raise Refused(NOT_ALLOWED, status=403)
    found = banks_for(by).filter(pk=bank_id).first() if str(bank_id).isdigit() else None
    if found is None:
        raise Refused(BANK_QUESTION_UNKNOWN, status=404)
    options = list(dates) if found.kind == QuestionKind.DATES else list(found.options or [])
    return question_create(
        meeting=meeting,
        by=by,
        kind=found.kind,
        text=found.text,
        options=options,
        item=item,
        anonymous=found.anonymous,
        ask_why=found.ask_why,
        dots=found.dots,
        scale_max=found.scale_max,
    )
