"""The campaign: started from the brief, versioned like the brief (a save based on an older version
is refused and changes nothing), its rules on input all at once, the repurposing plan's rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from marketing.planning import services
from marketing.planning.models import Campaign, CampaignVersion, PlanItem
from production.ideation import services as ideation
from projects.models import TimelineEvent

from .conftest import launch_brief

pytestmark = pytest.mark.django_db


def test_a_campaign_starts_from_the_briefs_current_version(studio, brief):
    version = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    assert version.number == 1
    assert version.objective == "awareness" and version.audience == "Trail runners, 25 to 40."
    assert version.budget == Decimal("20000") and version.currency == "EUR" and version.paid_percent == 0
    assert [(k.metric, k.target, k.channel) for k in version.kpis.all()] == [
        ("views", Decimal("250000"), ""), ("view_through_rate", Decimal("35"), ""),
    ]  # fmt: skip
    assert [k.brief_key for k in version.kpis.all()] == [k.key for k in brief.kpis.all()]
    # Facebook is delivered as Facebook Reels; the Instagram feed has no preset and is named
    assert [c.preset for c in version.channels.all()] == ["instagram_reels", "youtube", "facebook_reels"]
    assert "no preset yet for Instagram feed" in version.note
    assert version.campaign.brief_version == brief.number
    # the plan: two cutdowns, a bumper, a thumbnail; the 9:16 ones go to the first vertical channel
    items = list(PlanItem.objects.filter(campaign=version.campaign).order_by("created_at", "number"))
    assert [(i.number, i.preset) for i in items] == [(1, "instagram_reels"), (2, "instagram_reels"), (1, "youtube"),
                                                      (1, "youtube")]  # fmt: skip
    event = TimelineEvent.objects.get(kind="campaign.created")
    assert event.stage == "planning" and not event.client_visible and event.actor == studio.marketer


def test_without_a_brief_or_twice_nothing_is_made(studio, brief):
    with pytest.raises(ValidationError, match="no brief to start from"):
        services.campaign_create(project=studio.globex_project, by=studio.producer)
    services.campaign_create(project=studio.acme_project, by=studio.producer)
    with pytest.raises(ValidationError, match="has a campaign already"):
        services.campaign_create(project=studio.acme_project, by=studio.marketer)
    assert CampaignVersion.objects.count() == 1


def test_editors_and_clients_do_not_plan(studio, brief):
    for who in (studio.editor, studio.acme_user):
        with pytest.raises(PermissionDenied):
            services.campaign_create(project=studio.acme_project, by=who)
    assert not Campaign.objects.exists()


def test_a_kpi_edit_is_the_next_version_with_the_rows_keys_kept(studio, brief):
    first = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    content = services.content_of(first)
    content["kpis"][0]["target"] = Decimal("300000")
    content["kpis"][0]["channel"] = "instagram_reels"
    content["paid_percent"] = 40
    second = services.campaign_save(project=studio.acme_project, by=studio.marketer, based_on=1, **content)
    assert second.number == 2
    assert second.kpis.all()[0].target == Decimal("300000") and second.kpis.all()[0].key == first.kpis.all()[0].key
    assert first.kpis.all()[0].target == Decimal("250000")  # version 1 is kept as it was
    assert second.paid_amount == Decimal("8000.00") and second.organic_amount == Decimal("12000.00")
    # the same again makes no version
    again = services.campaign_save(project=studio.acme_project, by=studio.marketer, **services.content_of(second))
    assert again.pk == second.pk and CampaignVersion.objects.count() == 2


def test_a_save_based_on_an_older_version_is_refused_and_says_who_saved(studio, brief):
    first = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    content = services.content_of(first)
    services.campaign_save(
        project=studio.acme_project, by=studio.producer, based_on=1, **{**content, "paid_percent": 10}
    )
    with pytest.raises(ValidationError) as exc:
        services.campaign_save(project=studio.acme_project, by=studio.marketer, based_on=1,
                               **{**content, "paid_percent": 90})  # fmt: skip
    message = exc.value.message_dict["based_on"][0]
    assert f"{studio.producer.display_name} saved version 2 while you were editing" in message
    assert CampaignVersion.objects.count() == 2
    assert services.current_version_of(studio.acme_project).paid_percent == 10


def test_every_problem_comes_back_at_once_and_nothing_is_saved(studio, brief):
    first = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    content = services.content_of(first)
    bad = {
        **content,
        "paid_percent": 140,
        "budget": Decimal("-5"),
        "client_fields": ["margin"],
        "kpis": [{**content["kpis"][0], "target": Decimal("0"), "channel": "tiktok"}],
        "channels": [*content["channels"], {"preset": "youtube"}, {"preset": "myspace"}],
    }
    with pytest.raises(ValidationError) as exc:
        services.campaign_save(project=studio.acme_project, by=studio.marketer, **bad)
    errors = exc.value.message_dict
    assert set(errors) >= {"paid_percent", "budget", "client_fields", "kpis.0.target", "kpis.0.channel",
                           "channels.3.preset", "channels.4.preset"}  # fmt: skip
    assert "TikTok is not one of the campaign's channels" in errors["kpis.0.channel"][0]
    assert CampaignVersion.objects.count() == 1


def test_a_save_adds_plan_rows_for_assets_the_brief_gained(studio, brief):
    first = services.campaign_create(project=studio.acme_project, by=studio.marketer)
    content = ideation.content_of(brief)
    content["assets"].append({"kind": "teaser", "count": 2, "aspect_ratio": "1:1", "duration": 10})
    ideation.brief_save(project=studio.acme_project, by=studio.producer, **content)
    services.campaign_save(project=studio.acme_project, by=studio.marketer,
                           **{**services.content_of(first), "paid_percent": 5})  # fmt: skip
    assert PlanItem.objects.count() == 6


def test_a_plan_rows_platform_is_chosen_and_recorded(studio, brief):
    services.campaign_create(project=studio.acme_project, by=studio.marketer)
    item = PlanItem.objects.order_by("created_at", "number").first()
    services.plan_item_update(item=item, by=studio.marketer, preset_key="tiktok")
    item.refresh_from_db()
    assert item.preset == "tiktok"
    assert TimelineEvent.objects.filter(kind="plan.preset_set").count() == 1
    with pytest.raises(ValidationError):
        services.plan_item_update(item=item, by=studio.marketer, preset_key="vine")
    with pytest.raises(PermissionDenied):
        services.plan_item_update(item=item, by=studio.editor, preset_key="x")
    item.refresh_from_db()
    assert item.preset == "tiktok"


def test_the_brief_still_refuses_stale_saves_through_the_shared_rule(studio, brief):
    with pytest.raises(ValidationError, match="saved version 1 while you were editing"):
        ideation.brief_save(project=studio.acme_project, by=studio.marketer, based_on=0, **launch_brief())
