"""Approvals: each version's review state from its decisions; who decides in which round (the
project's policy); the sha256 of the file decided on; the gate into planning ("the master cut
has an approved version"), with the pipeline's override; refusals that change nothing; the
same rules through the page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from production.edit.models import Cut
from production.media.models import MediaAsset
from production.review import selectors, services
from production.review.models import Approval
from projects import services as project_services
from projects.models import Stage, TimelineEvent
from tests.factories import MembershipFactory, ProjectAccessFactory
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db

APPROVED = Approval.Decision.APPROVED
WITH_CHANGES = Approval.Decision.APPROVED_WITH_CHANGES
CHANGES = Approval.Decision.CHANGES_REQUESTED


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def state(user, version):
    return selectors.review_state_of(user=user, version=version).state


@pytest.fixture
def version(shared_cut):
    return make_version(shared_cut)


@pytest.fixture
def in_edit(studio):
    project = studio.acme_project
    project.stage = Stage.EDIT
    project.save()
    return project


def to_planning(project, by, **kwargs):
    return project_services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=by, **kwargs)


def failed_gates(exc) -> list[tuple[str, str]]:
    return [(r.key, r.message) for r in exc.value.results if not r.passed]


def test_the_client_approves_and_the_record_names_who_when_and_the_files_hash(studio, version):
    assert state(studio.acme_user, version).status == "in_review"
    approval = services.approval_decide(version=version, by=studio.acme_user, decision=APPROVED, note=" Lovely. ")
    assert (approval.by, approval.by_name, approval.round, approval.note) == (
        studio.acme_user, studio.acme_user.display_name, Approval.Round.CLIENT, "Lovely.",
    )  # fmt: skip
    assert approval.sha256 == version.asset.sha256 and len(approval.sha256) == 64
    assert state(studio.producer, version).label == "Approved"
    event = TimelineEvent.objects.get(kind="review.approved")
    assert event.client_visible and event.data["sha256"] == version.asset.sha256 and event.data["number"] == 1


def test_changes_requested_then_a_new_decision_supersedes_it(studio, version):
    services.approval_decide(version=version, by=studio.acme_user, decision=CHANGES, note="Logo bigger")
    assert state(studio.acme_user, version).label == "Changes requested"
    assert TimelineEvent.objects.get(kind="review.changes_requested").client_visible
    services.approval_decide(version=version, by=studio.producer, decision=WITH_CHANGES)
    assert state(studio.acme_user, version).label == "Approved with changes"
    assert list(version.approvals.values_list("decision", flat=True)) == [CHANGES, WITH_CHANGES]  # both kept


def test_an_approved_version_is_not_approved_twice_but_can_be_reopened(studio, version):
    services.approval_decide(version=version, by=studio.acme_user, decision=APPROVED)
    with pytest.raises(ValidationError, match="already approved"):
        services.approval_decide(version=version, by=studio.producer, decision=APPROVED)
    assert version.approvals.count() == 1
    services.approval_decide(version=version, by=studio.producer, decision=CHANGES, note="Found a typo")
    assert state(studio.acme_user, version).status == CHANGES


def test_who_decides_by_default_producers_and_the_clients_reviewers(studio, version):
    for outsider in (studio.editor, studio.marketer, studio.globex_user):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.approval_decide(version=version, by=outsider, decision=APPROVED)
    assert not Approval.objects.exists()
    assert services.approval_decide(version=version, by=studio.producer, decision=APPROVED).round == "internal"


def test_named_approvers_and_a_lead_replace_the_defaults(studio, version):
    second = MembershipFactory(organization=studio.org, role="client", client=studio.acme).user
    ProjectAccessFactory(project=studio.acme_project, user=second)
    services.review_policy_update(project=studio.acme_project, by=studio.producer, lead=studio.editor,
                                  approvers=[second])  # fmt: skip
    for refused in (studio.acme_user, studio.producer):  # not named / a lead is named instead
        with pytest.raises(PermissionDenied):
            services.approval_decide(version=version, by=refused, decision=CHANGES)
    services.approval_decide(version=version, by=studio.editor, decision=CHANGES)
    services.approval_decide(version=version, by=second, decision=APPROVED)
    assert state(studio.producer, version).approved


def test_two_rounds_the_team_first_then_the_client(studio, version):
    services.review_policy_update(project=studio.acme_project, by=studio.producer, two_rounds=True)
    with pytest.raises(ValidationError, match="team approves this version first"):
        services.approval_decide(version=version, by=studio.acme_user, decision=APPROVED)
    assert not Approval.objects.exists()

    services.approval_decide(version=version, by=studio.producer, decision=APPROVED, note="Good to show")
    team = TimelineEvent.objects.get(kind="review.approved")
    assert not team.client_visible  # the team's round is the team's
    client_view = selectors.review_state_of(user=studio.acme_user, version=version)
    assert (client_view.state.awaiting, client_view.round, client_view.decisions) == ("client", "client", [])
    assert not client_view.state.approved
    with pytest.raises(ValidationError, match="with the client now"):
        services.approval_decide(version=version, by=studio.producer, decision=APPROVED)

    services.approval_decide(version=version, by=studio.acme_user, decision=APPROVED)
    assert state(studio.producer, version).approved
    assert TimelineEvent.objects.filter(kind="review.approved", client_visible=True).count() == 1


def test_a_version_still_processing_cannot_be_decided_on(studio, shared_cut):
    processing = make_version(shared_cut, status=MediaAsset.Status.PROCESSING)
    with pytest.raises(ValidationError, match="still being processed"):
        services.approval_decide(version=processing, by=studio.producer, decision=APPROVED)
    assert not Approval.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(studio, version):
    with pytest.raises(ValidationError) as exc:
        services.approval_decide(version=version, by=studio.producer, decision="maybe")
    assert "decision" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.approval_decide(version=version, by=studio.producer, decision=APPROVED, note="x" * 2001)
    assert "note" in exc.value.message_dict
    assert not Approval.objects.exists() and not TimelineEvent.objects.filter(kind__startswith="review.").exists()


def test_the_policy_is_the_producers_and_names_only_the_projects_people(studio, shared_cut):
    with pytest.raises(PermissionDenied):
        services.review_policy_update(project=studio.acme_project, by=studio.editor, two_rounds=True)
    with pytest.raises(ValidationError) as exc:
        services.review_policy_update(project=studio.acme_project, by=studio.producer, lead=studio.acme_user,
                                      approvers=[studio.globex_user])  # fmt: skip
    assert set(exc.value.message_dict) == {"lead", "approvers"}
    other = Cut.objects.create(project=studio.globex_project, title="Globex cut")
    with pytest.raises(ValidationError) as exc:
        services.review_policy_update(project=studio.acme_project, by=studio.producer, master_cut=other)
    assert set(exc.value.message_dict) == {"master_cut"}
    assert not hasattr(studio.acme_project, "review_policy") or studio.acme_project.review_policy.pk is None


# --- The gate into planning ----------------------------------------------------------------


def test_planning_waits_for_an_approved_master_and_says_what_is_missing(studio, in_edit):
    with pytest.raises(project_services.GateRefused) as exc:
        to_planning(in_edit, studio.producer)
    assert failed_gates(exc) == [
        ("review.master_approved", "Upload a cut and get a version of it approved before planning its distribution.")
    ]
    cut = Cut.objects.create(project=in_edit, title="Master", client_visible=True)
    version = make_version(cut)
    with pytest.raises(project_services.GateRefused) as exc:
        to_planning(in_edit, studio.producer)
    assert failed_gates(exc) == [("review.master_approved", "No version of “Master” is approved yet (v1: in review).")]
    services.approval_decide(version=version, by=studio.acme_user, decision=APPROVED)
    to_planning(in_edit, studio.producer)
    in_edit.refresh_from_db()
    assert in_edit.stage == Stage.PLANNING


def test_with_several_cuts_the_master_is_named_and_only_its_approval_counts(studio, in_edit):
    master = Cut.objects.create(project=in_edit, title="Master", client_visible=True)
    social = Cut.objects.create(project=in_edit, title="30s social", client_visible=True)
    services.approval_decide(version=make_version(social), by=studio.producer, decision=APPROVED)
    with pytest.raises(project_services.GateRefused) as exc:
        to_planning(in_edit, studio.producer)
    assert "Choose the master cut" in failed_gates(exc)[0][1]
    services.review_policy_update(project=in_edit, by=studio.producer, master_cut=master)
    with pytest.raises(project_services.GateRefused):
        to_planning(in_edit, studio.producer)
    services.approval_decide(version=make_version(master), by=studio.producer, decision=APPROVED)
    to_planning(in_edit, studio.producer)


def test_a_producer_may_override_the_gate_with_a_reason(studio, in_edit):
    to_planning(in_edit, studio.producer, override_reason="Client approved by phone; cut to follow")
    in_edit.refresh_from_db()
    assert in_edit.stage == Stage.PLANNING


def test_changes_requested_on_the_master_keep_planning_closed(studio, in_edit, shared_cut):
    version = make_version(shared_cut)
    services.approval_decide(version=version, by=studio.acme_user, decision=CHANGES)
    with pytest.raises(project_services.GateRefused) as exc:
        to_planning(in_edit, studio.producer)
    assert "changes requested" in failed_gates(exc)[0][1]


# --- Page and API --------------------------------------------------------------------------


def test_the_review_page_shows_the_state_and_the_client_approves_there(studio, as_user, shared_cut):
    version = make_version(shared_cut, playable=True)
    browser = as_user(studio.acme_user)
    page = browser.get(reverse("version-review", kwargs={"version_id": version.pk})).content.decode()
    assert 'data-review-status="in_review"' in page and 'value="approved"' in page
    posted = browser.post(reverse("version-decide", kwargs={"version_id": version.pk}),
                          {"decision": "approved", "note": "Ship it"})  # fmt: skip
    assert posted.status_code == 302
    page = browser.get(posted["Location"]).content.decode()
    assert 'data-review-status="approved"' in page and "Ship it" in page and version.asset.sha256[:12] in page
    assert 'value="approved"' not in page  # approved: only "Request changes" is offered


def test_the_page_refuses_a_decision_with_the_reason_and_changes_nothing(studio, as_user, shared_cut):
    version = make_version(shared_cut, playable=True)
    services.review_policy_update(project=studio.acme_project, by=studio.producer, two_rounds=True)
    answer = as_user(studio.acme_user).post(
        reverse("version-decide", kwargs={"version_id": version.pk}), {"decision": "approved"}
    )
    assert answer.status_code == 400 and "team approves this version first" in answer.content.decode()
    assert not Approval.objects.exists()
    editor_page = as_user(studio.editor).get(reverse("version-review", kwargs={"version_id": version.pk}))
    assert 'name="decision"' not in editor_page.content.decode()  # editors do not decide


def test_the_settings_page_sets_the_policy(studio, as_user, shared_cut):
    url = reverse("review-settings", kwargs={"project_id": studio.acme_project.pk})
    assert as_user(studio.editor).get(url).status_code == 403
    assert as_user(studio.acme_user).get(url).status_code == 403
    browser = as_user(studio.producer)
    page = browser.get(url).content.decode()
    assert studio.acme_user.email in page and studio.globex_user.email not in page
    saved = browser.post(url, {"master_cut": shared_cut.pk, "approvers": [studio.acme_user.pk], "two_rounds": "on"})
    assert saved.status_code == 302
    policy = studio.acme_project.review_policy
    assert (policy.master_cut, policy.two_rounds, list(policy.approvers.all())) == (
        shared_cut, True, [studio.acme_user],
    )  # fmt: skip
    refused = browser.post(url, {"approvers": [studio.globex_user.pk]})
    assert refused.status_code == 400
    policy.refresh_from_db()
    assert policy.two_rounds and list(policy.approvers.all()) == [studio.acme_user]


def test_the_api_decides_lists_and_reports_the_state(studio, version):
    client = api(studio.acme_user)
    state_url = f"/api/approvals/state/?version={version.pk}"
    assert client.get(state_url).json() == {
        "version": str(version.pk), "status": "in_review", "label": "In review", "awaiting": None,
        "you_decide_as": "client",
    }  # fmt: skip
    made = client.post("/api/approvals/", {"version": str(version.pk), "decision": "changes_requested",
                                           "note": "Music too loud"}, format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["sha256"] == version.asset.sha256
    assert client.get(state_url).json()["status"] == "changes_requested"
    listed = client.get(f"/api/approvals/?version={version.pk}").json()["results"]
    assert [(a["decision"], a["by_name"], a["note"]) for a in listed] == [
        ("changes_requested", studio.acme_user.display_name, "Music too loud")
    ]
    assert api(studio.editor).get(state_url).json()["you_decide_as"] is None


def test_the_api_hides_a_version_of_another_client_and_explains_bad_input(studio, version):
    other = api(studio.globex_user)
    assert other.get(f"/api/approvals/state/?version={version.pk}").status_code == 404
    made = other.post("/api/approvals/", {"version": str(version.pk), "decision": "approved"}, format="json")
    assert made.status_code == 404 and not Approval.objects.exists()
    assert other.get("/api/approvals/").json()["results"] == []
    bad = api(studio.producer).post("/api/approvals/", {"version": str(version.pk), "decision": "yes"}, format="json")
    assert bad.status_code == 400 and "decision" in bad.json()["error"]["fields"]
    assert api(studio.producer).get("/api/approvals/?version=nope").status_code == 400


def test_the_clients_view_hides_the_teams_round_of_two(studio, version):
    services.review_policy_update(project=studio.acme_project, by=studio.producer, two_rounds=True)
    services.approval_decide(version=version, by=studio.producer, decision=APPROVED, note="Internal: grade is off")
    assert api(studio.acme_user).get("/api/approvals/").json()["results"] == []
    assert len(api(studio.producer).get("/api/approvals/").json()["results"]) == 1
