"""The format's pure rules under any facts: a list of reasons, never an exception.

Each reason carries a known code, a severity and a Swedish sentence; and the
rules say what their docstrings say (ready means no error; the caps hold at the
boundaries). The limits range over what the office may set (``format_rules_update``).
"""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from reglab.live import messages as live_messages
from reglab.live import rules as live_rules
from reglab.meetings import messages as meeting_messages
from reglab.meetings import rules as meeting_rules
from reglab.provrum import rules
from reglab.provrum.messages import MESSAGES, reason_message
from reglab.provrum.models import TRANSITIONS, State
from tests.properties.conftest import assert_swedish

SLUGS = st.sampled_from([f"org-{n}" for n in range(9)])
participants = st.lists(
    st.builds(
        rules.Participant,
        slug=SLUGS,
        is_member=st.booleans(),
        is_region=st.booleans(),
        wants_to_lead=st.booleans(),
    ),
    max_size=10,
)
provrum_facts = st.builds(
    rules.ProvrumFacts,
    participants=participants.map(tuple),
    leader=st.one_of(st.none(), st.just(""), SLUGS),
)
small = st.integers(min_value=0, max_value=32_767)
money = st.integers(min_value=0, max_value=100_000_000)
limits = st.builds(
    rules.FormatLimits,
    min_organisations=st.integers(1, 12),
    max_organisations=st.integers(0, 12),
    min_regions=st.integers(0, 12),
    min_region_share_percent=st.integers(0, 100),
    max_go_aheads_per_year=st.integers(0, 10),
    min_duration_months=st.integers(1, 24),
    max_duration_months=small,
    max_base_funding_sek=money,
    max_base_funding_share_percent=st.integers(1, 100),
    office_annual_cap_sek=money,
)
# Amounts as the plan data may hold them: whole kronor, or a typed value kept as it was.
amounts = st.one_of(
    st.integers(-(10**15), 10**15), st.text(max_size=12), st.none(), st.booleans(), st.floats()
)
# Dates near the calendar's ends too: the duration rule adds months to the start.
any_dates = st.one_of(st.dates(), st.dates(min_value=date(9990, 1, 1)))
dates_typed = st.one_of(
    any_dates.map(date.isoformat),
    st.dates(),
    st.text(max_size=12),
    st.none(),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
)
plan_data = st.fixed_dictionaries(
    {},
    optional={
        "budget_lines": st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "category": st.sampled_from(["expertise", "working_time", "other", "", 7]),
                        "amount": amounts,
                        "is_working_time": st.one_of(st.booleans(), st.text(max_size=3)),
                    }
                ),
                st.text(max_size=3),
            ),
            max_size=6,
        ),
        "financing": st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "source": st.sampled_from(["base_funding", "organisation", "other", ""]),
                        "amount": amounts,
                    }
                ),
                st.integers(),
            ),
            max_size=4,
        ),
        "start": dates_typed,
        "end": dates_typed,
        "success_criteria": st.lists(st.one_of(st.text(max_size=5), st.none()), max_size=3),
        "indicators": st.lists(
            st.one_of(st.fixed_dictionaries({"indicator": st.text(max_size=5)}), st.text()),
            max_size=3,
        ),
    },
)


def assert_reasons(reasons) -> None:
    assert isinstance(reasons, list)
    for reason in reasons:
        assert isinstance(reason, rules.Reason)
        assert reason.severity in (rules.ERROR, rules.WARNING)
        assert reason.code in MESSAGES, f"no message for {reason.code}"
        assert_swedish(reason_message(reason), code=reason.code)


