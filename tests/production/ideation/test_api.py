"""Ideation's API: ideas (+ vote, comments, promote) for the team only; briefs and their versions
for whoever sees the project; new versions and sign-off through the services' rules."""

import pytest

from production.ideation import services
from production.ideation.models import BriefSignoff, BriefVersion, Idea, IdeaVote
from projects.models import Project, TimelineEvent

from .conftest import full_brief

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(studio):
    return services.idea_create(organization=studio.org, by=studio.editor, title="Trail care tips", pitch="Clean")


def test_the_team_lists_creates_and_votes(studio, api, idea):
    producer = api(studio.producer)
    body = producer.get("/api/ideas/").json()
    assert [i["title"] for i in body["results"]] == ["Trail care tips"]
    made = producer.post("/api/ideas/", {"title": "Drone unboxing", "platforms": ["tiktok"]}, format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["status"], made.json()["platforms"], made.json()["votes"]) == ("new", ["tiktok"], 0)
    voted = producer.post(f"/api/ideas/{idea.pk}/vote/")
    assert voted.json() == {"voted": True, "votes": 1}
    assert producer.get(f"/api/ideas/{idea.pk}/").json()["voted"] is True
    assert producer.post(f"/api/ideas/{idea.pk}/vote/").json() == {"voted": False, "votes": 0}
    assert not IdeaVote.objects.exists()
    shortlisted = producer.patch(f"/api/ideas/{idea.pk}/", {"status": "shortlisted"}, format="json")
    assert shortlisted.json()["status"] == "shortlisted"
    assert producer.get("/api/ideas/?status=new").json()["count"] == 1
    assert producer.get("/api/ideas/?status=famous").status_code == 400


def test_bad_idea_input_is_a_400_with_every_field_and_nothing_made(studio, api):
    refused = api(studio.marketer).post("/api/ideas/", {"title": " ", "platforms": ["myspace"]}, format="json")
    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"title", "platforms"}
    assert not Idea.objects.exists()


def test_comments_on_an_idea(studio, api, idea):
    editor = api(studio.editor)
    assert editor.post(f"/api/ideas/{idea.pk}/comments/", {"text": "Dawn light"}, format="json").status_code == 201
    assert editor.post(f"/api/ideas/{idea.pk}/comments/", {"text": ""}, format="json").status_code == 400
    assert [c["text"] for c in editor.get(f"/api/ideas/{idea.pk}/comments/").json()] == ["Dawn light"]


def test_a_client_never_sees_an_idea(studio, api, idea):
    client = api(studio.acme_user)
    assert client.get("/api/ideas/").json()["results"] == []
    doors = [("get", ""), ("post", "vote/"), ("get", "comments/"), ("post", "comments/"), ("post", "promote/")]
    for method, tail in doors:
        url = f"/api/ideas/{idea.pk}/{tail}"
        assert getattr(client, method)(url).status_code == 404
    assert client.post("/api/ideas/", {"title": "Mine"}, format="json").status_code == 404
    assert Idea.objects.count() == 1 and not IdeaVote.objects.exists()


def test_promote_through_the_api(studio, api, idea):
    refused = api(studio.editor).post(f"/api/ideas/{idea.pk}/promote/", {"client": str(studio.acme.pk)}, format="json")
    assert refused.status_code == 403
    done = api(studio.producer).post(f"/api/ideas/{idea.pk}/promote/", {"client": str(studio.acme.pk)}, format="json")
    assert done.status_code == 201, done.content
    project = Project.objects.get(pk=done.json()["project"])
    assert done.json()["brief_version"] == 1 and project.title == "Trail care tips"
    assert TimelineEvent.objects.filter(project=project, kind="idea.promoted").exists()
    again = api(studio.producer).post(f"/api/ideas/{idea.pk}/promote/", {"client": str(studio.acme.pk)}, format="json")
    assert again.status_code == 400


def test_briefs_are_read_by_whoever_sees_the_project(studio, api, brief_v1):
    body = api(studio.acme_user).get("/api/briefs/").json()
    [brief] = body["results"]
    assert brief["project"] == str(studio.acme_project.pk)
    assert brief["versions"] == [1] and brief["signed_off"] is False
    current = brief["current"]
    assert [k["metric"] for k in current["kpis"]] == ["views", "view_through_rate"]
    assert current["kpis"][1]["unit"] == "%"
    assert current["messages"][0]["key"] == str(brief_v1.messages.get().key)
    assert api(studio.globex_user).get("/api/briefs/").json()["results"] == []
    assert api(studio.globex_user).get(f"/api/briefs/{brief['id']}/").status_code == 404
    assert api(studio.globex_user).get(f"/api/brief-versions/{brief_v1.pk}/").status_code == 404
    assert api(studio.globex_user).get(f"/api/brief-versions/?project={studio.acme_project.pk}").json()["count"] == 0


