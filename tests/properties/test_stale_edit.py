"""Stale edit: two editors of a plan (and of a final report) load, type and save in any order.

Each interleaving starts with both editors holding the current version N; then each
step is an editor loading the document again or saving new text, through the API (PUT
with the version) or the editor's form. The model: a save from the current version is
taken; any other is refused – 409 ``stale_version`` naming the current version (API),
or the form again with 409, the typed text kept and the current version in the form.
After every step the stored text is the last acknowledged one: 0 silent overwrites.

Default 20 interleavings per document, 100 under ``HYPOTHESIS_PROFILE=thorough``.
"""

import itertools
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from reglab.provrum.models import FinalReport, ProjectPlan
from tests.properties.conftest import INTERLEAVINGS
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import cast_of
from tests.provrum.plan_fixtures import valid_plan, with_go_ahead
from tests.provrum.report_fixtures import running, valid_report
from tests.provrum.test_plan_views import plan_post
from tests.provrum.test_report_views import report_post

pytestmark = pytest.mark.django_db

DOCUMENTS = {
    # model, text field, API body, form body
    "plan": (ProjectPlan, "purpose", valid_plan, plan_post),
    "report": (FinalReport, "summary", valid_report, report_post),
}
_texts = itertools.count(1)


@dataclass
class Editor:
    name: str
    api: ApiClient
    browser: Client
    version: int = 0  # the version the editor's copy started from


@pytest.fixture(params=sorted(DOCUMENTS))
def desk(request, office_user):
    """The document's provrum and its two editors (Skåne's and Örebro's representatives)."""
    kind = request.param
    cast = cast_of(office_user)
    provrum = with_go_ahead(cast) if kind == "plan" else running(cast)
    editors = []
    for key in ("skane", "orebro"):
        person = cast["people"][key]
        browser = Client()
        browser.force_login(person)
        editors.append(Editor(key, ApiClient(Client(), person), browser))
    return kind, provrum, editors


def stored(kind, provrum) -> tuple[int, str | None]:
    model, field, _api, _form = DOCUMENTS[kind]
    found = model.objects.filter(provrum=provrum).values_list("version", "data").first()
    return (found[0], found[1][field]) if found else (0, None)


steps = st.lists(
    st.tuples(
        st.integers(0, 1), st.sampled_from(["load", "save"]), st.sampled_from(["api", "form"])
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=INTERLEAVINGS)
@given(steps=steps)
def test_two_editors_never_overwrite_each_other_unseen(desk, steps):
    kind, provrum, editors = desk
    model, field, api_body, form_body = DOCUMENTS[kind]
    api_url = f"/api/v1/provrum/{provrum.pk}/{kind}"
    form_url = reverse(f"provrum:{kind}", args=[provrum.pk])
    current, acknowledged = stored(kind, provrum)
    for editor in editors:  # both hold version N
        editor.version = current
    # The two editors save first, in either order, whatever the steps add: one conflict at least.
    for who, action, channel in [(0, "save", steps[0][2]), (1, "save", steps[1][2]), *steps[2:]]:
        editor = editors[who]
        if action == "load":
            if channel == "api":
                editor.version = editor.api.get(api_url).json()["version"]
            else:
                page = editor.browser.get(form_url)
                assert f'name="version" value="{current}"' in page.content.decode()
                editor.version = current
            continue
        text = f"{editor.name} skrev text {next(_texts)} – åäö"
        fresh = editor.version == current
        if channel == "api":
            response = editor.api.put(
                api_url, {"version": editor.version, "data": api_body(**{field: text})}
            )
            if fresh:
                assert response.status_code == 200, response.content
                assert response.json()["version"] == current + 1
            else:
                assert response.status_code == 409, response.content
                body = response.json()
                assert [reason["code"] for reason in body["reasons"]] == ["stale_version"]
                assert body["version"] == current
        else:
            response = editor.browser.post(
                form_url, form_body(**{field: text, "version": str(editor.version)})
            )
            if fresh:
                assert response.status_code == 302, response.content[:500]
            else:
                assert response.status_code == 409
                html = response.content.decode()
                assert text in html  # the typed text is kept
                assert f'name="version" value="{current}"' in html
                # The editor now sees the current version: saving again is a choice, not unseen.
                editor.version = current
        if fresh:
            current, acknowledged = current + 1, text
            editor.version = current
        assert stored(kind, provrum) == (current, acknowledged), "a silent overwrite"
