import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projects import gates, selectors, services, timeline
from projects.models import Invitation, Membership, Project, ProjectAccess, Role, Stage, TimelineEvent
from tests.factories import ProjectFactory, write_brief

pytestmark = pytest.mark.django_db


def test_project_create_records_timeline_event(studio):
    project = services.project_create(by=studio.producer, client=studio.acme, title="  Teaser  ", description="Idea")
    assert project.title == "Teaser"
    assert project.organization == studio.org
    event = TimelineEvent.objects.get(project=project)
    assert event.kind == "project.created"
    assert event.actor == studio.producer
    assert event.stage == Stage.IDEATION
    assert "Acme" in event.summary


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user"])
def test_only_producers_create_projects(studio, role_user):
    with pytest.raises(PermissionDenied):
        services.project_create(by=getattr(studio, role_user), client=studio.acme, title="Nope")
    assert not Project.objects.filter(title="Nope").exists()


def test_project_create_rejects_blank_title_and_changes_nothing(studio):
    before = Project.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.project_create(by=studio.producer, client=studio.acme, title="   ")
    assert "title" in exc.value.message_dict
    assert Project.objects.count() == before
    assert not TimelineEvent.objects.filter(kind="project.created").exists()


def test_stage_forward_refused_by_gate_names_the_gate(studio):
    project = ProjectFactory(client=studio.acme, description="")
    with pytest.raises(services.GateRefused) as exc:
        services.project_change_stage(project=project, to_stage=Stage.STORYBOARD, by=studio.producer)
    assert "Brief written" in str(exc.value)
    assert [r.key for r in exc.value.results if not r.passed] == ["ideation.brief_written"]
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    assert not TimelineEvent.objects.filter(project=project, kind="project.stage_changed").exists()


def test_stage_override_with_reason_is_recorded(studio):
    project = ProjectFactory(client=studio.acme, description="")
    change = services.project_change_stage(
        project=project, to_stage=Stage.STORYBOARD, by=studio.producer, override_reason="Client briefed us by phone"
    )
    assert [r.key for r in change.overridden] == ["ideation.brief_written"]
    project.refresh_from_db()
    assert project.stage == Stage.STORYBOARD
    event = TimelineEvent.objects.get(project=project, kind="project.stage_changed")
    assert event.data["override_reason"] == "Client briefed us by phone"
    assert event.data["gates"][0]["passed"] is False
    assert "overriding Brief written" in event.summary
    assert event.stage == Stage.STORYBOARD


def test_skipping_stages_checks_every_gate_crossed(studio):
    project = ProjectFactory(client=studio.acme, description="", due_date=None)
    with pytest.raises(services.GateRefused) as exc:
        services.project_change_stage(project=project, to_stage=Stage.EDIT, by=studio.producer)
    failed = {r.key for r in exc.value.results if not r.passed}
    assert failed == {
        "ideation.brief_written",
        "projects.due_date_set",
        "ideation.brief_signed_off",
        "shoot.call_sheets_sent",
    }


def test_moving_back_needs_no_gates(studio):
    project = ProjectFactory(client=studio.acme, description="", stage=Stage.SHOOT, due_date=None)
    services.project_change_stage(project=project, to_stage=Stage.IDEATION, by=studio.producer)
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION


def test_gate_registered_by_another_app_is_checked(studio):
    gates.register(
        key="tests.cut_approved", entering=Stage.PLANNING, title="Cut approved", check=lambda p: "No approved cut yet."
    )
    try:
        project = ProjectFactory(client=studio.acme, stage=Stage.EDIT)
        with pytest.raises(services.GateRefused) as exc:
            services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)
        assert "Cut approved: No approved cut yet." in str(exc.value)
    finally:
        gates.unregister("tests.cut_approved")


def test_unknown_stage_and_same_stage_are_refused(studio):
    with pytest.raises(ValidationError, match="Unknown stage"):
        services.project_change_stage(project=studio.acme_project, to_stage="party", by=studio.producer)
    with pytest.raises(ValidationError, match="already in"):
        services.project_change_stage(project=studio.acme_project, to_stage=Stage.IDEATION, by=studio.producer)


def test_only_producers_change_stage(studio):
    with pytest.raises(PermissionDenied):
        services.project_change_stage(project=studio.acme_project, to_stage=Stage.STORYBOARD, by=studio.editor)


def test_timeline_record_outside_transaction_is_refused(studio, django_db_blocker):
    # pytest-django wraps each test in a transaction; leave it to see the guard.
    connection = transaction.get_connection()
    connection.in_atomic_block, saved = False, connection.in_atomic_block
    try:
        with pytest.raises(timeline.TimelineOutsideTransaction):
            timeline.record(project=studio.acme_project, kind="x", summary="y")
    finally:
        connection.in_atomic_block = saved


def test_invite_client_and_accept_creates_membership_and_access(studio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.member_invite(
            organization=studio.org,
            email="New.Person@Acme.test",
            role=Role.CLIENT,
            client=studio.acme,
            projects=[studio.acme_project],
            by=studio.producer,
        )
    assert invitation.email == "new.person@acme.test"
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert TimelineEvent.objects.filter(project=studio.acme_project, kind="member.invited").exists()

    membership = services.invitation_accept(invitation=invitation, password="a-long-Passphrase-9", first_name="Nia")
    assert membership.role == Role.CLIENT and membership.client == studio.acme
    assert ProjectAccess.objects.filter(project=studio.acme_project, user=membership.user).exists()
    assert list(selectors.projects_visible_to(membership.user)) == [studio.acme_project]
    joined = TimelineEvent.objects.get(project=studio.acme_project, kind="member.joined")
    assert joined.client_visible
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(invitation=invitation, password="another-Passphrase-9")


def test_invite_client_to_other_company_project_is_refused(studio):
    with pytest.raises(ValidationError) as exc:
        services.member_invite(
            organization=studio.org,
            email="x@acme.test",
            role=Role.CLIENT,
            client=studio.acme,
            projects=[studio.globex_project],
            by=studio.producer,
        )
    assert "projects" in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_expired_invitation_cannot_be_accepted(studio):
    invitation = services.member_invite(
        organization=studio.org, email="late@x.test", role=Role.EDITOR, by=studio.producer
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.invitations_expire() == 1
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(invitation=invitation, password="a-long-Passphrase-9")
    assert not Membership.objects.filter(user__email="late@x.test").exists()


def test_weak_password_on_accept_changes_nothing(studio):
    invitation = services.member_invite(
        organization=studio.org, email="weak@x.test", role=Role.EDITOR, by=studio.producer
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="123")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not Membership.objects.filter(user__email="weak@x.test").exists()


def test_last_producer_cannot_be_removed(studio):
    membership = Membership.objects.get(user=studio.producer)
    with pytest.raises(ValidationError, match="at least one producer"):
        services.membership_remove(membership=membership, by=studio.producer)


def test_events_carry_the_projects_current_stage_even_from_a_stale_object(studio):
    write_brief(studio.acme_project, studio.producer)
    stale = Project.objects.get(pk=studio.acme_project.pk)
    services.project_change_stage(project=studio.acme_project, to_stage=Stage.STORYBOARD, by=studio.producer)
    assert studio.acme_project.stage == Stage.STORYBOARD  # the caller's object follows
    with transaction.atomic():
        event = timeline.record(project=stale, kind="note.added", summary="later")
    assert stale.stage == Stage.IDEATION
    assert event.stage == Stage.STORYBOARD
