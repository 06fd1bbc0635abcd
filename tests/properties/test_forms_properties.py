"""The forms and answers people send, with real database objects: any input is either
taken or refused with a code (the field, or the refusal's code) and a Swedish message.

The proposal form and its service's text check, the comment form and its service's
check, a survey's answers (every kind of question) and the live dialog's answers
(every kind of question, written through the service).
"""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from reglab.live.forms import answer_from_post
from reglab.live.messages import Refused
from reglab.live.models import Answer
from reglab.live.rules import AnswerIn
from reglab.live.services import answer as answer_services
from reglab.provrum.forms import CommentForm, ProvrumForm
from reglab.provrum.models import IntendedUse, Kind
from reglab.provrum.proposal import services as proposal_services
from reglab.surveys.services.answer import clean_answers
from tests.live.conftest import guest, open_question
from tests.meetings.conftest import coordinator, make_meeting, network  # noqa: F401
from tests.properties.conftest import assert_swedish
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

# What a browser can post: text without NUL (the middleware refuses it before any form).
posted = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


def assert_form_refusals(form) -> None:
    for field, errors in form.errors.as_data().items():
        for error in errors:
            assert error.code, f"{field}: a refusal without a code: {error.messages}"
            for message in error.messages:
                assert_swedish(message, code=field)


def assert_validation_error(error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                assert_swedish(message, code=field)
    else:
        for message in error.messages:
            assert_swedish(message, code=error.code or "__all__")


proposal_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(posted.filter(lambda t: len(t) < 260), st.just("   ")),
        "summary": posted,
        "question": posted,
        "kind": st.one_of(st.sampled_from(Kind.values), posted),
        "intended_use": st.one_of(st.sampled_from(IntendedUse.values), posted),
        "themes": st.lists(posted, max_size=3),
        "other_themes": posted,
        "version": st.one_of(st.integers(-(10**20), 10**20).map(str), posted),
        "organisation": st.one_of(st.integers(-5, 10**20).map(str), posted),
        "wants_to_lead": st.sampled_from(["on", "", "x"]),
    },
)


def querydict(fields: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


@given(fields=proposal_fields, editing=st.booleans())
def test_proposal_form_and_service_check(member_rep, region, fields, editing):
    organisations = region.__class__.objects.filter(pk=region.pk)
    form = ProvrumForm(querydict(fields), organisations=organisations, editing=editing)
    if not form.is_valid():
        assert_form_refusals(form)
        return
    try:
        proposal_services._clean_text(form.service_values())
    except ValidationError as error:
        assert_validation_error(error)


@given(body=st.one_of(posted, st.just(" \u00a0\u200b ")), parent=st.one_of(posted, st.none()))
def test_comment_form_and_service_check(body, parent):
    fields = {"body": body} if parent is None else {"body": body, "parent": parent}
    form = CommentForm(querydict(fields))
    if not form.is_valid():
        assert_form_refusals(form)
        return
    try:
        cleaned = proposal_services._clean_comment_body(form.cleaned_data["body"])
    except ValidationError as error:
        assert_validation_error(error)
    else:
        assert cleaned and cleaned == cleaned.strip()


@pytest.fixture
def survey(office_user, region, partner_org):
    return make_survey(office_user)


def survey_answers(survey):
    keys = [str(question.pk) for question in survey.questions.all()]
    key = st.sampled_from(keys)
    return st.dictionaries(
        st.one_of(key, key.map(lambda k: f"{k}_why")),
        st.one_of(
            json_values,
            st.integers(0, 12),
            st.lists(st.integers(0, 8).map(str), max_size=3),
            st.from_regex(r"[0-9²①٣]{1,3}", fullmatch=True),
        ),
    )


@given(data=st.data())
def test_survey_answers_any_body(survey, data):
    """Every question kind (stage, single with why, multiple, text, scale, year), any JSON."""
    raw = data.draw(st.one_of(survey_answers(survey), json_values))
    try:
        cleaned = clean_answers(survey, raw)
    except ValidationError as error:
        assert hasattr(error, "error_dict"), "a survey refusal names its question"
        assert_validation_error(error)
    else:
        assert set(cleaned) <= set(raw)


@pytest.fixture
def live_questions(db, network, coordinator):  # noqa: F811
    """One open question of each kind, each in a meeting of its own (one opens at a time)."""
    questions = {}
    for days, kind in enumerate(("single", "multiple", "text", "prioritise", "scale", "dates")):
        meeting = make_meeting(network, days=30 + days)
        question = open_question(meeting, coordinator, kind, ask_why=kind == "single")
        participant, _token = guest(meeting)
        questions[kind] = (question, participant)
    return questions


live_posts = st.dictionaries(
    st.one_of(
        st.sampled_from(["option", "text", "value", "volunteer_name", "volunteer_organisation"]),
        st.integers(0, 10**6).map(lambda n: f"dots-{n}"),
        st.integers(0, 10**6).map(lambda n: f"date-{n}"),
    ),
    st.one_of(posted.filter(lambda t: len(t) < 600), st.integers(-3, 12).map(str)),
)


@given(data=st.data())
def test_live_answers_through_the_service(live_questions, data):
    """A phone's form or the API's body, for each kind: stored, or refused with a code."""
    kind = data.draw(st.sampled_from(sorted(live_questions)))
    question, participant = live_questions[kind]
    ids = [str(option.pk) for option in question.options.all()]
    fields = data.draw(live_posts)
    # Real option ids too, so that answers are also accepted.
    for option_id in data.draw(st.lists(st.sampled_from(ids or ["1"]), max_size=3)):
        fields.setdefault("option", option_id)
        fields.setdefault(f"dots-{option_id}", data.draw(st.integers(-1, 4)).__str__())
        fields.setdefault(f"date-{option_id}", data.draw(st.sampled_from(["yes", "no", "x"])))
    from_form = answer_from_post(question, querydict(fields))
    from_api = AnswerIn(
        options=data.draw(
            st.one_of(
                st.none(),
                st.lists(st.one_of(st.sampled_from(ids or ["1"]), json_values), max_size=3),
            )
        ),
        text=data.draw(st.one_of(st.none(), posted.filter(lambda t: len(t) < 600))),
        dots=data.draw(
            st.one_of(st.none(), st.dictionaries(st.sampled_from(ids or ["1"]), json_values))
        ),
        value=data.draw(json_values),
        dates=data.draw(
            st.one_of(
                st.none(),
                st.dictionaries(
                    st.sampled_from(ids or ["1"]),
                    st.one_of(st.sampled_from(["yes", "maybe"]), json_values),
                ),
            )
        ),
    )
    for answer in (from_form, from_api):
        try:
            stored = answer_services.answer_submit(
                question=question, participant=participant, answer=answer
            )
        except Refused as refused:
            assert refused.status == 422
            for code in refused.codes:
                assert_swedish(refused.message.split("; ")[refused.codes.index(code)], code=code)
        else:
            assert Answer.objects.filter(pk=stored.pk, question=question).exists()
