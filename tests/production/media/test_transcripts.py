"""Transcripts of media assets: made on the worker after a version's playback render (faster-whisper
on a clip espeak-ng spoke), skipped with a reason when there is nothing to hear, shown under the
review player, edited per cue by the team only, replaced by a caption file (errors by line,
nothing lost), exported as SRT and WebVTT — on pages and in the API alike."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from production.media import transcripts
from production.media.engine import captions
from production.media.engine import transcribe as tx
from production.media.models import Cue, MediaAsset, Transcript
from production.media.transcript_models import TranscriptRevision
from production.review import services as review_services
from projects.models import TimelineEvent
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db

SRT = """1
00:00:00,500 --> 00:00:01,500
Reelflow makes

2
00:00:01,500 --> 00:00:03,000
video review simple.
"""


def review_page(version) -> str:
    return reverse("version-review", kwargs={"version_id": version.pk})


def review_shows(browser, version) -> str:
    return page_with_transcript(browser, review_page(version))


def page_with_transcript(browser, url: str) -> str:
    """A review page with its transcript as a reader sees them: the page, then the panel its
    loader fetches (the transcript loads on its own)."""
    page = browser.get(url).content.decode()
    loader = re.search(r'id="transcript"[^>]*hx-get="([^"]+)"', page)
    assert loader, "the review page has no transcript loader"
    panel = browser.get(html.unescape(loader.group(1)), HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    return page + panel.content.decode()


@pytest.fixture
def version(shared_cut):
    return make_version(shared_cut, playable=True)


@pytest.fixture
def captioned(studio, version):
    """A version whose transcript is the two cues of ``SRT`` (uploaded by the editor)."""
    transcripts.captions_upload(asset=version.asset, by=studio.editor, filename="v1.srt", data=SRT.encode())
    return version


def cues_of(version) -> list[Cue]:
    transcript = Transcript.objects.get(asset=version.asset)
    return list(Cue.objects.filter(transcript=transcript, revision=transcript.revision).order_by("index"))


# --- Made on the worker ------------------------------------------------------------------------


def test_a_spoken_version_is_transcribed_after_its_render_with_word_timings(studio, settings, clip, import_file):
    settings.TRANSCRIBE_AUTO = True
    asset = import_file(clip("spoken"))
    assert asset.status == MediaAsset.Status.READY
    transcript = Transcript.objects.get(asset=asset)
    assert transcript.status == Transcript.Status.READY, transcript.error
    assert transcript.language == "en" and transcript.model_name == "tiny.en"
    assert transcript.progress == 100 and transcript.revision == 1
    text = " ".join(c.text for c in cues_of_asset(asset)).lower()
    assert "review" in text and "video" in text
    for cue in cues_of_asset(asset):
        assert 0 <= cue.start_ms < cue.end_ms <= asset.duration * 1000 + 50
        for word in cue.words:
            assert 0 <= word["start"] <= word["end"] <= asset.duration + 0.05
    assert TranscriptRevision.objects.get(transcript=transcript).source == TranscriptRevision.Source.SPEECH
    assert TimelineEvent.objects.filter(kind="transcript.ready", project=asset.project).exists()


def cues_of_asset(asset) -> list[Cue]:
    transcript = Transcript.objects.get(asset=asset)
    return list(Cue.objects.filter(transcript=transcript, revision=transcript.revision).order_by("index"))


def test_a_version_without_sound_gets_no_transcript_and_says_so(studio, settings, clip, import_file, as_user):
    settings.TRANSCRIBE_AUTO = True
    asset = import_file(clip("silent_video"))
    assert asset.status == MediaAsset.Status.READY
    assert not Transcript.objects.filter(asset=asset).exists()
    version = asset.version
    page = review_shows(as_user(studio.editor), version)
    assert "No sound to transcribe" in page
    # Asked anyway, it ends with nothing to transcribe and the reason.
    transcripts.transcript_request(asset=asset, by=studio.editor)  # its task is queued on commit: run it here
    transcript = Transcript.objects.get(asset=asset)
    transcripts.transcript_run(transcript=transcripts.transcript_claim(transcript_id=transcript.pk))
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.EMPTY
    assert transcript.error == tx.NO_AUDIO
    assert "This file has no sound to transcribe." in review_shows(as_user(studio.editor), version)


def test_a_silent_sound_track_ends_empty_with_its_reason(studio, settings, clip, import_file):
    settings.TRANSCRIBE_AUTO = True
    asset = import_file(clip("quiet"))
    transcript = Transcript.objects.get(asset=asset)
    assert transcript.status == Transcript.Status.EMPTY
    assert transcript.error == tx.SILENT
    assert transcript.revision == 0 and not transcript.cues.exists()


def test_with_auto_off_nothing_is_transcribed(studio, settings, clip, import_file):
    settings.TRANSCRIBE_AUTO = False
    asset = import_file(clip("spoken"))
    assert not Transcript.objects.filter(asset=asset).exists()


def test_a_running_transcription_shows_its_progress_and_can_be_cancelled(studio, version, as_user):
    transcript = Transcript.objects.create(asset=version.asset, status=Transcript.Status.RUNNING, progress=40)
    page = review_shows(as_user(studio.acme_user), version)
    assert "Transcribing… <strong>40 %</strong>" in page
    assert 'hx-trigger="every 2s"' in page
    assert reverse("transcript-cancel", kwargs={"asset_id": version.asset.pk}) not in page  # the client's page
    with pytest.raises(PermissionDenied):
        transcripts.transcript_cancel(transcript=transcript, by=studio.acme_user)
    transcripts.transcript_cancel(transcript=transcript, by=studio.editor)
    transcript.refresh_from_db()
    assert transcript.cancel_requested
    # The worker sees it at its next segment and stops.
    assert transcripts.transcript_claim(transcript_id=transcript.pk) is None  # not queued: nothing to claim


def test_cues_are_not_edited_while_a_new_run_is_under_way(studio, captioned, as_user):
    cue = cues_of(captioned)[0]
    Transcript.objects.filter(asset=captioned.asset).update(status=Transcript.Status.RUNNING, progress=10)
    page = review_shows(as_user(studio.editor), captioned)
    assert "Reelflow makes" in page and reverse("cue-edit", kwargs={"cue_id": cue.pk}) not in page
    with pytest.raises(ValidationError, match="A transcription is running"):
        transcripts.cue_edit(cue=cue, by=studio.editor, text="changed")
    cue.refresh_from_db()
    assert cue.text == "Reelflow makes" and not cue.edited


# --- The review page ---------------------------------------------------------------------------


def test_the_review_page_shows_the_cues_under_the_player(studio, captioned, as_user):
    page = review_shows(as_user(studio.editor), captioned)
    assert 'id="transcript"' in page
    assert "Reelflow makes" in page and "video review simple." in page
    assert 'data-seek-to="0.500"' in page and 'data-seek-to="1.500"' in page
    assert "js/transcript.js" in page
    cue = cues_of(captioned)[0]
    assert reverse("cue-edit", kwargs={"cue_id": cue.pk}) in page  # the team edits
    client_page = review_shows(as_user(studio.acme_user), captioned)
    assert "video review simple." in client_page
    assert reverse("cue-edit", kwargs={"cue_id": cue.pk}) not in client_page  # the client reads
    assert reverse("transcript-captions", kwargs={"asset_id": captioned.asset.pk}) not in client_page


def test_a_cue_is_plain_text_never_html(studio, captioned, as_user):
    cue = cues_of(captioned)[0]
    response = as_user(studio.editor).post(
        reverse("cue-edit", kwargs={"cue_id": cue.pk}), {"text": "<img src=x onerror=alert(1)> Reelflow"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt; Reelflow" in body
    assert "<img src=x" not in review_shows(as_user(studio.acme_user), captioned)


# --- Editing a cue: the team only ----------------------------------------------------------------


def test_the_team_edits_a_cue_and_who_and_when_are_kept(studio, captioned, as_user):
    cue = cues_of(captioned)[1]
    response = as_user(studio.marketer).post(
        reverse("cue-edit", kwargs={"cue_id": cue.pk}), {"text": "  video review, simply. ", "next": "/"},
    )  # fmt: skip
    assert response.status_code == 302
    cue.refresh_from_db()
    assert cue.text == "video review, simply."
    assert cue.edited and cue.edited_by == studio.marketer and cue.edited_at is not None
    assert cue.original_text == "video review simple."
    assert TimelineEvent.objects.filter(kind="transcript.cue_edited").count() == 1
    page = review_shows(as_user(studio.editor), captioned)
    assert f"edited by {studio.marketer.display_name}" in page
    # An empty text is refused and changes nothing.
    answer = as_user(studio.editor).post(reverse("cue-edit", kwargs={"cue_id": cue.pk}), {"text": "  "},
                                         HTTP_HX_REQUEST="true")  # fmt: skip
    assert answer.status_code == 400 and "A cue needs some text." in answer.content.decode()
    cue.refresh_from_db()
    assert cue.text == "video review, simply."


def test_a_client_cannot_edit_and_another_clients_user_gets_a_404(studio, captioned, as_user):
    cue = cues_of(captioned)[0]
    url = reverse("cue-edit", kwargs={"cue_id": cue.pk})
    refused = as_user(studio.acme_user).post(url, {"text": "hacked"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    assert as_user(studio.globex_user).post(url, {"text": "hacked"}).status_code == 404
    assert (
        as_user(studio.globex_user)
        .get(reverse("asset-transcript", kwargs={"asset_id": captioned.asset.pk}))
        .status_code
        == 404
    )
    assert (
        as_user(studio.globex_user)
        .get(reverse("transcript-export", kwargs={"asset_id": captioned.asset.pk, "fmt": "srt"}))
        .status_code
        == 404
    )
    cue.refresh_from_db()
    assert cue.text == "Reelflow makes" and not cue.edited
    with pytest.raises(PermissionDenied):
        transcripts.cue_edit(cue=cue, by=studio.acme_user, text="hacked")


def test_a_client_does_not_see_the_transcript_of_a_cut_not_shared_with_them(studio, internal_cut, as_user):
    version = make_version(internal_cut, playable=True)
    transcripts.captions_upload(asset=version.asset, by=studio.editor, filename="x.srt", data=SRT.encode())
    cue = cues_of(version)[0]
    assert (
        as_user(studio.acme_user).get(reverse("asset-transcript", kwargs={"asset_id": version.asset.pk})).status_code
        == 404
    )
    edit = reverse("cue-edit", kwargs={"cue_id": cue.pk})
    assert as_user(studio.acme_user).post(edit, {"text": "x"}).status_code == 404


# --- Caption files ---------------------------------------------------------------------------------


def test_a_caption_file_with_errors_is_refused_by_line_and_changes_nothing(studio, captioned, as_user):
    before = [(c.pk, c.text) for c in cues_of(captioned)]
    bad = "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:05,000 --> 00:00:03,000\nbackwards\n"
    response = as_user(studio.editor).post(
        reverse("transcript-captions", kwargs={"asset_id": captioned.asset.pk}),
        {"file": SimpleUploadedFile("cut.srt", bad.encode())},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "line 6: end 00:00:03,000 is before start 00:00:05,000" in response.content.decode()
    assert [(c.pk, c.text) for c in cues_of(captioned)] == before
    assert Transcript.objects.get(asset=captioned.asset).revision == 1


def test_a_caption_file_replaces_the_cues_and_the_old_ones_are_kept(studio, captioned):
    vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nA new first line\n"
    transcripts.captions_upload(asset=captioned.asset, by=studio.producer, filename="new.vtt", data=vtt.encode())
    transcript = Transcript.objects.get(asset=captioned.asset)
    assert transcript.revision == 2
    assert [c.text for c in cues_of(captioned)] == ["A new first line"]
    assert Cue.objects.filter(transcript=transcript, revision=1).count() == 2  # kept
    assert list(transcript.revisions.values_list("number", "source", "filename")) == [
        (2, "upload", "new.vtt"), (1, "upload", "v1.srt"),
    ]  # fmt: skip


def test_an_edited_transcript_is_replaced_only_when_the_user_confirms(studio, captioned, as_user):
    cue = cues_of(captioned)[0]
    transcripts.cue_edit(cue=cue, by=studio.editor, text="Reelflow makes it")
    with pytest.raises(ValidationError, match=r"edited by hand\. Confirm to replace them"):
        transcripts.captions_upload(asset=captioned.asset, by=studio.editor, filename="b.srt", data=SRT.encode())
    assert Transcript.objects.get(asset=captioned.asset).revision == 1
    response = as_user(studio.editor).post(
        reverse("transcript-captions", kwargs={"asset_id": captioned.asset.pk}),
        {"file": SimpleUploadedFile("b.srt", SRT.encode()), "confirm": "1", "next": review_page(captioned)},
    )
    assert response.status_code == 302 and response["Location"] == review_page(captioned) + "#transcript"
    assert Transcript.objects.get(asset=captioned.asset).revision == 2
    assert Cue.objects.get(pk=cue.pk).text == "Reelflow makes it"  # the edited revision is kept


def test_clients_cannot_upload_captions(studio, captioned, as_user):
    response = as_user(studio.acme_user).post(
        reverse("transcript-captions", kwargs={"asset_id": captioned.asset.pk}),
        {"file": SimpleUploadedFile("b.srt", SRT.encode())}, HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 403
    assert Transcript.objects.get(asset=captioned.asset).revision == 1


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_the_transcript_downloads_as_a_caption_file_that_reads_back_the_same(studio, captioned, as_user, fmt):
    transcripts.cue_edit(cue=cues_of(captioned)[0], by=studio.editor, text="Reelflow & <friends>")
    response = as_user(studio.acme_user).get(
        reverse("transcript-export", kwargs={"asset_id": captioned.asset.pk, "fmt": fmt})
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and f".{fmt}" in response["Content-Disposition"]
    assert "dc_v1" not in response["Content-Disposition"]  # a client's name for it, not the file's
    back = captions.parse(response.content, fmt)
    assert [(c.start_ms, c.end_ms, c.text) for c in back] == [
        (c.start_ms, c.end_ms, c.text) for c in cues_of(captioned)
    ]
    assert back[0].text == "Reelflow & <friends>"


# --- Share links -------------------------------------------------------------------------------------


def test_a_guest_reads_the_transcript_only_when_the_link_lets_them_comment(studio, captioned, shared_cut):
    from tests.production.review.test_share_links import enter, page_of

    commenting = review_services.share_link_create(cut=shared_cut, by=studio.producer, can_comment=True)
    watching = review_services.share_link_create(cut=shared_cut, by=studio.producer, can_comment=False)
    page = page_with_transcript(enter(commenting), page_of(commenting, captioned))
    assert "video review simple." in page
    assert "/cues/" not in page and "Captions (SRT)" not in page  # read-only, no downloads
    page = enter(watching).get(page_of(watching, captioned)).content.decode()
    assert "video review simple." not in page and 'id="transcript"' not in page  # no panel, no loader
    browser = enter(watching)
    poll = reverse("share-transcript", kwargs={"token": watching.token, "version_id": captioned.pk})
    assert browser.get(poll).status_code == 404


# --- API -----------------------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_reads_edits_uploads_and_exports(studio, captioned):
    transcript = Transcript.objects.get(asset=captioned.asset)
    url = reverse("api:transcript-detail", kwargs={"pk": transcript.pk})
    body = api(studio.acme_user).get(url).json()
    assert [c["text"] for c in body["cues"]] == ["Reelflow makes", "video review simple."]
    assert body["revisions"][0]["number"] == 1
    assert "v1.srt" not in json.dumps(body) and "model_name" not in body  # the team's file name, the model
    assert api(studio.editor).get(url).json()["revisions"][0]["filename"] == "v1.srt"
    cue = body["cues"][1]
    cue_url = reverse("api:cue-detail", kwargs={"pk": cue["id"]})
    assert api(studio.acme_user).patch(cue_url, {"text": "x"}, format="json").status_code == 403
    assert api(studio.globex_user).patch(cue_url, {"text": "x"}, format="json").status_code == 404
    assert api(studio.globex_user).get(url).status_code == 404
    edited = api(studio.editor).patch(cue_url, {"text": "Video review, simple."}, format="json")
    assert edited.status_code == 200 and edited.json()["edited"] and edited.json()["edited_by"]
    bad = api(studio.editor).post(
        reverse("api:transcript-captions", kwargs={"pk": transcript.pk}),
        {"file": SimpleUploadedFile("x.vtt", b"WEBVTT\n\n00:02.000 --> 00:01.000\nback\n")}, format="multipart",
    )  # fmt: skip
    assert bad.status_code == 400
    assert "line 3: end 00:00:01.000 is before start 00:00:02.000" in json.dumps(bad.json())
    refused = api(studio.editor).post(
        reverse("api:transcript-captions", kwargs={"pk": transcript.pk}),
        {"file": SimpleUploadedFile("x.srt", SRT.encode())}, format="multipart",
    )  # fmt: skip
    assert refused.status_code == 400 and "Confirm to replace" in json.dumps(refused.json())
    done = api(studio.editor).post(
        reverse("api:transcript-captions", kwargs={"pk": transcript.pk}),
        {"file": SimpleUploadedFile("x.srt", SRT.encode()), "confirm": "true"}, format="multipart",
    )  # fmt: skip
    assert done.status_code == 200 and done.json()["revision"] == 2
    srt = api(studio.acme_user).get(reverse("api:transcript-srt", kwargs={"pk": transcript.pk}))
    assert srt.status_code == 200 and b"00:00:00,500 --> 00:00:01,500" in srt.content
    vtt = api(studio.acme_user).get(reverse("api:transcript-vtt", kwargs={"pk": transcript.pk}))
    assert vtt.content.startswith(b"WEBVTT")


# --- Search in the project ----------------------------------------------------------------------------


def test_the_project_finds_words_said_in_its_versions_and_links_to_that_moment(
    studio, captioned, internal_cut, as_user
):
    hidden = make_version(internal_cut, playable=True)
    secret = "1\n00:00:02,000 --> 00:00:03,000\nthe secret review of the rough cut\n"
    transcripts.captions_upload(asset=hidden.asset, by=studio.editor, filename="r.srt", data=secret.encode())
    project_page = as_user(studio.editor).get(reverse("project-detail", kwargs={"project_id": studio.acme_project.pk}))
    search = reverse("project-transcript-search", kwargs={"project_id": studio.acme_project.pk})
    assert search in project_page.content.decode()

    team = as_user(studio.editor).get(search, {"q": "REVIEW"}).content.decode()
    cue = cues_of(captioned)[1]
    assert f"{review_page(captioned)}?t=1.500#cue-{cue.pk}" in team
    assert "video <mark>review</mark> simple." in team
    assert "secret" in team  # the team's own rough cut
    client = as_user(studio.acme_user).get(search, {"q": "review"}).content.decode()
    assert f"?t=1.500#cue-{cue.pk}" in client
    assert "secret" not in client and str(hidden.pk) not in client  # a cut not shared with them
    assert "Type at least two letters." in as_user(studio.editor).get(search, {"q": "r"}).content.decode()
    assert "No version says" in as_user(studio.editor).get(search, {"q": "zebra"}).content.decode()
    assert as_user(studio.globex_user).get(search, {"q": "review"}).status_code == 404
    # Markup typed into the search is shown as text.
    assert "<b>x</b>" not in as_user(studio.editor).get(search, {"q": "<b>x</b>"}).content.decode()


def test_lost_and_stuck_transcripts_are_queued_again_then_given_up(studio, version, settings):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    lost = Transcript.objects.create(asset=version.asset, status=Transcript.Status.QUEUED)
    Transcript.objects.filter(pk=lost.pk).update(
        updated_at=now - dt.timedelta(seconds=settings.RENDER_REQUEUE_AFTER + 1)
    )
    other = make_version(version.cut, playable=True)
    stuck = Transcript.objects.create(
        asset=other.asset, status=Transcript.Status.RUNNING, attempts=settings.RENDER_MAX_ATTEMPTS,
        started_at=now - dt.timedelta(seconds=settings.TRANSCRIBE_TIME_LIMIT + 121),
    )  # fmt: skip
    assert transcripts.transcripts_requeue_lost(now=now) == {"requeued": 1, "failed": 1}
    stuck.refresh_from_db()
    assert stuck.status == Transcript.Status.FAILED and "giving up" in stuck.error
    assert transcripts.transcripts_requeue_lost(now=now) == {"requeued": 0, "failed": 0}  # touched: waits a period


def test_the_asset_page_shows_the_transcript_under_its_player(studio, captioned, as_user):
    page = as_user(studio.editor).get(reverse("asset-detail", kwargs={"asset_id": captioned.asset.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "video review simple." in body and "js/transcript.js" in body
    assert reverse("cue-edit", kwargs={"cue_id": cues_of(captioned)[0].pk}) in body


def test_transcribing_again_asks_before_replacing_edits_and_a_failed_run_keeps_the_cues(studio, captioned):
    cue = cues_of(captioned)[0]
    transcripts.cue_edit(cue=cue, by=studio.editor, text="Reelflow makes it")
    with pytest.raises(ValidationError, match="Confirm to replace"):
        transcripts.transcript_request(asset=captioned.asset, by=studio.editor)
    with pytest.raises(PermissionDenied):
        transcripts.transcript_request(asset=captioned.asset, by=studio.acme_user, replace_edited=True)
    transcript = transcripts.transcript_request(asset=captioned.asset, by=studio.editor, replace_edited=True)
    assert transcript.status == Transcript.Status.QUEUED
    # Asked twice while queued: the same run.
    assert transcripts.transcript_request(asset=captioned.asset, by=studio.producer).pk == transcript.pk
    # This made-up version has no file: the run fails saying so, and the cues people read stay.
    transcripts.transcript_run(transcript=transcripts.transcript_claim(transcript_id=transcript.pk))
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED and transcript.error == "The file never arrived."
    assert transcript.revision == 1 and cues_of(captioned)[0].text == "Reelflow makes it"
    assert TimelineEvent.objects.filter(kind="transcript.failed").exists()


def test_the_api_runs_again_and_cancels_for_the_team_only(studio, captioned):
    transcript = Transcript.objects.get(asset=captioned.asset)
    run = reverse("api:transcript-run", kwargs={"pk": transcript.pk})
    assert api(studio.acme_user).post(run, {}, format="json").status_code == 403
    answer = api(studio.editor).post(run, {}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "queued"
    cancel = reverse("api:transcript-cancel", kwargs={"pk": transcript.pk})
    assert api(studio.acme_user).post(cancel).status_code == 403
    assert api(studio.globex_user).post(cancel).status_code == 404
    cancelled = api(studio.editor).post(cancel)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert [c["text"] for c in cancelled.json()["cues"]] == ["Reelflow makes", "video review simple."]
