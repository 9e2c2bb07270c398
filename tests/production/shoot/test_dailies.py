"""The dailies upload target, before any byte: a daily names a take, a shot or a day of the project;
a shot on no day, another studio's or a client's is refused and nothing is made; an asset's page
and the API name a daily the way the set does."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from production.media.models import MediaAsset, Upload
from production.media.targets import owner_of
from production.shoot import set_services
from production.shoot.models import Daily
from production.storyboard.services import shots as shot_services
from tests.factories import schedule_shot

from .test_api import api

pytestmark = pytest.mark.django_db


def start(user, **meta):
    header = ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in meta.items())
    return api(user).post(
        reverse("tus-uploads"), HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="1000", HTTP_UPLOAD_METADATA=header
    )


def test_a_daily_names_a_take_a_shot_or_a_day(studio, shoot):
    scheduled = schedule_shot(shoot.day, by=studio.producer, number="4")
    take = set_services.take_log(day=shoot.day, shot=scheduled.shot, by=studio.producer)
    for ref in (take.pk, scheduled.shot_id, shoot.day.pk):
        response = start(studio.editor, filename="A001.mov", daily=ref)
        assert response.status_code == 201, response.content
    uploads = list(Upload.objects.order_by("created_at"))
    assert [(u.target, u.purpose, u.target_ref) for u in uploads] == [
        ("daily", "daily", take.pk), ("daily", "daily", scheduled.shot_id), ("daily", "daily", shoot.day.pk),
    ]  # fmt: skip


def test_a_daily_of_nothing_we_know_is_refused(studio, shoot):
    unscheduled = shot_services.shot_create(project=shoot.project, by=studio.producer, number="7")
    refused = start(studio.editor, filename="A001.mov", daily=unscheduled.pk)
    assert refused.status_code == 400 and "Shot 7 is on no shoot day yet" in refused.content.decode()
    assert start(studio.editor, filename="A001.mov", daily="not-an-id").status_code == 404
    assert start(studio.acme_user, filename="A001.mov", daily=shoot.day.pk).status_code == 404  # a client
    assert start(studio.marketer, filename="A001.mov", daily=shoot.day.pk).status_code == 403  # may not upload
    assert not Upload.objects.exists()


def test_a_dailys_owner_on_the_asset_page(studio, shoot, as_user):
    scheduled = schedule_shot(shoot.day, by=studio.producer, number="4")
    take = set_services.take_log(day=shoot.day, shot=scheduled.shot, by=studio.producer)
    asset = MediaAsset.objects.create(project=shoot.project, original_name="A001.mov", purpose="daily")
    Daily.objects.create(asset=asset, day=shoot.day, shot=scheduled.shot, take=take)
    owner = owner_of(asset).owner(user=studio.producer, asset=asset)
    assert owner.title == "Shot 4, take 1 — Mon 12 May" and owner.noun == "daily" and owner.number is None
    assert owner.upload_query == f"?daily={scheduled.shot_id}"
    page = as_user(studio.producer).get(reverse("asset-detail", kwargs={"asset_id": asset.pk})).content.decode()
    assert "Shot 4, take 1 — Mon 12 May" in page and "vNone" not in page and "On-set tracker" not in page  # not ready
    assert as_user(studio.acme_user).get(reverse("asset-detail", kwargs={"asset_id": asset.pk})).status_code == 404
