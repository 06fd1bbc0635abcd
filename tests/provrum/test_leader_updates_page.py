"""Choosing the leader with htmx updates every part of the page that names it."""

import re

import pytest
from django.urls import reverse

from tests.provrum.test_views_actions import group_without_leader

pytestmark = pytest.mark.django_db


def test_the_leader_choice_updates_the_facts_the_steps_and_the_decision(client, cast):
    provrum = group_without_leader(cast)
    client.force_login(cast["people"]["skane"])
    response = client.post(
        reverse("provrum:leader", args=[provrum.pk]),
        {"organisation": cast["orgs"]["skane"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="group"')
    about = re.search(
        r'<section id="about"[^>]*hx-swap-oob="true"[^>]*>(.*?)</section>', html, re.S
    )
    assert about is not None
    assert "Region Skåne" in about.group(1)
    assert "not chosen yet" not in about.group(1) and "inte vald" not in about.group(1)
    for region in ("steps", "decision", "history"):
        assert re.search(rf'id="{region}"[^>]*hx-swap-oob="true"', html), region
