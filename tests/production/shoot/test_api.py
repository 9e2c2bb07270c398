"""The shoot's API: the team reads, producers write through the services, a person's private
fields and the money never reach an editor's body, a client and another studio see nothing,
bad input is a 400 that changes nothing, and the call sheet is sent and its status read."""

import json

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from production.shoot.models import BudgetLine, Person, ShootDay

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_people_private_fields_are_for_producers_only(studio, shoot):
    producer = api(studio.producer).get("/api/shoot-people/", {"project": str(shoot.project.pk)}).json()
    ana = next(p for p in producer["results"] if p["name"] == "Ana Lima")
    assert ana["email"] == "ana@crew.test" and ana["day_rate"] == "650.00" and ana["dietary"] == "Vegetarian"
    for user in (studio.editor, studio.marketer):
        body = api(user).get("/api/shoot-people/", {"project": str(shoot.project.pk)}).json()
        names = {p["name"] for p in body["results"]}
        assert names == {"Ana Lima", "Ben Okoro", "Cleo Marsh"}
        text = json.dumps(body)
        for private in ("ana@crew.test", "+49 170", "650.00", "Vegetarian", "email", "day_rate"):
            assert private not in text
        one = api(user).get(f"/api/shoot-people/{shoot.people[0].pk}/").json()
        assert set(one) == {"id", "project", "name", "role", "department", "created_at", "updated_at"}
        assert api(user).get("/api/budget-lines/").json()["results"] == []


def test_a_client_and_another_studio_see_nothing(studio, shoot):
    for url in ("/api/shoot-people/", "/api/shoot-locations/", "/api/shoot-days/", "/api/shoot-equipment/"):
        assert api(studio.acme_user).get(url).json()["results"] == []
    assert api(studio.acme_user).get(f"/api/shoot-days/{shoot.day.pk}/").status_code == 404
    assert api(studio.acme_user).get(f"/api/shoot-days/{shoot.day.pk}/call-sheet/").status_code == 404
    response = api(studio.acme_user).post("/api/shoot-people/", {"project": str(shoot.project.pk), "name": "X"})
    assert response.status_code == 404 and not Person.objects.filter(name="X").exists()


def test_producers_create_and_patch_and_bad_input_changes_nothing(studio, shoot):
    client = api(studio.producer)
    made = client.post("/api/budget-lines/", {"project": str(shoot.project.pk), "category": "crew",
                                              "description": "DoP", "estimate": "650.00"}, format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["estimate"] == "650.00"
    bad = client.post("/api/budget-lines/", {"project": str(shoot.project.pk), "category": "crew", "description": "",
                                             "estimate": "-1"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and BudgetLine.objects.count() == 1
    summary = client.get("/api/budget-lines/summary/", {"project": str(shoot.project.pk)}).json()
    assert summary == {"estimate": "650.00", "actual": "0.00", "ceiling": "1000.00", "currency": "EUR",
                       "over_budget": False}  # fmt: skip
    patched = client.patch(f"/api/shoot-days/{shoot.day.pk}/", {"wrap_time": "20:30", "calls": [
        {"person": str(shoot.people[0].pk), "call_time": "07:00"}]}, format="json")  # fmt: skip
    assert patched.status_code == 200, patched.json()
    day = patched.json()
    assert day["wrap_time"] == "20:30" and [c["name"] for c in day["calls"]] == ["Ana Lima"]
    assert day["starts_at"] == "2031-05-12T07:30:00+02:00" or day["starts_at"].endswith("Z")
    bad = client.patch(f"/api/shoot-days/{shoot.day.pk}/", {"call_time": "25:99"}, format="json")
    assert bad.status_code == 400 and ShootDay.objects.get().call_time.hour == 7
    assert (
        api(studio.editor).patch(f"/api/shoot-days/{shoot.day.pk}/", {"notes": "x"}, format="json").status_code == 403
    )


def test_send_the_call_sheet_and_read_who_has_it(studio, shoot, django_capture_on_commit_callbacks):
    client = api(studio.producer)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/api/shoot-days/{shoot.day.pk}/call-sheet/send/")
    assert sent.status_code == 200
    body = sent.json()
    assert body["revision"] == 1 and not body["revised"]
    # The emails leave after the commit: the answer says they are on their way, a read after says sent.
    assert {r["name"]: r["status"] for r in body["recipients"]} == {"Ana Lima": "queued", "Ben Okoro": "queued"}
    assert body["not_sent"] == ["Cleo Marsh"] and len(mail.outbox) == 2
    status = client.get(f"/api/shoot-days/{shoot.day.pk}/call-sheet/").json()
    assert {r["name"]: r["status"] for r in status["recipients"]} == {"Ana Lima": "sent", "Ben Okoro": "sent"}
    again = client.post(f"/api/shoot-days/{shoot.day.pk}/call-sheet/send/")
    assert again.status_code == 400 and "Nothing changed" in json.dumps(again.json()) and len(mail.outbox) == 2
    editor = api(studio.editor).get(f"/api/shoot-days/{shoot.day.pk}/call-sheet/").json()
    assert editor["revision"] == 1 and editor["recipients"] == [] and editor["not_sent"] == []
    assert api(studio.editor).post(f"/api/shoot-days/{shoot.day.pk}/call-sheet/send/").status_code == 403
