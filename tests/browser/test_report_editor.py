"""The final report in a real browser (Chromium): what is missing follows what is typed,
submitting asks first, and the office approves after a confirmation.

The provrum runs with an approved plan of two criteria and one indicator
(tests/provrum/report_fixtures.py). Assertions rest on data attributes and the
database, not on wording.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reglab.provrum.models import FinalReport, Provrum, State
from tests.browser.test_provrum_flow import NARROW, sign_in
from tests.provrum.conftest import cast  # noqa: F401  (a fixture)
from tests.provrum.report_fixtures import running

pytestmark = pytest.mark.browser


@pytest.fixture
def provrum(live_server, cast):  # noqa: F811
    return running(cast)


def missing_codes(page):
    return page.locator("#report-missing").get_attribute("data-reason-codes").split()


def test_the_leader_writes_and_submits_and_the_office_approves(
    page,
    live_server,
    cast,  # noqa: F811
    provrum,
    tmp_path,
):
    sign_in(page, live_server, cast["people"]["skane"])
    page.goto(live_server.url + reverse("provrum:report", args=[provrum.pk]))
    assert missing_codes(page).count("report_outcome_missing") == 3

    page.locator("#id_results-0-outcome_partly").check()
    page.locator("#id_results-1-outcome_met").check()
    page.locator("#id_results-2-outcome_not_met").check()
    page.locator("#id_results-2-evidence").fill("Enkäten görs i höst.")
    page.locator("#id_summary").fill("Två av tre regioner använder metoden.")
    # The server's check follows the form as it is typed (htmx), before any save.
    expect(page.locator("#report-missing")).to_have_attribute(
        "data-reason-codes", "report_lessons_missing "
    )
    page.locator("#id_lessons").fill("Öppna data räcker långt.")
    expect(page.locator("#report-missing [data-complete='true']")).to_be_visible()
    assert not FinalReport.objects.exists()
    page.screenshot(path=tmp_path / "report-editor.png", full_page=True)

    # Submitting asks first; saying no sends nothing.
    page.locator("button[value=submit]").click()
    page.locator("#confirm-dialog button[value=cancel]").click()
    assert not FinalReport.objects.exists()
    page.locator("button[value=submit]").click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")
    assert Provrum.objects.get(pk=provrum.pk).state == State.REPORTED

    sign_in(page, live_server, cast["office"])
    page.goto(live_server.url + reverse("provrum:report", args=[provrum.pk]))
    page.locator("form[action$='/slutrapport/godkann/'] button[type=submit]").click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")
    assert FinalReport.objects.get(provrum=provrum).is_published
    page.screenshot(path=tmp_path / "report-approved.png", full_page=True)


def test_the_report_fits_a_narrow_screen(page, live_server, cast, provrum):  # noqa: F811
    sign_in(page, live_server, cast["people"]["orebro"])
    page.set_viewport_size(NARROW)
    for name in ("report", "report_versions"):
        page.goto(live_server.url + reverse(f"provrum:{name}", args=[provrum.pk]))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (name, width)
