"""Renders are keyed by their spec (preset and parameters, hashed): the same spec of the same
asset is rendered once and reused, while it is queued or running and after it succeeded."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from production.media import services, specs
from production.media.models import Render
from tests.production.media import clips

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(import_file, tmp_path):
    path = tmp_path / "take.mp4"
    clips.h264_small(path)
    return import_file(path)


def test_a_spec_hashes_the_same_whatever_the_order_of_its_parameters():
    one = specs.RenderSpec("ladder", {"v": 1, "x264_preset": "veryfast"})
    two = specs.RenderSpec("ladder", {"x264_preset": "veryfast", "v": 1})
    other = specs.RenderSpec("ladder", {"v": 1, "x264_preset": "medium"})
    assert one.digest == two.digest != other.digest
    assert specs.RenderSpec.from_data(one.as_data()) == one
    with pytest.raises(ValueError, match="Unknown render preset"):
        specs.RenderSpec("sepia")


def test_the_ingest_render_carries_the_ladder_spec(rendered):
    render = rendered.renders.get()
    assert render.spec == {"preset": "ladder", "v": specs.LADDER_VERSION}
    assert render.spec_hash == specs.ladder().digest


def test_the_same_spec_asked_twice_renders_once(rendered, studio, django_capture_on_commit_callbacks):
    done = rendered.renders.get()
    finished_at = done.finished_at
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = services.render_request(asset=rendered, spec=specs.ladder(), by=studio.editor)
    assert again.pk == done.pk
    assert not queued  # nothing was queued: no task, no ffmpeg
    done.refresh_from_db()
    assert (done.attempts, done.finished_at) == (1, finished_at)
    assert Render.objects.filter(asset=rendered).count() == 1


def test_a_spec_being_rendered_is_joined_not_queued_again(rendered, studio, django_capture_on_commit_callbacks):
    spec = specs.RenderSpec("ladder", {"v": specs.LADDER_VERSION + 1})  # the ladder as a newer engine makes it
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = services.render_request(asset=rendered, spec=spec, by=studio.editor)
        second = services.render_request(asset=rendered, spec=spec, by=studio.editor)
    assert first.pk == second.pk and first.status == Render.Status.QUEUED
    assert len(queued) == 1  # one task published for the two requests
    assert Render.objects.filter(asset=rendered).count() == 2  # the ingest's ladder and this one


def test_the_database_refuses_a_second_success_or_a_second_active_render_of_a_spec(rendered):
    done = rendered.renders.get()
    for status in (Render.Status.SUCCEEDED, Render.Status.QUEUED):
        if status == Render.Status.QUEUED:
            Render.objects.create(asset=rendered, spec=done.spec, spec_hash=done.spec_hash, status=status)
        with pytest.raises(IntegrityError), transaction.atomic():
            Render.objects.create(asset=rendered, spec=done.spec, spec_hash=done.spec_hash, status=status)


def test_a_succeeded_render_is_not_rendered_again_but_a_failed_one_is(
    rendered, studio, django_capture_on_commit_callbacks
):
    done = rendered.renders.get()
    with pytest.raises(ValidationError, match="nothing to render again"):
        services.render_retry(render=done, by=studio.editor)
    assert Render.objects.filter(asset=rendered).count() == 1
    Render.objects.filter(pk=done.pk).update(status=Render.Status.FAILED, error="disk full")
    done.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.render_retry(render=done, by=studio.editor)
    again.refresh_from_db()
    assert again.pk != done.pk and again.spec_hash == done.spec_hash
    assert again.status == Render.Status.SUCCEEDED
