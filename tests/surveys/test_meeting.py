"""Part 5: a survey's results attached to a programme item, on the big screen and the look back."""

import datetime as dt

import pytest
from django.urls import reverse

from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import ItemKind, ProgrammeItem
from reglab.surveys.models import Audience, ItemSurvey
from reglab.surveys.services.meeting import survey_attach, survey_show_on_screen
from tests.factories import RegionFactory, UserFactory
from tests.live.conftest import open_question
from tests.meetings.conftest import make_meeting
from tests.surveys.conftest import make_survey
from tests.surveys.test_results import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(network):
    meeting = make_meeting(network, days=0)
    return ProgrammeItem.objects.create(
        meeting=meeting, start_time=dt.time(10, 15), title="Läget i regionerna", kind=ItemKind.THEME
    )


def attach_url(item):
    return reverse("surveys:meeting_attach", kwargs={"pk": item.meeting_id})


def screen_body(client, meeting):
    token = room_get_or_create(meeting=meeting).presenter_token
    return client.get(reverse("live:screen_results", kwargs={"token": token})).content.decode()


CODES = ["01", "03", "04", "05", "06", "07", "08", "09", "13", "14", "17", "18", "19", "20"]


def regions(count, start=0):
    return [
        RegionFactory(name=f"Region {n}", slug=f"region-{n}", county_code=CODES[n])
        for n in range(start, start + count)
    ]


def answered(survey, count, region=None, start=0):
    stage = survey.questions.get(kind="stage")
    organisations = regions(count - (1 if region else 0), start) + ([region] if region else [])
    survey.recipients.add(*organisations)
    for n, organisation in enumerate(organisations):
        submit(survey, organisation, {str(stage.pk): 1 + n % 2})
    return stage


@pytest.mark.parametrize(
    ("who", "status", "attached"),
    [
        ("office_user", 302, True),
        ("coordinator", 302, True),  # hosts the network's meeting, represents a region asked
        ("member_rep", 403, False),
        ("partner_rep", 403, False),
        ("plain_user", 403, False),
    ],
)
def test_who_attaches_a_survey(client, request, coordinator, item, survey, who, status, attached):
    client.force_login(request.getfixturevalue(who))
    response = client.post(attach_url(item), {"survey": survey.pk, "item": item.pk})
    assert response.status_code == status
    assert ItemSurvey.objects.filter(item=item, survey=survey).exists() is attached