def test_a_new_version_through_the_api_keeps_keys_and_says_when_nothing_changed(studio, api, brief_v1):
    producer = api(studio.producer)
    current = producer.get(f"/api/brief-versions/{brief_v1.pk}/").json()
    payload = {k: current[k] for k in ("summary", "objective", "audience", "budget", "currency", "deadline")}
    payload["project"] = str(studio.acme_project.pk)
    for kind in ("kpis", "platforms", "messages", "assets"):
        payload[kind] = [{k: v for k, v in row.items() if k not in ("id", "unit")} for row in current[kind]]
    same = producer.post("/api/brief-versions/", payload, format="json")
    assert same.status_code == 200 and same.json()["number"] == 1
    payload["messages"].append({"text": "Show the grip", "kind": "show"})
    made = producer.post("/api/brief-versions/", payload, format="json")
    assert made.status_code == 201 and made.json()["number"] == 2
    assert made.json()["messages"][0]["key"] == current["messages"][0]["key"]
    listed = producer.get(f"/api/brief-versions/?project={studio.acme_project.pk}").json()
    assert [v["number"] for v in listed["results"]] == [2, 1]


def test_bad_brief_input_is_a_400_naming_the_row_and_changes_nothing(studio, api):
    payload = {"project": str(studio.acme_project.pk), "objective": "awareness", "budget": "100",
               "kpis": [{"metric": "views", "target": "0"}]}  # fmt: skip
    refused = api(studio.producer).post("/api/brief-versions/", payload, format="json")
    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"currency", "kpis.0.target"}
    assert not BriefVersion.objects.exists()
    client = api(studio.acme_user).post("/api/brief-versions/", {**payload, "kpis": []}, format="json")
    assert client.status_code == 403
    other = api(studio.globex_user).post("/api/brief-versions/", {**payload, "kpis": []}, format="json")
    assert other.status_code == 404
    assert not BriefVersion.objects.exists()


def test_sign_off_through_the_api_names_the_version(studio, api, brief_v1):
    brief_id = brief_v1.brief_id
    signed = api(studio.acme_user).post(f"/api/briefs/{brief_id}/sign-off/", {"version": 1}, format="json")
    assert signed.status_code == 201 and signed.json()["by_email"] == studio.acme_user.email
    assert api(studio.producer).get(f"/api/briefs/{brief_id}/").json()["signed_off"] is True
    services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief(audience="Trail runners"))
    assert api(studio.producer).get(f"/api/briefs/{brief_id}/").json()["signed_off"] is False
    stale = api(studio.acme_user).post(f"/api/briefs/{brief_id}/sign-off/", {"version": 1}, format="json")
    assert stale.status_code == 400 and "not the current brief" in stale.json()["error"]["fields"]["version"][0]
    missing = api(studio.acme_user).post(f"/api/briefs/{brief_id}/sign-off/", {"version": 9}, format="json")
    assert missing.status_code == 400
    assert (
        api(studio.producer).post(f"/api/briefs/{brief_id}/sign-off/", {"version": 2}, format="json").status_code == 403
    )
    assert (
        api(studio.globex_user).post(f"/api/briefs/{brief_id}/sign-off/", {"version": 2}, format="json").status_code
        == 404
    )
    assert BriefSignoff.objects.count() == 1


def test_the_schema_documents_ideation_without_clashing_names(api, studio):
    schema = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    ideas = ["/api/ideas/", "/api/ideas/{id}/vote/", "/api/ideas/{id}/comments/", "/api/ideas/{id}/promote/"]
    briefs = ["/api/briefs/", "/api/briefs/{id}/sign-off/", "/api/brief-versions/", "/api/brief-versions/{id}/"]
    for path in ideas + briefs:
        assert path in schema["paths"], path
    components = schema["components"]["schemas"]
    assert {"Asset", "BriefAsset", "BriefVersion", "BriefKpi", "Idea"} <= set(components)
    assert "media" not in str(components["BriefAsset"])  # media's Asset kept its own name and shape


def test_a_version_saved_meanwhile_refuses_a_save_based_on_the_older_one(studio, api, brief_v1):
    payload = {"project": str(studio.acme_project.pk), "based_on": 0, "objective": "retention"}
    refused = api(studio.marketer).post("/api/brief-versions/", payload, format="json")
    assert refused.status_code == 400
    assert "saved version 1 while you were editing" in refused.json()["error"]["fields"]["based_on"][0]
    assert (
        api(studio.marketer).post("/api/brief-versions/", {**payload, "based_on": 1}, format="json").status_code == 201
    )
    assert BriefVersion.objects.count() == 2
