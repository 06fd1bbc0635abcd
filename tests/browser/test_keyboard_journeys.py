"""Keyboard-only walks of the main journeys (issue 17 part 4), on one seeded demo.

Each journey uses the keyboard only: Tab, Enter, Space, the arrow keys and
typing into a field the focus reached by Tab. No clicks, no filling of fields; a journey
starts from an address typed into the browser (page.goto). At every stop the focused
element must show a focus indicator (a computed outline or box-shadow). The journeys:
a phone participant joins the live dialog with the code and answers with a "why?"; a
member's representative registers for an upcoming meeting; the office goes from its
inbox to a submitted final report and returns it with a comment; a region answers an
open survey from "Att göra" on its start page.

One test, so the demo is seeded once (the live server's database is emptied after each
test); each journey in a browser context of its own.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from reglab.accounts.models import User
from reglab.live.models import Answer, Question
from reglab.live.services.question import question_open
from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import Meeting, Registration
from reglab.provrum.models import Provrum
from reglab.surveys.models import Survey, SurveyAnswer
from tests.browser.test_live_dialog import watch_errors
from tests.browser.xss_world import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
MEETING = "RUS-nätverkets träff: Strategierna som styrinstrument"
QUESTION = "Är RUSen styrande för vår egen verksamhet?"
# Where the focus is after a key press: whether it matches the selector sought, and
# whether it shows (a computed outline or box-shadow); the page itself needs none.
FOCUS = """(selector) => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    matches: element.matches(selector),
    shown: element === document.body || outline || style.boxShadow !== "none",
    element: element.outerHTML.slice(0, 120),
  };
}"""


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Tab until ``selector`` has the focus; every stop on the way must show the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, selector)
        assert focus["shown"], f"the focus is not visible on {focus['element']}"
        if focus["matches"]:
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def follow(page, selector: str, url: str) -> None:
    """Tab to a link and follow it with Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(url)))


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + reverse("account_login"))
    tab_to(page, "#id_login")
    page.keyboard.type(email)
    tab_to(page, "#id_password", limit=3)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def test_the_main_journeys_by_keyboard_only(browser, live_server, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
    errors = []
    for journey, viewport in (
        (answer_live_on_a_phone, PHONE),
        (register_for_a_meeting, LAPTOP),
        (return_a_report, LAPTOP),
        (answer_a_survey, LAPTOP),
    ):
        # Closed before the live server goes: the live dialog's page keeps fetching.
        context = browser.new_context(locale="sv-SE", viewport=viewport)
        try:
            page = context.new_page()
            watch_errors(page, errors)
            journey(page, live_server)
        finally:
            context.close()
    assert errors == []


def answer_live_on_a_phone(page, live_server):
    office = User.objects.get(email="kansli@reglab.example")
    question = Question.objects.get(meeting__title=MEETING, text=QUESTION)
    question_open(question=question, by=office)
    code = room_get_or_create(meeting=question.meeting).code

    page.goto(live_server.url + reverse("live:join"))
    tab_to(page, "#join-code")
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(QUESTION)
    tab_to(page, "input[type=radio][name=option]")
    page.keyboard.press("ArrowDown")  # from "Ja!" to "Nja…", checked as it moves
    expect(page.get_by_label("Nja…")).to_be_checked()
    tab_to(page, "#why", limit=3)
    page.keyboard.type("Den styr mer än vi trodde.")
    tab_to(page, "form button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Ditt svar är sparat")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    answer = Answer.objects.get(question=question)
    chosen = question.options.get(text="Nja…")
    assert answer.choice == [chosen.pk], answer.choice
    assert answer.text == "Den styr mer än vi trodde."


def register_for_a_meeting(page, live_server):
    sign_in(page, live_server, "region-gotland@reglab.example")
    follow(page, f".main-nav a[href='{reverse('meetings:list')}']", reverse("meetings:list"))
    meeting = Meeting.objects.filter(title=MEETING).latest("date").get_absolute_url()
    follow(page, f"main a[href='{meeting}']", meeting)
    expect(page.locator("h1")).to_contain_text("Strategierna som styrinstrument")
    tab_to(page, "#anmalan .registration-form [name=dietary_needs]")
    page.keyboard.type("Vegetarisk")
    tab_to(page, "#anmalan .registration-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Du är anmäld. Välkommen!")
    registration = Registration.objects.get(
        email="region-gotland@reglab.example", meeting__title=MEETING
    )
    assert (registration.status, registration.dietary_needs) == ("registered", "Vegetarisk")


def return_a_report(page, live_server):
    provrum = Provrum.objects.get(report__status="submitted")
    report = reverse("provrum:report", args=[provrum.pk])
    sign_in(page, live_server, "kansli@reglab.example")
    follow(page, f".main-nav a[href='{reverse('todo:inbox')}']", reverse("todo:inbox"))
    follow(page, f"#inbox-reports a[href='{report}']", report)
    tab_to(page, "#id_return_comment")
    page.keyboard.type("Lägg till hur resultaten ska spridas.")
    tab_to(page, "#report-decision .close-form button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    # The platform's own confirmation: its "Cancel" has the focus; one Tab to "Yes".
    expect(page.locator("#confirm-dialog")).to_be_visible()
    tab_to(page, "#confirm-dialog button[value=confirm]", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lägg till hur resultaten ska spridas.")
    provrum.report.refresh_from_db()
    assert provrum.report.status == "returned", provrum.report.status


def answer_a_survey(page, live_server):
    survey = Survey.objects.get(title="RUS-läget i regionerna")
    sign_in(page, live_server, "region-gotland@reglab.example")
    expect(page.locator("#todo-title")).to_be_visible()
    follow(page, "[data-kind=survey] a", reverse("surveys:detail", args=[survey.pk]))
    tab_to(page, "main form input[type=radio]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Analys → Framtagande → Remiss
    expect(page.get_by_label("Remiss")).to_be_checked()
    tab_to(page, "main form textarea")
    page.keyboard.type("Stöd i uppföljningen.")
    tab_to(page, "main form button[name=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Svaret är inskickat")
    answer = SurveyAnswer.objects.get(survey=survey, organisation__slug="region-gotland")
    assert (answer.status, answer.submitted_at is not None) == ("submitted", True)
    assert "Stöd i uppföljningen." in str(answer.data), answer.data
