"""The selection process in a real browser (Chromium), as people would do it.

A member region proposes and publishes; a second region and a partner register
interest (htmx, in place); the proposer makes its own organisation leader; the
office finds the provrum ready in its queue and gives the go-ahead.
Assertions rest on data attributes, URLs and the database, not on wording.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reglab.provrum.models import Interest, Provrum, State
from tests.conftest import PASSWORD
from tests.factories import AffiliationFactory, PartnerFactory, RegionFactory, UserFactory
from tests.second_factor import fresh_code_for

pytestmark = pytest.mark.browser
NARROW = {"width": 360, "height": 740}


@pytest.fixture
def people(live_server):
    skane = RegionFactory(name="Region Skåne", slug="region-skane", county_code="12")
    orebro = RegionFactory(name="Region Örebro län", slug="region-orebro-lan", county_code="18")
    kontigo = PartnerFactory(name="Kontigo", slug="kontigo")
    reps = {}
    for key, organisation in {"skane": skane, "orebro": orebro, "kontigo": kontigo}.items():
        reps[key] = UserFactory(email=f"{key}@example.se", name=key.title())
        AffiliationFactory(person=reps[key], organisation=organisation)
    reps["office"] = UserFactory(email="kansli@example.se", name="Kansliet", is_office=True)
    return reps


def sign_in(page, live_server, person):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(person.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()
    if person.is_office or person.is_staff or person.is_superuser:
        # The office's second factor: the code its authenticator app would show.
        expect(page).to_have_url(live_server.url + reverse("mfa_authenticate"))
        page.locator("#id_code").fill(fresh_code_for(person))
        form = page.locator(f"form[action='{reverse('mfa_authenticate')}']")
        form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def register_interest(page, live_server, provrum, slug):
    page.goto(live_server.url + provrum.get_absolute_url())
    form = page.locator(f"form[action^='{reverse('provrum:interest', args=[provrum.pk])}']")
    form.locator("button[type=submit]").click()
    # htmx swaps the group in place; the page itself does not reload.
    expect(page.locator(f"#group [data-organisation='{slug}']")).to_be_visible()
    expect(page).to_have_url(live_server.url + provrum.get_absolute_url())


def test_from_proposal_to_go_ahead(page, live_server, people, tmp_path):
    # A member region proposes and publishes.
    sign_in(page, live_server, people["skane"])
    page.goto(live_server.url + reverse("provrum:board"))
    page.locator(f"a[href='{reverse('provrum:create')}']").first.click()
    page.locator("#id_title").fill("Regionerna och AI för analys")
    page.locator("#id_summary").fill("Vi vill pröva hur AI kan visualisera regionala data.")
    page.locator("#id_question").fill("Hur kan regionerna använda AI för analys?")
    page.locator("#id_kind_1").check()
    page.locator("#id_intended_use_1").check()
    page.locator("#id_other_themes").fill("AI, visualisering")
    page.locator("#id_wants_to_lead").check()
    page.locator("form.provrum-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/provrum/\d+/$"))
    provrum = Provrum.objects.get()
    assert provrum.state == State.DRAFT
    page.locator(f"form[action='{reverse('provrum:publish', args=[provrum.pk])}'] button").click()
    expect(page.locator("#steps")).to_have_attribute("data-state", "proposed")

    # A second region's and a partner's representatives register interest.
    sign_in(page, live_server, people["orebro"])
    register_interest(page, live_server, provrum, "region-orebro-lan")
    expect(page.locator("#steps")).to_have_attribute("data-state", "interest")
    sign_in(page, live_server, people["kontigo"])
    register_interest(page, live_server, provrum, "kontigo")
    assert Interest.objects.filter(provrum=provrum).count() == 3

    # The proposer chooses its own organisation as leader: the provrum is ready.
    sign_in(page, live_server, people["skane"])
    page.goto(live_server.url + provrum.get_absolute_url())
    page.locator("#id_leader_organisation").select_option(label="Region Skåne")
    page.locator(f"form[action^='{reverse('provrum:leader', args=[provrum.pk])}'] button").click()
    expect(page.locator("#steps")).to_have_attribute("data-state", "ready")
    expect(page.locator(".readiness-status")).to_have_attribute("data-ready", "true")
    page.screenshot(path=tmp_path / "provrum-ready.png", full_page=True)

    # The office sees it ready in its queue and gives the go-ahead.
    sign_in(page, live_server, people["office"])
    page.goto(live_server.url + reverse("provrum:queue"))
    item = page.locator(f".queue-item:has(a[href^='{provrum.get_absolute_url()}'])")
    expect(item).to_have_attribute("data-state", "ready")
    expect(item).to_have_attribute("data-ready", "true")
    item.locator("a.button").click()
    expect(page).to_have_url(re.compile(rf"/provrum/{provrum.pk}/#decision$"))
    page.locator("#id_go_ahead_comment").fill("Välkommet provrum – kör!")
    page.locator(f"form[action^='{reverse('provrum:go_ahead', args=[provrum.pk])}'] button").click()
    expect(page.locator("#steps")).to_have_attribute("data-state", "go_ahead")
    provrum.refresh_from_db()
    assert provrum.state == State.GO_AHEAD
    assert provrum.leader.slug == "region-skane"
    page.screenshot(path=tmp_path / "provrum-go-ahead.png", full_page=True)


def test_provrum_pages_fit_a_narrow_screen(page, live_server, people):
    sign_in(page, live_server, people["skane"])
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + reverse("provrum:create"))
    page.locator("#id_title").fill("Smal skärm")
    page.locator("#id_summary").fill("Sammanfattning")
    page.locator("#id_question").fill("Fråga?")
    page.locator("#id_kind_0").check()
    page.locator("#id_intended_use_0").check()
    # A double click sends the form once (and the service would also refuse a duplicate).
    page.locator("form.provrum-form button[type=submit]").dblclick()
    expect(page).to_have_url(re.compile(r"/provrum/\d+/$"))
    assert Provrum.objects.filter(title="Smal skärm").count() == 1
    for path in (page.url, live_server.url + reverse("provrum:board")):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (path, width)