@given(facts=provrum_facts, limits=limits, go_aheads=st.integers(-5, 50), comment=st.text())
def test_group_rules_give_coded_swedish_reasons(facts, limits, go_aheads, comment):
    readiness = rules.check_readiness(facts=facts, limits=limits)
    go_ahead = rules.check_go_ahead(
        facts=facts,
        limits=limits,
        go_aheads_this_year=go_aheads,
        acknowledged=True,
        comment=comment,
    )
    assert_reasons(readiness)
    assert_reasons(go_ahead)
    # Ready exactly when no readiness rule gives an error; the go-ahead adds, never removes.
    assert rules.is_ready(readiness) == (not any(r.is_error for r in readiness))
    assert {r.code for r in readiness} <= {r.code for r in go_ahead}
    count = len({p.slug for p in facts.participants})
    too_few_or_many = {"too_few_organisations", "too_many_organisations"} & {
        r.code for r in readiness
    }
    assert bool(too_few_or_many) == (
        not limits.min_organisations <= count <= limits.max_organisations
    )
    assert ("capacity_reached" in {r.code for r in go_ahead}) == (
        go_aheads >= limits.max_go_aheads_per_year
    )


@given(facts=provrum_facts, limits=limits, candidate=participants.filter(bool), slug=SLUGS)
def test_interest_and_leader_choice(facts, limits, candidate, slug):
    assert_reasons(rules.check_interest(facts=facts, candidate=candidate[0], limits=limits))
    choice = rules.check_leader_choice(facts=facts, candidate=slug)
    assert_reasons(choice)
    chosen = next((p for p in facts.participants if p.slug == slug), None)
    assert (not choice) == bool(chosen and chosen.is_member and chosen.wants_to_lead)
    assert_reasons(rules.check_proposer(proposer_is_member=candidate[0].is_member))


@given(
    data=plan_data,
    limits=limits,
    granted=st.integers(-(10**9), 10**9),
)
def test_plan_rules_on_any_plan_data(data, limits, granted):
    facts = rules.plan_facts(data)
    reasons = rules.check_plan(
        facts=facts, limits=limits, base_funding_granted_this_year_sek=granted
    )
    assert_reasons(reasons)
    codes = {r.code for r in reasons}
    base = facts.base_funding_sek
    if base > 0:
        assert ("base_funding_over_cap" in codes) == (base > limits.max_base_funding_sek)
        assert ("base_funding_over_half" in codes) == (
            base * 100 > limits.max_base_funding_share_percent * facts.budget_sek
        )
    else:
        assert not codes & {"base_funding_over_cap", "base_funding_over_half"}


@given(
    budget=st.integers(0, 1_000_000),
    limits=limits,
)
def test_base_funding_boundaries(budget, limits):
    """Exactly at the cap and exactly at the share passes; one krona more does not."""
    share = budget * limits.max_base_funding_share_percent // 100
    allowed = min(share, limits.max_base_funding_sek)
    assume(allowed > 0)
    line = rules.BudgetLine(category="expertise", amount_sek=budget, is_working_time=False)
    at = rules.PlanFacts(budget_lines=(line,), base_funding_sek=allowed)
    over = rules.PlanFacts(budget_lines=(line,), base_funding_sek=allowed + 1)
    assert rules.check_base_funding(facts=at, limits=limits) == []
    assert rules.check_base_funding(facts=over, limits=limits) != []