def test_signed_out_is_sent_to_sign_in(client, item, survey):
    response = client.post(attach_url(item), {"survey": survey.pk, "item": item.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ItemSurvey.objects.exists()


def test_a_host_cannot_attach_a_survey_they_may_not_read(
    client, item, office_user, coordinator, partner_org
):
    hidden = make_survey(office_user, audience=Audience.CHOSEN, organisations=[partner_org])
    client.force_login(coordinator)
    page = client.post(attach_url(item), {"survey": hidden.pk, "item": item.pk}, follow=True)
    assert "Välj en enkät och en av mötets programpunkter." in page.content.decode()
    assert not ItemSurvey.objects.exists()
    with pytest.raises(Exception, match="resultat"):
        survey_attach(by=coordinator, item=item, survey=hidden)


def test_bad_input_gives_a_swedish_message(client, item, survey, office_user, network):
    other = ProgrammeItem.objects.create(
        meeting=make_meeting(network, days=5), start_time=dt.time(9), title="Annat", kind="talk"
    )
    client.force_login(office_user)
    for data in ({"survey": "x", "item": item.pk}, {"survey": survey.pk, "item": other.pk}, {}):
        page = client.post(attach_url(item), data, follow=True).content.decode()
        assert "Välj en enkät och en av mötets programpunkter." in page
    client.post(attach_url(item), {"survey": survey.pk, "item": item.pk})
    page = client.post(attach_url(item), {"survey": survey.pk, "item": item.pk}, follow=True)
    assert "redan" in page.content.decode()
    assert ItemSurvey.objects.count() == 1


def test_the_big_screen_shows_the_survey_between_questions(client, item, survey, office_user):
    answered(survey, 3)
    link = survey_attach(by=office_user, item=item, survey=survey)
    meeting = item.meeting
    assert survey.title not in screen_body(client, meeting)
    client.force_login(office_user)
    client.post(
        reverse("surveys:meeting_screen", kwargs={"pk": meeting.pk, "link": link.pk}),
        {"shown": "1"},
    )
    client.logout()
    body = screen_body(client, meeting)
    assert survey.title in body and "Analys" in body and 'class="bars"' in body
    assert "sweden-map" in body  # a named survey: the map of the regions
    question = open_question(meeting, office_user, text="En öppen fråga?")
    assert question.text in screen_body(client, meeting)
    assert survey.title not in screen_body(client, meeting)


def test_only_one_survey_on_the_screen(item, survey, office_user):
    second = make_survey(office_user)
    first = survey_attach(by=office_user, item=item, survey=survey)
    other = survey_attach(by=office_user, item=item, survey=second)
    survey_show_on_screen(by=office_user, link=first, shown=True)
    survey_show_on_screen(by=office_user, link=other, shown=True)
    assert list(ItemSurvey.objects.filter(on_screen=True)) == [other]


def test_a_member_may_not_change_the_screen(client, item, survey, office_user, member_rep):
    link = survey_attach(by=office_user, item=item, survey=survey)
    client.force_login(member_rep)
    for name in ("meeting_screen", "meeting_detach"):
        url = reverse(f"surveys:{name}", kwargs={"pk": item.meeting_id, "link": link.pk})
        assert client.post(url, {"shown": "1"}).status_code == 403
    assert ItemSurvey.objects.get().on_screen is False


def test_the_anonymity_threshold_holds_on_screen_and_look_back(client, item, office_user, region):
    survey = make_survey(office_user, anonymous=True)
    answered(survey, 2, region)
    link = survey_attach(by=office_user, item=item, survey=survey)
    survey_show_on_screen(by=office_user, link=link, shown=True)
    meeting_url = reverse("meetings:detail", kwargs={"pk": item.meeting_id})
    for page in (screen_body(client, item.meeting), client.get(meeting_url).content.decode()):
        assert "minst tre organisationer" in page and "Analys" not in page
    submit(survey, regions(1, 5)[0], {str(survey.questions.get(kind="stage").pk): 1})
    for page in (screen_body(client, item.meeting), client.get(meeting_url).content.decode()):
        assert "Analys" in page and "Region Skåne" not in page and "sweden-map" not in page


def test_the_look_back_shows_the_results(client, item, survey, office_user, member_rep):
    answered(survey, 3, survey.recipients.get(slug="region-skane"))
    survey_attach(by=office_user, item=item, survey=survey)
    page = client.get(reverse("meetings:detail", kwargs={"pk": item.meeting_id})).content.decode()
    assert "Enkätresultat" in page and survey.title in page and "sweden-map" in page
    later = make_meeting(item.meeting.network, days=7, title="Senare träff")
    later_item = ProgrammeItem.objects.create(
        meeting=later, start_time=dt.time(9), title="Enkäten", kind="theme"
    )
    survey_attach(by=office_user, item=later_item, survey=survey)
    client.force_login(member_rep)
    assert survey.title not in client.get(later.get_absolute_url()).content.decode()
    client.force_login(office_user)
    assert survey.title in client.get(later.get_absolute_url()).content.decode()


def test_query_counts_do_not_grow_with_answers(
    client, item, survey, office_user, django_assert_max_num_queries
):
    answered(survey, 2)
    link = survey_attach(by=office_user, item=item, survey=survey)
    survey_show_on_screen(by=office_user, link=link, shown=True)
    meeting_url = reverse("meetings:detail", kwargs={"pk": item.meeting_id})
    client.force_login(office_user)
    with django_assert_max_num_queries(40) as few:
        client.get(meeting_url)
    answered(survey, 8, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(meeting_url)
    client.logout()
    screen_body(client, item.meeting)
    with django_assert_max_num_queries(20):
        screen_body(client, item.meeting)


def test_the_hosts_page_lists_the_attached_surveys(client, coordinator, item, survey):
    survey_attach(by=coordinator, item=item, survey=survey)
    client.force_login(coordinator)
    page = client.get(reverse("live:host", kwargs={"pk": item.meeting_id})).content.decode()
    assert "Visa på storbildsskärmen" in page and survey.title in page
    client.force_login(UserFactory(email="annan@example.se"))
    assert client.get(reverse("live:host", kwargs={"pk": item.meeting_id})).status_code == 403
