"""The dissemination rule before closing: pure, no database.

At least one channel must have a date (must); each channel without one is a
warning the office acknowledges (should). Boundaries: 0, 1, 3 and all 4 done.
"""

import pytest

from reglab.provrum.messages import reason_message
from reglab.provrum.rules import ERROR, WARNING, check_close, check_dissemination

CHANNELS = ("web", "newsletter", "network_meeting", "annual_conference")


def codes(reasons, severity=None):
    return [r.code for r in reasons if severity is None or r.severity == severity]


def test_no_channel_done_is_an_error_and_every_channel_a_warning():
    reasons = check_dissemination(done_channels=set(), all_channels=CHANNELS)
    assert codes(reasons, ERROR) == ["no_channel_disseminated"]
    assert codes(reasons, WARNING) == [f"not_disseminated_{c}" for c in CHANNELS]


@pytest.mark.parametrize(
    ("done", "warned"),
    [
        ({"web"}, ["newsletter", "network_meeting", "annual_conference"]),
        ({"annual_conference"}, ["web", "newsletter", "network_meeting"]),
        ({"web", "newsletter", "network_meeting"}, ["annual_conference"]),
    ],
)
def test_one_channel_done_is_enough_the_others_warn(done, warned):
    reasons = check_dissemination(done_channels=done, all_channels=CHANNELS)
    assert codes(reasons, ERROR) == []
    assert codes(reasons, WARNING) == [f"not_disseminated_{c}" for c in warned]


def test_all_four_done_has_nothing_to_say():
    assert check_dissemination(done_channels=set(CHANNELS), all_channels=CHANNELS) == []


def test_a_channel_outside_the_list_does_not_count():
    reasons = check_dissemination(done_channels={"podcast"}, all_channels=CHANNELS)
    assert "no_channel_disseminated" in codes(reasons, ERROR)


def test_closing_needs_every_warning_acknowledged():
    reasons = check_close(done_channels={"web"}, all_channels=CHANNELS, acknowledged=set())
    assert codes(reasons, ERROR) == ["dissemination_not_acknowledged"]
    error = next(r for r in reasons if r.code == "dissemination_not_acknowledged")
    assert error.params["codes"].split(", ") == [
        "not_disseminated_newsletter",
        "not_disseminated_network_meeting",
        "not_disseminated_annual_conference",
    ]


def test_one_warning_left_unacknowledged_still_blocks():
    acknowledged = {"not_disseminated_newsletter", "not_disseminated_network_meeting"}
    reasons = check_close(done_channels={"web"}, all_channels=CHANNELS, acknowledged=acknowledged)
    error = next(r for r in reasons if r.code == "dissemination_not_acknowledged")
    assert error.params["codes"] == "not_disseminated_annual_conference"


def test_acknowledged_warnings_let_one_done_channel_close():
    acknowledged = {f"not_disseminated_{c}" for c in CHANNELS[1:]}
    reasons = check_close(done_channels={"web"}, all_channels=CHANNELS, acknowledged=acknowledged)
    assert codes(reasons, ERROR) == []
    assert len(codes(reasons, WARNING)) == 3


def test_acknowledging_everything_does_not_replace_a_done_channel():
    acknowledged = {f"not_disseminated_{c}" for c in CHANNELS}
    reasons = check_close(done_channels=set(), all_channels=CHANNELS, acknowledged=acknowledged)
    assert codes(reasons, ERROR) == ["no_channel_disseminated"]


def test_all_done_closes_without_acknowledging_anything():
    assert check_close(done_channels=set(CHANNELS), all_channels=CHANNELS, acknowledged=()) == []


@pytest.mark.parametrize(
    "code",
    [
        "no_channel_disseminated",
        "dissemination_not_acknowledged",
        "report_not_approved",
        "dissemination_not_open",
        "survey_already_answered",
        *[f"not_disseminated_{c}" for c in CHANNELS],
    ],
)
def test_every_code_has_a_message(code):
    from reglab.provrum.rules import Reason

    assert reason_message(Reason(code, ERROR, {"codes": "x", "total": 4})) != code
