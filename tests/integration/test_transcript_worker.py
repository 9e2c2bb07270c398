"""A version's transcript made by a real worker: the upload's ingest, its playback render, then the
transcription task on the render queue, each picked up by the worker process from the broker."""

import pytest

from production.edit.models import Cut
from production.media import services
from production.media.models import Cue, MediaAsset, Transcript
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_transcribes_a_new_version_after_its_render(studio, worker_factory, tmp_path):
    worker = worker_factory("transcriber", TRANSCRIBE_AUTO="true")
    source = tmp_path / "spoken.mp4"
    clips.spoken_clip(source)
    cut = Cut.objects.create(project=studio.acme_project, title="Launch film", client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    worker.wait_until(
        lambda: Transcript.objects.filter(asset=asset, status__in=["ready", "empty", "failed"]).exists(),
        timeout=180,
        what="the transcript",
    )
    transcript = Transcript.objects.get(asset=asset)
    assert transcript.status == Transcript.Status.READY, transcript.error
    assert MediaAsset.objects.get(pk=asset.pk).status == MediaAsset.Status.READY
    assert transcript.progress == 100 and transcript.attempts == 1
    text = " ".join(Cue.objects.filter(transcript=transcript).values_list("text", flat=True)).lower()
    assert "video" in text and "review" in text
    assert "production.media.tasks.transcribe_asset" in worker.output()
    assert TimelineEvent.objects.filter(kind="transcript.ready", subject_id=str(transcript.pk)).exists()