@given(day=st.dates(max_value=date(9000, 1, 1)), months=st.integers(0, 12_000))
def test_add_months_stays_in_the_month(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day < day.day:  # kept within the month: its last day
        assert (moved + timedelta(days=1)).day == 1


@given(start=any_dates, end=any_dates, limits=limits)
def test_duration_any_dates(start, end, limits):
    """Any stored start and end: a warning or nothing, never an exception."""
    assert_reasons(rules.check_duration(facts=rules.PlanFacts(start=start, end=end), limits=limits))


@given(
    done=st.lists(st.sampled_from(["web", "newsletter", "network_meeting", "x"]), max_size=5),
    acknowledged=st.lists(st.text(max_size=30), max_size=4),
    submitted=st.dates(),
    start=st.one_of(st.none(), st.dates()),
)
def test_closing_and_timing_rules(done, acknowledged, submitted, start):
    channels = ["web", "newsletter", "network_meeting", "annual_conference"]
    reasons = rules.check_close(
        done_channels=done, all_channels=channels, acknowledged=acknowledged
    )
    assert_reasons(reasons)
    assert ("no_channel_disseminated" in {r.code for r in reasons}) == (
        not set(done) & set(channels)
    )
    assert_reasons(rules.check_report_timing(submitted_on=submitted, plan_start=start))


@given(current=st.sampled_from(State.values), target=st.sampled_from(State.values + ["x"]))
def test_transitions_only_along_the_table(current, target):
    reasons = rules.check_transition(current=current, target=target, allowed=TRANSITIONS)
    assert_reasons(reasons)
    assert (not reasons) == (target in TRANSITIONS.get(current, set()))


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
option_ids = st.frozensets(st.integers(1, 50), max_size=6)


@given(
    kind=st.sampled_from([*live_rules.KINDS, "unknown"]),
    ids=option_ids,
    dots=st.integers(1, 20),
    scale_max=st.sampled_from([5, 10]),
    ask_why=st.booleans(),
    options=st.one_of(st.none(), st.lists(st.one_of(st.integers(0, 60), json_values), max_size=4)),
    text=st.one_of(st.none(), st.text(max_size=600)),
    spread=st.one_of(
        st.none(),
        st.dictionaries(st.one_of(st.integers(0, 60).map(str), st.text(max_size=3)), json_values),
    ),
    value=json_values,
    replies=st.one_of(
        st.none(),
        st.dictionaries(
            st.one_of(st.integers(0, 60).map(str), st.text(max_size=3)),
            st.one_of(st.sampled_from(live_rules.DATE_REPLIES), json_values),
        ),
    ),
    name=st.text(max_size=200),
)
def test_live_answers_any_body(
    kind, ids, dots, scale_max, ask_why, options, text, spread, value, replies, name
):
    """An answer as the API's body allows it (any JSON in the loose fields)."""
    question = live_rules.QuestionFacts(
        kind=kind, option_ids=ids, dots=dots, scale_max=scale_max, ask_why=ask_why
    )
    answer = live_rules.AnswerIn(
        options=options,
        text=text,
        dots=spread,
        value=value,
        dates=replies,
        volunteer_name=name,
        volunteer_organisation=name,
    )
    checked = live_rules.check_answer(question=question, answer=answer)
    assert (checked.answer is None) == bool(checked.reasons)
    for code in checked.reasons:
        assert_swedish(live_messages.message(code), code=code)


@given(
    kind=st.sampled_from(live_rules.KINDS),
    text=st.text(max_size=400),
    options=st.lists(st.text(max_size=250), max_size=35),
    dots=st.integers(-5, 30),
    scale_max=st.integers(0, 12),
)
def test_live_question_as_written(kind, text, options, dots, scale_max):
    reasons = live_rules.check_question(
        kind=kind, text=text, options=options, dots=dots, scale_max=scale_max
    )
    for code in reasons:
        assert_swedish(live_messages.message(code), code=code)


@given(
    first=st.dates(),
    last=st.dates(),
    start=st.times(),
    end=st.times(),
    address=st.text(max_size=5),
    link=st.text(max_size=5),
    opens=st.one_of(st.none(), st.datetimes()),
    closes=st.one_of(st.none(), st.datetimes()),
    now=st.datetimes(),
    item_day=st.one_of(st.none(), st.dates()),
)
def test_meeting_rules(first, last, start, end, address, link, opens, closes, now, item_day):
    times = meeting_rules.MeetingTimes(date=first, last_date=last, start_time=start, end_time=end)
    codes = [
        *meeting_rules.check_meeting(
            times=times,
            address=address,
            digital_link=link,
            registration_opens=opens,
            registration_closes=closes,
        ),
        *meeting_rules.check_item_time(times=times, day=item_day, start_time=start),
        *meeting_rules.check_registration_window(
            now=now, opens=opens, closes=closes, meeting_starts=now
        ),
    ]
    assert meeting_rules.MEETING_OVER in codes
    for code in codes:
        assert_swedish(meeting_messages.message(code), code=code)
