"""Forms and confirmations as in the government design patterns: an error summary that
takes focus and links to each field; confirmations in the platform's own dialog."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reglab.accounts.models import Affiliation, AffiliationStatus
from tests.browser.test_live_dialog_sockets import signed_in_cookie
from tests.browser.test_todo_pages import demo, sign_in  # noqa: F401
from tests.factories import AffiliationFactory, UserFactory
from tests.provrum.conftest import cast_of, proposal

pytestmark = pytest.mark.browser

PASSWORD = "Ett-langt-losenord-2026"


def test_the_error_summary_takes_focus_and_links_to_the_field(page, live_server, tmp_path):
    page.goto(live_server.url + reverse("account_signup"))
    page.locator("#id_email").fill("ny@example.se")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator(f"form[action='{reverse('account_signup')}'] button[type=submit]").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Det finns ett problem")
    page.screenshot(path=tmp_path / "error-summary.png", full_page=True)
    summary.get_by_role("link", name="Skriv ditt namn.").click()
    expect(page.locator("#id_name")).to_be_focused()


def test_a_meeting_and_a_survey_form_focus_their_error_summary(browser, live_server, office_user):
    # Not the page fixture: a form sent back answers 400, which Chromium logs as an error.
    context = browser.new_context(locale="sv-SE")
    context.add_cookies([signed_in_cookie(office_user, live_server.url)])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "status of 400" not in message.text
            and errors.append(message.text)
        ),
    )
    try:
        for form, button in (("meetings:create", "Spara"), ("surveys:create", "Spara och skicka")):
            page.goto(live_server.url + reverse(form))
            page.get_by_role("button", name=button, exact=True).click()
            summary = page.locator("[data-error-summary]")
            expect(summary).to_be_focused()
            summary.locator("a[href='#id_title']").click()
            expect(page.locator("#id_title")).to_be_focused()
    finally:
        context.close()
    assert errors == []


def test_a_refused_comment_sent_by_htmx_focuses_its_summary(page, live_server, office_user):
    cast = cast_of(office_user)
    provrum = proposal(cast)
    page.context.add_cookies([signed_in_cookie(cast["people"]["orebro"], live_server.url)])
    page.goto(live_server.url + provrum.get_absolute_url())
    page.locator("#id_comment_body").fill("   ")
    page.get_by_role("button", name="Skicka kommentaren").click()

    summary = page.locator("#comment-errors")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Skriv en kommentar först.").click()
    expect(page.locator("#id_comment_body")).to_be_focused()


def test_a_confirmation_is_the_platforms_dialog(page, live_server, demo, region):  # noqa: F811
    person = UserFactory(email="ny@example.se", name="Ny Person")
    AffiliationFactory(person=person, organisation=region, status=AffiliationStatus.REQUESTED)
    sign_in(page, live_server, "kansli@reglab.example")
    page.goto(live_server.url + reverse("accounts:affiliation_queue"))

    native = []
    page.on("dialog", lambda dialog: (native.append(dialog.message), dialog.dismiss()))
    dialog = page.locator("#confirm-dialog")
    page.get_by_role("button", name="Avslå").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()
    assert Affiliation.objects.get(person=person).status == AffiliationStatus.REQUESTED

    page.get_by_role("button", name="Avslå").click()
    dialog.get_by_role("button", name="Ja, fortsätt").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Affiliation.objects.get(person=person).status == AffiliationStatus.REJECTED
    assert native == []


def test_time_fields_are_tappable_on_a_phone(browser, live_server, office_user):
    """The meeting form's time and date-time fields are styled like the other inputs:
    big enough to tap (44 px) and inside a 360 px screen."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 360, "height": 740})
    context.add_cookies([signed_in_cookie(office_user, live_server.url)])
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("meetings:create"))
        for field in ("#id_start_time", "#id_end_time", "#id_registration_closes"):
            box = page.locator(field).bounding_box()
            assert box["height"] >= 44, field
            assert box["x"] + box["width"] <= 360, field
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
