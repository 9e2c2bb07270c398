"""Who reads what in ideation: the board is the team's; a brief is read by whoever sees its
project, so a client of another company (or another studio) reads nothing."""

import pytest

from production.ideation import selectors, services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(studio, brief_v1):
    idea = services.idea_create(organization=studio.org, by=studio.producer, title="Ours")
    rival = OrganizationFactory()
    rival_producer = MembershipFactory(organization=rival, role="producer").user
    theirs = services.idea_create(organization=rival, by=rival_producer, title="Theirs")
    return idea, theirs, rival_producer


def test_every_role_of_the_team_sees_the_studios_ideas_and_only_those(studio, board):
    ours, theirs, rival_producer = board
    for member in (studio.producer, studio.editor, studio.marketer):
        assert list(selectors.ideas_visible_to(member)) == [ours]
    assert list(selectors.ideas_visible_to(rival_producer)) == [theirs]


def test_clients_and_strangers_see_no_idea(studio, board):
    for outsider in (studio.acme_user, studio.globex_user, UserFactory()):
        assert not selectors.ideas_visible_to(outsider).exists()
        assert not selectors.board_organizations(outsider).exists()


def test_a_client_reads_their_own_projects_brief_and_nobody_elses(studio, board, brief_v1):
    _, _, rival_producer = board
    assert list(selectors.briefs_visible_to(studio.acme_user)) == [brief_v1.brief]
    assert list(selectors.brief_versions_visible_to(studio.acme_user)) == [brief_v1]
    for foreign in (studio.globex_user, rival_producer, UserFactory()):
        assert not selectors.briefs_visible_to(foreign).exists()
        assert not selectors.brief_versions_visible_to(foreign).exists()
    assert list(selectors.briefs_visible_to(studio.editor)) == [brief_v1.brief]


def test_an_uninvited_reviewer_of_the_same_company_reads_nothing(studio, brief_v1):
    colleague = MembershipFactory(organization=studio.org, role="client", client=studio.acme).user
    assert not selectors.briefs_visible_to(colleague).exists()


def test_the_board_counts_votes_and_your_own(studio, board):
    ours, _, _ = board
    services.idea_vote_toggle(idea=ours, by=studio.editor)
    services.idea_comment(idea=ours, by=studio.marketer, text="Yes")
    [row] = selectors.ideas_for_board(studio.editor)
    assert (row.vote_count, row.comment_count, row.voted) == (1, 1, True)
    [row] = selectors.ideas_for_board(studio.producer)
    assert row.voted is False
