"""The engine's transcription: a clip spoken by espeak-ng, read back by faster-whisper with the
bundled model (offline), and the files it declines (no audio stream, silence)."""

from __future__ import annotations

import os

import pytest

from production.media.engine import RenderCancelled, UnusableMedia
from production.media.engine import transcribe as tx
from production.media.engine.probe import probe


def test_the_bundled_model_is_found_in_site_packages():
    folder, name = tx.bundled_model()
    assert (folder / "model.bin").is_file()
    assert "site-packages" in str(folder)
    assert name == "tiny.en"


def test_a_spoken_clip_is_transcribed_with_word_timings_inside_it(spoken_transcript, clip):
    result, progress = spoken_transcript
    duration = probe(clip("spoken")).duration
    text = " ".join(c.text for c in result.cues).lower()
    assert "review" in text and "video" in text, text
    assert result.language == "en"
    assert result.model_name == "tiny.en"
    assert not result.skipped and not result.empty
    words = [w for c in result.cues for w in c.words]
    assert {"video", "review"} <= {w.text.lower().strip(".,") for w in words}
    for cue in result.cues:
        assert 0 <= cue.start < cue.end <= duration + 0.05
        for w in cue.words:
            assert cue.start - 0.05 <= w.start <= w.end <= cue.end + 0.05
    # The words come in order, and "video" is said before "review".
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    said = [w.text.lower().strip(".,") for w in words]
    assert said.index("video") < said.index("review")
    # Progress was reported per segment, as a percentage of the sound's duration.
    assert progress and all(0 < p <= 100 for p in progress)
    assert progress == sorted(progress)
    # Offline: the hub is never asked.
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_a_file_with_no_audio_stream_gives_an_empty_transcript_saying_why(clip):
    result = tx.transcribe(clip("silent_video"))
    assert result.empty
    assert result.skipped == tx.NO_AUDIO


def test_a_silent_sound_track_is_not_run_through_the_model(clip):
    result = tx.transcribe(clip("quiet"))
    assert result.empty
    assert result.skipped == tx.SILENT


def test_a_tone_with_no_speech_is_empty(clip):
    result = tx.transcribe(clip("tone_wav"))
    assert result.empty, result.cues
    assert result.skipped in (tx.NO_SPEECH,)


def test_cancelling_between_segments_stops_the_run(clip):
    with pytest.raises(RenderCancelled):
        tx.transcribe(clip("spoken"), should_cancel=lambda: True)


def test_a_file_that_is_not_media_is_refused(clip):
    with pytest.raises(UnusableMedia):
        tx.transcribe(clip("text_as_mp4"))


def test_a_missing_model_folder_is_a_clear_error(tmp_path, clip):
    with pytest.raises(tx.ModelNotFound, match="No Whisper model at"):
        tx.transcribe(clip("spoken"), model=tx.ModelSettings(path=str(tmp_path / "nowhere")))


def test_a_model_size_not_in_the_local_cache_is_not_downloaded(tmp_path, monkeypatch, clip):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(tx.ModelNotFound, match="could not be loaded offline"):
        tx.load_model(tx.ModelSettings(size="large-v3"))
