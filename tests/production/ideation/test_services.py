"""Ideation's writes: ideas, votes, comments, promotion, brief versions and sign-off."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from production.ideation import services
from production.ideation.models import (
    Brief,
    BriefKpi,
    BriefMessage,
    BriefSignoff,
    BriefVersion,
    Idea,
    IdeaComment,
    IdeaVote,
    Metric,
    Objective,
    Platform,
)
from projects.models import Notification, Project, Stage, TimelineEvent
from tests.factories import ProjectAccessFactory

from .conftest import full_brief

pytestmark = pytest.mark.django_db


def make_idea(studio, **kwargs):
    fields = {"title": "Trail care tips", "pitch": "Clean, dry, re-lace.", "format": "30 s how-to",
              "platforms": [Platform.TIKTOK, Platform.YOUTUBE_SHORTS]}  # fmt: skip
    fields.update(kwargs)
    return services.idea_create(organization=studio.org, by=studio.editor, **fields)


# --- Ideas ------------------------------------------------------------------------------------


def test_the_team_puts_ideas_on_the_board_and_a_client_cannot(studio):
    idea = make_idea(studio, title="  Trail care tips  ")
    assert (idea.title, idea.status, idea.author, idea.platforms) == (
        "Trail care tips", Idea.Status.NEW, studio.editor, ["tiktok", "youtube_shorts"],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.idea_create(organization=studio.org, by=studio.acme_user, title="Client's own idea")
    assert Idea.objects.count() == 1


def test_bad_idea_input_is_refused_with_every_problem_and_nothing_saved(studio):
    with pytest.raises(ValidationError) as exc:
        services.idea_create(organization=studio.org, by=studio.producer, title="  ", pitch="x\u202ey",
                             platforms=["myspace"])  # fmt: skip
    assert set(exc.value.message_dict) == {"title", "pitch", "platforms"}
    assert "Unknown platform “myspace”" in exc.value.message_dict["platforms"][0]
    assert not Idea.objects.exists()


def test_a_vote_toggles_and_counts_once_per_person(studio):
    idea = make_idea(studio)
    assert services.idea_vote_toggle(idea=idea, by=studio.producer) is True
    assert services.idea_vote_toggle(idea=idea, by=studio.marketer) is True
    assert IdeaVote.objects.filter(idea=idea).count() == 2
    assert services.idea_vote_toggle(idea=idea, by=studio.producer) is False
    assert list(IdeaVote.objects.filter(idea=idea).values_list("user", flat=True)) == [studio.marketer.pk]
    with pytest.raises(PermissionDenied):
        services.idea_vote_toggle(idea=idea, by=studio.acme_user)


def test_comments_are_plain_text_and_never_blank(studio):
    idea = make_idea(studio)
    comment = services.idea_comment(idea=idea, by=studio.marketer, text="  Two hooks?\nMaybe.  ")
    assert (comment.text, comment.author_name) == ("Two hooks?\nMaybe.", studio.marketer.display_name)
    with pytest.raises(ValidationError) as exc:
        services.idea_comment(idea=idea, by=studio.marketer, text="   ")
    assert exc.value.message_dict == {"text": ["Write the comment."]}
    assert IdeaComment.objects.count() == 1


def test_only_producers_shortlist_or_drop_and_the_author_may_edit(studio):
    idea = make_idea(studio)
    services.idea_update(idea=idea, by=studio.editor, title="Trail care, fast")  # the author
    with pytest.raises(PermissionDenied):
        services.idea_update(idea=idea, by=studio.editor, status=Idea.Status.SHORTLISTED)
    with pytest.raises(PermissionDenied):
        services.idea_update(idea=idea, by=studio.marketer, title="Not mine")
    services.idea_update(idea=idea, by=studio.producer, status=Idea.Status.SHORTLISTED)
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Trail care, fast", Idea.Status.SHORTLISTED)
    with pytest.raises(ValidationError) as exc:
        services.idea_update(idea=idea, by=studio.producer, status=Idea.Status.PROMOTED)
    assert "Promote the idea" in exc.value.message_dict["status"][0]


def test_promoting_makes_the_project_its_first_brief_and_a_team_only_timeline_event(studio):
    idea = make_idea(studio)
    due = timezone.localdate() + dt.timedelta(days=20)
    project = services.idea_promote(idea=idea, by=studio.producer, client=studio.acme, due_date=due)

    assert (project.title, project.client, project.stage, project.due_date) == (
        "Trail care tips", studio.acme, Stage.IDEATION, due,
    )  # fmt: skip
    assert project.description == "Clean, dry, re-lace."
    idea.refresh_from_db()
    assert (idea.status, idea.project, idea.promoted_at is not None) == (Idea.Status.PROMOTED, project, True)
    version = BriefVersion.objects.get(brief__project=project)
    assert version.number == 1
    assert version.summary == "Clean, dry, re-lace."
    assert [p.platform for p in version.platforms.all()] == ["tiktok", "youtube_shorts"]
    assert "from the idea “Trail care tips”" in version.note
    event = TimelineEvent.objects.get(project=project, kind="idea.promoted")
    assert (event.stage, event.client_visible, event.actor) == (Stage.IDEATION, False, studio.producer)
    assert "Trail care tips" in event.summary
    kinds = set(TimelineEvent.objects.filter(project=project).values_list("kind", flat=True))
    assert kinds == {"project.created", "brief.saved", "idea.promoted"}

    with pytest.raises(ValidationError):  # once only
        services.idea_promote(idea=idea, by=studio.producer, client=studio.acme)
    assert Project.objects.filter(title="Trail care tips").count() == 1


def test_only_a_producer_promotes_and_nothing_is_made_otherwise(studio):
    idea = make_idea(studio)
    with pytest.raises(PermissionDenied):
        services.idea_promote(idea=idea, by=studio.editor, client=studio.acme)
    with pytest.raises(ValidationError):  # a bad title from the producer: the project's own rule
        services.idea_promote(idea=idea, by=studio.producer, client=studio.acme, title="   ")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW and idea.project is None
    assert not Brief.objects.exists()
    assert Project.objects.count() == 2  # the studio's two


# --- The brief --------------------------------------------------------------------------------


def test_each_save_is_a_new_version_and_the_timeline_tells_the_client(studio, brief_v1):
    project = studio.acme_project
    assert brief_v1.number == 1
    assert [k.metric for k in brief_v1.kpis.all()] == [Metric.VIEWS, Metric.VIEW_THROUGH_RATE]
    second = services.brief_save(project=project, by=studio.marketer, **full_brief(audience="Trail runners"),
                                 note="Narrower audience")  # fmt: skip
    assert second.number == 2
    assert BriefVersion.objects.get(pk=brief_v1.pk).audience == "Runners, 25 to 40."  # v1 unchanged
    events = TimelineEvent.objects.filter(project=project, kind="brief.saved").order_by("occurred_at")
    assert [e.client_visible for e in events] == [True, True]
    assert events.last().summary.endswith("saved the brief as version 2: Narrower audience")


def test_saving_the_same_brief_again_makes_no_new_version(studio, brief_v1):
    again = services.brief_save(project=studio.acme_project, by=studio.producer, **services.content_of(brief_v1))
    assert again.pk == brief_v1.pk
    assert BriefVersion.objects.count() == 1
    assert TimelineEvent.objects.filter(kind="brief.saved").count() == 1


def test_kept_rows_keep_their_key_and_new_rows_get_a_new_one(studio, brief_v1):
    content = services.content_of(brief_v1)
    kept = content["messages"][0]["key"]
    content["messages"].append({"text": "Logo in the last 3 seconds", "kind": BriefMessage.Kind.SHOW})
    content["kpis"] = content["kpis"][1:]  # the views KPI is dropped
    v2 = services.brief_save(project=studio.acme_project, by=studio.producer, **content)
    messages = list(v2.messages.all())
    assert messages[0].key == kept and messages[0].pk != brief_v1.messages.get().pk
    assert messages[1].key not in (kept, None)
    assert [k.metric for k in v2.kpis.all()] == [Metric.VIEW_THROUGH_RATE]
    assert v2.kpis.get().key == brief_v1.kpis.get(metric=Metric.VIEW_THROUGH_RATE).key


def test_a_key_not_in_the_current_version_is_refused(studio, brief_v1):
    content = services.content_of(brief_v1)
    content["messages"][0]["key"] = "0b9e5f0e-8b7a-4c53-9c1e-000000000000"
    with pytest.raises(ValidationError) as exc:
        services.brief_save(project=studio.acme_project, by=studio.producer, **content)
    assert "not in the current version" in exc.value.message_dict["messages.0.key"][0]
    assert BriefVersion.objects.count() == 1


def test_bad_brief_input_names_every_problem_and_changes_nothing(studio):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.brief_save(
            project=studio.acme_project,
            by=studio.producer,
            objective="fame",
            budget=Decimal("-5"),
            deadline=today - dt.timedelta(days=1),
            kpis=[{"metric": "likes", "target": "lots"}, {"metric": Metric.VIEW_THROUGH_RATE, "target": "140"}],
            platforms=[{"platform": "tiktok"}, {"platform": "tiktok", "ideal_runtime": 0, "aspect_ratios": ["3:2"]}],
            messages=[{"text": "  "}],
            assets=[{"kind": "thumbnail", "count": 0, "duration": 5}],
        )
    assert set(exc.value.message_dict) == {
        "objective", "budget", "currency", "deadline", "kpis.0.metric", "kpis.0.target", "kpis.1.target",
        "platforms.1.platform", "platforms.1.ideal_runtime", "platforms.1.aspect_ratios", "messages.0.text",
        "assets.0.count", "assets.0.duration",
    }  # fmt: skip
    assert exc.value.message_dict["kpis.1.target"] == ["A rate is a percentage: at most 100."]
    assert "still image" in exc.value.message_dict["assets.0.duration"][0]
    assert not Brief.objects.exists()
    assert not TimelineEvent.objects.filter(kind="brief.saved").exists()


def test_only_producers_and_marketers_write_the_brief(studio):
    for outsider in (studio.editor, studio.acme_user):
        with pytest.raises(PermissionDenied):
            services.brief_save(project=studio.acme_project, by=outsider, **full_brief())
    assert not BriefVersion.objects.exists()


def test_the_clients_reviewer_signs_off_a_version_and_it_does_not_carry_to_the_next(studio, brief_v1):
    project = studio.acme_project
    signoff = services.brief_sign_off(version=brief_v1, by=studio.acme_user, note="Good to go")
    assert (signoff.version, signoff.by, signoff.by_email) == (brief_v1, studio.acme_user, studio.acme_user.email)
    event = TimelineEvent.objects.get(kind="brief.signed_off")
    assert event.client_visible and "signed off version 1" in event.summary
    told = Notification.objects.filter(kind="ideation.brief_signed_off")
    assert set(told.values_list("user", flat=True)) == {studio.producer.pk, studio.marketer.pk}
    assert "signed off version 1 of the brief" in told.first().title
    assert services.brief_sign_off(version=brief_v1, by=studio.acme_user) == signoff  # twice: the first stands

    v2 = services.brief_save(project=project, by=studio.producer, **full_brief(audience="Trail runners"))
    assert not v2.signoffs.exists()  # a sign-off names its version only
    with pytest.raises(ValidationError) as exc:  # and the old one cannot be signed again
        services.brief_sign_off(version=brief_v1, by=studio.acme_user)
    assert "Version 1 is not the current brief" in exc.value.message_dict["version"][0]
    services.brief_sign_off(version=v2, by=studio.acme_user)
    assert list(BriefSignoff.objects.values_list("version__number", flat=True).order_by("version__number")) == [1, 2]


def test_only_a_client_reviewer_invited_to_the_project_signs_off(studio, brief_v1):
    for not_a_reviewer in (studio.producer, studio.marketer, studio.globex_user):
        with pytest.raises(PermissionDenied):
            services.brief_sign_off(version=brief_v1, by=not_a_reviewer)
    assert not BriefSignoff.objects.exists()
    # Another reviewer of Acme, invited to the project, may.
    from tests.factories import MembershipFactory

    second = MembershipFactory(organization=studio.org, role="client", client=studio.acme).user
    with pytest.raises(PermissionDenied):
        services.brief_sign_off(version=brief_v1, by=second)  # not invited yet
    ProjectAccessFactory(project=studio.acme_project, user=second)
    services.brief_sign_off(version=brief_v1, by=second)
    assert BriefSignoff.objects.get().by == second


def test_the_kpi_target_must_be_a_number_above_zero(studio):
    with pytest.raises(ValidationError) as exc:
        services.brief_save(project=studio.acme_project, by=studio.producer,
                            kpis=[{"metric": Metric.VIEWS, "target": "0"}])  # fmt: skip
    assert exc.value.message_dict == {"kpis.0.target": ["The target is a number above zero."]}
    assert not BriefKpi.objects.exists()


def test_a_new_brief_with_an_objective_only_is_a_version_too(studio):
    version = services.brief_save(project=studio.acme_project, by=studio.producer, objective=Objective.RETENTION)
    assert (version.number, version.objective, version.kpis.count()) == (1, Objective.RETENTION, 0)


def test_a_save_based_on_an_older_version_is_refused(studio, brief_v1):
    services.brief_save(project=studio.acme_project, by=studio.marketer, **full_brief(audience="Trail runners"))
    with pytest.raises(ValidationError) as exc:
        services.brief_save(project=studio.acme_project, by=studio.producer, based_on=1, **full_brief())
    assert "saved version 2 while you were editing" in exc.value.message_dict["based_on"][0]
    assert BriefVersion.objects.count() == 2
    assert services.brief_save(project=studio.acme_project, by=studio.producer, based_on=2, **full_brief()).number == 3
