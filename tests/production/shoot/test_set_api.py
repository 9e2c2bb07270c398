"""The on-set API: takes logged and changed, dailies listed, the daily report read, changed, signed
off and reopened; a client and another studio see nothing, and bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from production.media.models import MediaAsset
from production.shoot import set_services
from production.shoot.models import Daily, DailyReport, Take
from tests.factories import schedule_shot

from .test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def four(studio, shoot):
    return schedule_shot(shoot.day, by=studio.producer, number="4", description="Wide of the yard")


def test_takes_are_logged_listed_and_changed(studio, shoot, four):
    editor = api(studio.editor)
    made = editor.post("/api/takes/", {"day": str(shoot.day.pk), "shot": str(four.shot_id), "camera_tc": "10:00:00:00"},
                       format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["number"] == 1 and made.json()["mark"] == "good" and made.json()["shot_number"] == "4"
    second = editor.post("/api/takes/", {"day": str(shoot.day.pk), "shot": str(four.shot_id), "mark": "circled"},
                         format="json").json()  # fmt: skip
    assert second["number"] == 2
    bad = editor.post("/api/takes/", {"day": str(shoot.day.pk), "shot": str(four.shot_id), "camera_tc": "noon",
                                      "mark": "great"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "camera_tc" in bad.content.decode() and "mark" in bad.content.decode()
    listed = editor.get("/api/takes/", {"day": str(shoot.day.pk)}).json()["results"]
    assert [t["number"] for t in listed] == [1, 2]
    changed = editor.patch(f"/api/takes/{made.json()['id']}/", {"notes": "Boom in shot"}, format="json")
    assert changed.status_code == 200 and changed.json()["notes"] == "Boom in shot"
    assert editor.patch(f"/api/takes/{made.json()['id']}/", {"camera_tc": "x"}, format="json").status_code == 400
    assert Take.objects.get(number=1).camera_tc == "10:00:00:00"


def test_dailies_and_the_report(studio, shoot, four, django_capture_on_commit_callbacks):
    asset = MediaAsset.objects.create(project=shoot.project, original_name="A001.mov", purpose="daily")
    take = set_services.take_log(day=shoot.day, shot=four.shot, by=studio.producer, mark="circled")
    Daily.objects.create(asset=asset, day=shoot.day, shot=four.shot, take=take)
    body = api(studio.editor).get("/api/dailies/", {"shot": str(four.shot_id)}).json()["results"]
    assert [(d["title"], d["take_number"], d["file_name"]) for d in body] == [("Shot 4, take 1 — Mon 12 May", 1,
                                                                               "A001.mov")]  # fmt: skip

    url = f"/api/shoot-days/{shoot.day.pk}/report/"
    report = api(studio.editor).get(url).json()
    assert report["signed"] is False and report["figures"]["totals"]["takes"] == 1
    assert api(studio.editor).patch(url, {"actual_call": "25:00"}, format="json").status_code == 400
    patched = api(studio.editor).patch(url, {"actual_call": "07:45", "actual_wrap": "19:10"}, format="json")
    assert patched.status_code == 200 and patched.json()["actual_call"] == "07:45"
    assert api(studio.editor).post(url + "sign/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        signed = api(studio.producer).post(url + "sign/")
    assert signed.status_code == 200 and signed.json()["signed"] is True and len(mail.outbox) == 1
    assert signed.json()["figures"]["planned"][0]["circled"] == [1]
    assert api(studio.producer).post(url + "reopen/", {"reason": ""}, format="json").status_code == 400
    reopened = api(studio.producer).post(url + "reopen/", {"reason": "Wrong wrap"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["reopen_reason"] == "Wrong wrap"


def test_a_client_and_another_studio_see_nothing_of_the_set(studio, shoot, four):
    take = set_services.take_log(day=shoot.day, shot=four.shot, by=studio.producer, notes="SECRET take note")
    for user in (studio.acme_user, studio.globex_user):
        client = api(user)
        assert client.get("/api/takes/").json()["results"] == []
        assert client.get("/api/dailies/").json()["results"] == []
        assert client.get(f"/api/takes/{take.pk}/").status_code == 404
        assert client.get(f"/api/shoot-days/{shoot.day.pk}/report/").status_code == 404
        made = client.post("/api/takes/", {"day": str(shoot.day.pk), "shot": str(four.shot_id)}, format="json")
        assert made.status_code == 404
        assert client.patch(f"/api/takes/{take.pk}/", {"notes": "x"}, format="json").status_code == 404
    assert Take.objects.count() == 1 and Take.objects.get().notes == "SECRET take note"
    assert not DailyReport.objects.exists()
