import pytest

from projects import selectors
from projects.models import Role
from tests.factories import MembershipFactory, ProjectFactory, TimelineEventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_see_all_projects_of_their_org(studio):
    other_org_project = ProjectFactory()
    for user in (studio.producer, studio.editor, studio.marketer):
        visible = set(selectors.projects_visible_to(user))
        assert visible == {studio.acme_project, studio.globex_project}
        assert other_org_project not in visible


def test_client_sees_only_invited_projects_of_their_company(studio):
    uninvited = ProjectFactory(client=studio.acme, title="Acme secret")
    assert list(selectors.projects_visible_to(studio.acme_user)) == [studio.acme_project]
    assert uninvited not in selectors.projects_visible_to(studio.acme_user)
    assert list(selectors.projects_visible_to(studio.globex_user)) == [studio.globex_project]


def test_user_without_membership_sees_nothing(studio):
    assert not selectors.projects_visible_to(UserFactory()).exists()


def test_client_timeline_hides_internal_events(studio):
    TimelineEventFactory(project=studio.acme_project, summary="public", client_visible=True)
    TimelineEventFactory(project=studio.acme_project, summary="internal", client_visible=False)
    client_summaries = {e.summary for e in selectors.timeline_for(user=studio.acme_user, project=studio.acme_project)}
    staff_summaries = {e.summary for e in selectors.timeline_for(user=studio.producer, project=studio.acme_project)}
    assert client_summaries == {"public"}
    assert staff_summaries == {"public", "internal"}


def test_members_list_only_for_producers(studio):
    assert selectors.members_of(user=studio.producer, organization=studio.org).count() == 5
    assert not selectors.members_of(user=studio.editor, organization=studio.org).exists()
    assert not selectors.members_of(user=studio.acme_user, organization=studio.org).exists()


def test_client_of_one_company_in_two_orgs_is_scoped_per_org(studio):
    other = ProjectFactory()
    MembershipFactory(organization=other.organization, user=studio.acme_user, role=Role.EDITOR)
    from projects.permissions import forget_memberships

    forget_memberships(studio.acme_user)
    visible = set(selectors.projects_visible_to(studio.acme_user))
    assert visible == {studio.acme_project, other}
