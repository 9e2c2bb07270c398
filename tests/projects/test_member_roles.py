"""Changing a member's role on the members page (and in the API): producers only, with the rules
a membership must keep (a client belongs to a client company; an organization keeps a producer)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Membership, ProjectAccess, Role, TimelineEvent
from tests.factories import ClientFactory, MembershipFactory, ProjectAccessFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def members_url(org) -> str:
    return reverse("members", kwargs={"org_id": org.pk})


def role_url(membership) -> str:
    return reverse("membership-role", kwargs={"org_id": membership.organization_id, "membership_id": membership.pk})


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_producer_makes_an_editor_a_marketer(studio, as_user):
    membership = Membership.objects.get(user=studio.editor)
    page = text(as_user(studio.producer).get(members_url(studio.org)))
    assert role_url(membership) in page and "Change role" in page
    response = as_user(studio.producer).post(role_url(membership), {"role": "marketer", "client": ""}, follow=True)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.MARKETER and membership.client is None
    assert f"{studio.editor.display_name} is now marketer." in text(response)
    # they lose what only editors may do: the upload page says so
    upload = reverse("project-upload", kwargs={"project_id": studio.acme_project.pk})
    assert as_user(studio.editor).get(upload).status_code == 403


def test_a_client_moves_to_another_company_and_loses_the_old_company_projects(studio, as_user):
    membership = Membership.objects.get(user=studio.acme_user)
    second_acme = ProjectFactory(client=studio.acme, title="Acme summer")
    ProjectAccessFactory(project=second_acme, user=studio.acme_user)
    response = as_user(studio.producer).post(role_url(membership), {"role": "client", "client": studio.globex.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.client == studio.globex
    assert not ProjectAccess.objects.filter(user=studio.acme_user).exists()
    portal = text(as_user(studio.acme_user).get(reverse("dashboard")))
    assert studio.acme_project.title not in portal and "Acme summer" not in portal
    event = TimelineEvent.objects.filter(kind="member.role_changed", project=studio.acme_project).get()
    assert "client (Acme) to client (Globex)" in event.summary and not event.client_visible
    assert event.actor == studio.producer


def test_a_client_made_editor_sees_the_team_board(studio, as_user):
    membership = Membership.objects.get(user=studio.acme_user)
    assert as_user(studio.producer).post(role_url(membership), {"role": "editor"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR and membership.client is None
    board = text(as_user(studio.acme_user).get(reverse("dashboard")))
    assert studio.globex_project.title in board  # the whole studio's projects now


def test_bad_role_changes_are_explained_and_change_nothing(studio, as_user):
    browser = as_user(studio.producer)
    editor = Membership.objects.get(user=studio.editor)
    no_company = browser.post(role_url(editor), {"role": "client", "client": ""})
    assert no_company.status_code == 400
    assert "Choose the client company this person belongs to." in text(no_company)
    staff_with_company = browser.post(role_url(editor), {"role": "marketer", "client": studio.acme.pk})
    assert staff_with_company.status_code == 400
    assert "Only client members belong to a client company." in text(staff_with_company)
    unknown = browser.post(role_url(editor), {"role": "director"})
    assert unknown.status_code == 400 and "There is no role called “director”." in text(unknown)
    foreign_company = ClientFactory(name="Initech")  # another organization's client
    foreign = browser.post(role_url(editor), {"role": "client", "client": foreign_company.pk})
    assert foreign.status_code == 400 and "Choose one of your client companies." in text(foreign)
    editor.refresh_from_db()
    assert editor.role == Role.EDITOR and editor.client is None
    assert not TimelineEvent.objects.filter(kind="member.role_changed").exists()


def test_the_last_producer_keeps_the_role(studio, as_user):
    own = Membership.objects.get(user=studio.producer)
    refused = as_user(studio.producer).post(role_url(own), {"role": "editor"})
    assert refused.status_code == 400
    assert "is the organization&#x27;s last producer" in text(refused)
    own.refresh_from_db()
    assert own.role == Role.PRODUCER
    MembershipFactory(organization=studio.org, role=Role.PRODUCER)
    assert as_user(studio.producer).post(role_url(own), {"role": "editor"}).status_code == 302
    own.refresh_from_db()
    assert own.role == Role.EDITOR


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user", "globex_user"])
def test_only_producers_change_roles(studio, as_user, role_user):
    target = Membership.objects.get(user=studio.marketer if role_user != "marketer" else studio.editor)
    assert as_user(getattr(studio, role_user)).post(role_url(target), {"role": "producer"}).status_code == 404
    other_producer = MembershipFactory(role=Role.PRODUCER).user  # another organization's producer
    assert as_user(other_producer).post(role_url(target), {"role": "producer"}).status_code == 404
    target.refresh_from_db()
    assert target.role != Role.PRODUCER


def test_api_changes_a_role_with_the_same_rules(studio):
    editor = Membership.objects.get(user=studio.editor)
    ok = api(studio.producer).patch(
        f"/api/memberships/{editor.pk}/", {"role": "client", "client": str(studio.acme.pk)}, format="json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["role"] == "client" and ok.json()["client"]["id"] == str(studio.acme.pk)
    acme_user = Membership.objects.get(user=studio.acme_user)
    kept = api(studio.producer).patch(f"/api/memberships/{acme_user.pk}/", {"role": "client"}, format="json")
    assert kept.status_code == 200 and kept.json()["client"]["id"] == str(studio.acme.pk)  # keeps their company
    own = Membership.objects.get(user=studio.producer)
    last = api(studio.producer).patch(f"/api/memberships/{own.pk}/", {"role": "marketer"}, format="json")
    assert last.status_code == 400 and "last producer" in last.json()["error"]["fields"]["role"][0]
    assert api(studio.editor).patch(f"/api/memberships/{own.pk}/", {"role": "client"}, format="json").status_code == 403
    marketer = Membership.objects.get(user=studio.marketer)
    refused = api(studio.acme_user).patch(f"/api/memberships/{marketer.pk}/", {"role": "producer"}, format="json")
    assert refused.status_code == 403
    other_producer = MembershipFactory(role=Role.PRODUCER).user
    foreign = api(other_producer).patch(f"/api/memberships/{marketer.pk}/", {"role": "producer"}, format="json")
    assert foreign.status_code == 404
    own.refresh_from_db()
    marketer.refresh_from_db()
    assert own.role == Role.PRODUCER and marketer.role == Role.MARKETER


def test_members_page_queries_stay_constant_with_role_controls(studio, as_user, django_assert_max_num_queries):
    browser = as_user(studio.producer)
    with django_assert_max_num_queries(20) as small:
        assert browser.get(members_url(studio.org)).status_code == 200
    for i in range(15):
        MembershipFactory(organization=studio.org, role=Role.CLIENT, client=studio.acme)
        ClientFactory(organization=studio.org, name=f"Company {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = text(browser.get(members_url(studio.org)))
    assert page.count("Save role") == 20
