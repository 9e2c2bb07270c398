"""The compare page: two versions of one cut, each player with its own comments as markers, for
the team, the client and a link's guest — never a version the viewer may not see, never two cuts."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from production.edit.models import Cut
from production.review import services
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db


def compare(a, b) -> str:
    return reverse("version-compare", kwargs={"version_id": a.pk, "other_id": b.pk})


def configs(html: str) -> dict:
    return {
        key: json.loads(body)
        for key, body in re.findall(r'<script id="(compare-[ab])" type="application/json">(.*?)</script>', html, re.S)
    }


def test_two_versions_side_by_side_each_with_its_own_comments(studio, as_user, shared_cut):
    v1, v2 = make_version(shared_cut, playable=True), make_version(shared_cut, playable=True)
    services.comment_post(version=v1, by=studio.acme_user, text="Logo small", frame=12)
    services.comment_post(version=v2, by=studio.acme_user, text="Better", frame=40)
    services.comment_post(version=v2, by=studio.producer, text="Grade note", frame=41, internal=True)
    page = as_user(studio.acme_user).get(compare(v1, v2))
    assert page.status_code == 200
    html = page.content.decode()
    sides = configs(html)
    assert [m["frame"] for m in sides["compare-a"]["comments"]] == [12]
    assert [m["frame"] for m in sides["compare-b"]["comments"]] == [40]  # the internal one is the team's
    assert "Grade note" not in html and 'data-seek-player="compare-b-player"' in html
    team = configs(as_user(studio.producer).get(compare(v1, v2)).content.decode())
    assert [m["frame"] for m in team["compare-b"]["comments"]] == [40, 41]


def test_compare_refuses_what_the_viewer_may_not_see_and_two_cuts(studio, as_user, shared_cut, internal_cut):
    v1, v2 = make_version(shared_cut, playable=True), make_version(shared_cut, playable=True)
    hidden = make_version(internal_cut, playable=True)
    assert as_user(studio.globex_user).get(compare(v1, v2)).status_code == 404
    assert as_user(studio.acme_user).get(compare(v1, hidden)).status_code == 404
    assert as_user(studio.producer).get(compare(v1, hidden)).status_code == 404  # two cuts
    assert as_user(studio.producer).get(compare(v1, v1)).status_code == 404


def test_a_guest_compares_the_links_versions_through_its_door(studio, shared_cut):
    v1, v2 = make_version(shared_cut, playable=True), make_version(shared_cut, playable=True)
    other = make_version(Cut.objects.create(project=studio.acme_project, title="Other", client_visible=True),
                         playable=True)  # fmt: skip
    link = services.share_link_create(cut=shared_cut, by=studio.producer)
    guest = HttpClient()
    guest.post(reverse("share-open", kwargs={"token": link.token}), {"name": "Zoë", "email": "zoe@agency.test"})
    url = reverse("share-compare", kwargs={"token": link.token, "version_id": v1.pk, "other_id": v2.pk})
    html = guest.get(url).content.decode()
    sides = configs(html)
    assert sides["compare-a"]["hls"].startswith(f"/s/{link.token}/files/")
    assert sides["compare-a"]["proxy"] == ""  # downloads are off
    bad = reverse("share-compare", kwargs={"token": link.token, "version_id": v1.pk, "other_id": other.pk})
    assert guest.get(bad).status_code == 404
    services.share_link_revoke(link=link, by=studio.producer)
    assert guest.get(url).status_code == 404
