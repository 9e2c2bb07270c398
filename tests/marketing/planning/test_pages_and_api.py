"""The campaign's pages and API: the team reads and edits it, a client of the project reads only
what is marked for them, another company's client gets a 404 everywhere."""

import re
from decimal import Decimal

import pytest

from marketing.planning import services
from marketing.planning.models import CampaignVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(studio, brief):
    """Version 2: 40 % paid, the objective shown to the client (not the audience or the budget), a
    team-only KPI and a team-only channel."""
    first = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    content = services.content_of(first)
    content["paid_percent"] = 40
    content["client_fields"] = ["objective"]
    content["kpis"][1]["client_visible"] = False
    content["kpis"].append({"metric": "click_through_rate", "target": Decimal("1.8"), "channel": "youtube",
                            "client_visible": True})  # fmt: skip
    content["channels"][2]["client_visible"] = False  # Facebook Reels
    content["channels"][2]["notes"] = "SECRET paid test"
    return services.campaign_save(project=studio.acme_project, by=studio.marketer, based_on=1, **content)


def url(project, tail=""):
    return f"/projects/{project.pk}/campaign/{tail}"


def test_the_team_reads_everything_on_the_page(studio, campaign, as_user):
    page = as_user(studio.editor).get(url(studio.acme_project))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Trail runners, 25 to 40." in html and "SECRET paid test" in html
    assert "EUR 20,000" in html or "20,000 EUR" in html
    assert "40 % paid" in html.replace("\u00a0", " ") or "Paid · 40 %" in html
    assert 'id="plan"' in html and "2 x Cutdown, 9:16, 15 s — #2" in html
    assert "Version 2" in html and "Edit the campaign" not in html  # editors read, do not plan
    assert "Edit the campaign" in as_user(studio.marketer).get(url(studio.acme_project)).content.decode()


def test_the_client_sees_only_what_is_marked_for_them(studio, campaign, as_user, api):
    client = as_user(studio.acme_user)
    html = client.get(url(studio.acme_project)).content.decode()
    assert "Awareness" in html
    for hidden in ("Trail runners, 25 to 40.", "SECRET paid test", "20,000", "Facebook Reels", "View-through rate",
                   'id="plan"', "History", "Edit the campaign"):  # fmt: skip
        assert hidden not in html, hidden
    assert "Click-through rate" in html and "Instagram Reels" in html
    section = client.get(url(studio.acme_project, "section/")).content.decode()
    assert "Awareness" in section and "20,000" not in section and "Repurposing" not in section
    assert client.get(url(studio.acme_project, "v1/")).status_code == 404
    assert client.get(url(studio.acme_project, "edit/")).status_code == 403
    body = api(studio.acme_user).get(f"/api/campaigns/?project={studio.acme_project.pk}").json()["results"][0]
    current = body["current"]
    assert set(current) == {"number", "created_at", "objective", "kpis", "channels"}
    assert [k["metric"] for k in current["kpis"]] == ["views", "click_through_rate"]
    assert all("client_visible" not in k for k in current["kpis"])
    assert [c["preset"] for c in current["channels"]] == ["instagram_reels", "youtube"]
    assert body["versions"] == []
    assert api(studio.acme_user).get("/api/campaign-versions/").json()["results"] == []
    assert api(studio.acme_user).get("/api/plan-items/").json()["results"] == []


def test_another_companys_client_gets_a_404_everywhere(studio, campaign, as_user, api):
    client = as_user(studio.globex_user)
    for tail in ("", "section/", "edit/", "v1/"):
        assert client.get(url(studio.acme_project, tail)).status_code == 404, tail
    assert client.post(url(studio.acme_project, "start/")).status_code == 404
    assert api(studio.globex_user).get(f"/api/campaigns/{campaign.campaign_id}/").status_code == 404
    assert api(studio.globex_user).get("/api/campaigns/").json()["results"] == []


def test_the_edit_form_saves_the_next_version_and_refuses_a_stale_one(studio, campaign, as_user):
    browser = as_user(studio.marketer)
    form = browser.get(url(studio.acme_project, "edit/"))
    assert form.status_code == 200 and 'name="based_on" value="2"' in form.content.decode()
    data = _form_data(form.content.decode())
    data["kpis-0-target"] = "300000"
    data["note"] = "More views"
    done = browser.post(url(studio.acme_project, "edit/"), data)
    assert done.status_code == 302
    v3 = services.current_version_of(studio.acme_project)
    assert v3.number == 3 and v3.kpis.all()[0].target == Decimal("300000") and v3.note == "More views"
    assert v3.kpis.all()[0].key == campaign.kpis.all()[0].key
    # what the form did not touch is as it was: the rows' client marks, the client's fields
    assert [k.client_visible for k in v3.kpis.all()] == [k.client_visible for k in campaign.kpis.all()]
    assert v3.client_fields == ["objective"] and v3.paid_percent == 40
    # the same form again, still based on version 2: refused, nothing saved, the typing kept
    data["kpis-0-target"] = "999999"
    refused = browser.post(url(studio.acme_project, "edit/"), data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "saved version 3 while you were editing" in html and 'value="999999"' in html
    assert CampaignVersion.objects.count() == 3


def test_starting_the_campaign_from_the_page(studio, brief, as_user):
    browser = as_user(studio.marketer)
    empty = browser.get(url(studio.acme_project)).content.decode()
    assert "Start the campaign from the brief" in empty
    assert browser.post(url(studio.acme_project, "start/")).status_code == 302
    assert CampaignVersion.objects.get().number == 1
    assert as_user(studio.editor).post(url(studio.acme_project, "start/")).status_code == 302  # refused, said
    assert CampaignVersion.objects.count() == 1


def test_the_presets_page_lists_every_rule_with_its_source(studio, as_user):
    html = as_user(studio.marketer).get("/presets/").content.decode()
    assert "https://support.google.com/youtube/answer/1722171" in html and "Facebook Reels" in html
    assert as_user(studio.acme_user).get("/presets/").status_code == 404


def test_the_api_starts_a_campaign_and_saves_versions(studio, brief, api):
    team = api(studio.marketer)
    made = team.post("/api/campaigns/", {"project": str(studio.acme_project.pk)}, format="json")
    assert made.status_code == 201 and made.json()["current"]["number"] == 1
    version = team.get(f"/api/campaign-versions/?project={studio.acme_project.pk}").json()["results"][0]
    kept = {k: version["kpis"][0][k] for k in ("key", "metric", "target")}
    payload = {"project": str(studio.acme_project.pk), "based_on": 1, "objective": "conversion",
               "channels": [{"preset": "tiktok", "mode": "paid"}], "kpis": [{**kept, "channel": "tiktok"}]}  # fmt: skip
    saved = team.post("/api/campaign-versions/", payload, format="json")
    assert saved.status_code == 201 and saved.json()["number"] == 2
    assert saved.json()["kpis"][0]["key"] == version["kpis"][0]["key"]
    stale = team.post("/api/campaign-versions/", {**payload, "objective": "retention"}, format="json")
    assert stale.status_code == 400 and "based_on" in stale.json()["error"]["fields"]
    item = team.get(f"/api/plan-items/?project={studio.acme_project.pk}").json()["results"][0]
    patched = team.patch(f"/api/plan-items/{item['id']}/", {"preset": "tiktok"}, format="json")
    assert patched.status_code == 200 and patched.json()["preset"] == "tiktok"
    assert api(studio.editor).patch(f"/api/plan-items/{item['id']}/", {"preset": "x"}, format="json").status_code == 403


def _form_data(html: str) -> dict:
    """The form's fields as the browser would send them (inputs, ticked boxes, selected options,
    textareas); a box ticked among several keeps the last, enough for these forms."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = value.group(1) if value else "on"
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    data.pop("csrfmiddlewaretoken", None)
    return {k: v for k, v in data.items() if "__prefix__" not in k}


def test_the_campaign_page_makes_the_same_queries_for_a_long_plan(studio, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from production.ideation import services as ideation
    from production.storyboard.services import shots as shot_services

    from .conftest import launch_brief

    def queries_for(project, assets: int) -> int:
        brief = ideation.brief_save(project=project, by=studio.producer, **launch_brief(
            assets=[{"kind": "cutdown", "count": 2, "aspect_ratio": "9:16", "duration": 15 + n} for n in range(assets)]
        ))  # fmt: skip
        for n in range(assets):
            shot_services.shot_create(project=project, by=studio.producer, description=f"Shot {n}", framing="9:16",
                                      asset_keys=[str(brief.assets.all()[n].key)])  # fmt: skip
        services.campaign_create(project=project, by=studio.marketer)
        browser = as_user(studio.marketer)
        browser.get(url(project))  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url(project)).status_code == 200
        return len(captured)

    assert queries_for(studio.acme_project, 1) == queries_for(studio.globex_project, 12)


def test_a_client_of_another_studio_gets_a_404_too(studio, campaign, as_user, api):
    from projects.models import Role
    from tests.factories import (
        ClientFactory,
        MembershipFactory,
        OrganizationFactory,
        ProjectAccessFactory,
        ProjectFactory,
    )

    other = OrganizationFactory()
    company = ClientFactory(organization=other)
    outsider = MembershipFactory(organization=other, role=Role.CLIENT, client=company).user
    ProjectAccessFactory(project=ProjectFactory(client=company), user=outsider)
    for tail in ("", "section/", "v2/"):
        assert as_user(outsider).get(url(studio.acme_project, tail)).status_code == 404, tail
    assert api(outsider).get(f"/api/campaigns/{campaign.campaign_id}/").status_code == 404
    assert api(outsider).get("/api/campaigns/").json()["results"] == []
