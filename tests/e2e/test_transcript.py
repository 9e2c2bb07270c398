"""The transcript under the review player, in chromium: a version espeak-ng spoke is transcribed
after its render; the editor sees the cues under the player, clicks one and the video goes to its
start, corrects it in place (saved, "edited by"), filters the cues with the search box; the client
reads the same transcript without an edit control; an address with ?t= lands the player there."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services
from production.media.models import Cue, MediaAsset, Transcript
from tests.production.media import clips

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def current_time(page) -> float:
    return page.evaluate("document.querySelector('video').currentTime")


def video_start(page) -> float:
    return float(page.locator("[data-player]").get_attribute("data-video-start") or 0)


def test_the_transcript_follows_the_player_and_the_team_corrects_it(
    live_server, studio, new_page, screenshot, tmp_path, settings
):
    settings.TRANSCRIBE_AUTO = True
    source = tmp_path / "launch film v1.mp4"
    clips.spoken_clip(source)
    cut = Cut.objects.create(project=studio.acme_project, title="Launch film", client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    transcript = Transcript.objects.get(asset=asset)
    assert transcript.status == Transcript.Status.READY, transcript.error
    cue = Cue.objects.filter(transcript=transcript).order_by("start_ms").last()
    review = f"{live_server.url}/versions/{asset.version.pk}/review/"

    page = new_page(DESKTOP)
    sign_in(page, live_server.url, studio.editor)
    page.goto(review)
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    panel = page.locator("#transcript")
    expect(panel).to_be_visible()
    row = page.locator(f"#cue-{cue.pk}")
    expect(row.locator("[data-cue-text]")).to_contain_text("review", ignore_case=True)

    # Clicking a cue's text seeks the player to the cue's start, and the cue is the current one.
    page.locator("[data-player]").focus()
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('video').currentTime > 2.5")
    row.locator("[data-cue-text]").click()
    page.wait_for_function(
        f"Math.abs(document.querySelector('video').currentTime - {cue.start} - "
        "parseFloat(document.querySelector('[data-player]').dataset.videoStart || 0)) < 0.08"
    )
    assert abs(current_time(page) - video_start(page) - cue.start) < 0.08
    expect(row).to_have_class("cue is-current")
    screenshot(page, "transcript-review-desktop")

    # Played, the highlight follows the speech (the cue stays current while it is spoken).
    page.evaluate("document.querySelector('video').play()")
    page.wait_for_function("document.querySelector('video').currentTime > 1.0")
    page.evaluate("document.querySelector('video').pause()")
    expect(page.locator(".cue.is-current")).to_have_count(1)

    # The editor corrects the cue in place: saved on the server, plain text, "edited by" shown.
    row.locator("summary", has_text="Edit").click()
    row.locator("textarea").fill("Reelflow makes <b>video</b> review simple.")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(f"#cue-{cue.pk} .cue__edited")).to_contain_text(f"edited by {studio.editor.display_name}")
    expect(page.locator(f"#cue-{cue.pk} [data-cue-text]")).to_have_text("Reelflow makes <b>video</b> review simple.")
    cue.refresh_from_db()
    assert cue.text == "Reelflow makes <b>video</b> review simple." and cue.edited_by == studio.editor
    expect(page.locator(f"#cue-{cue.pk}")).to_have_class("cue is-edited is-current")  # still the one spoken

    # The search box filters the cues.
    search = page.get_by_role("searchbox", name="Search the transcript")
    search.fill("simple")
    expect(page.locator("[data-transcript-count]")).to_contain_text("of")
    expect(row).to_be_visible()
    search.fill("no such words")
    expect(row).to_be_hidden()
    expect(page.locator("[data-transcript-nomatch]")).to_be_visible()
    search.fill("")
    screenshot(page, "transcript-edited-desktop")

    # A caption file with a mistake is refused with its line, and the cues stay as they were.
    bad = tmp_path / "wrong.srt"
    bad.write_text("1\n00:00:02,000 --> 00:00:01,000\nbackwards\n")
    panel.locator("summary", has_text="Captions").click()
    panel.locator("input[type=file]").set_input_files(str(bad))
    panel.get_by_role("button", name="Upload", exact=True).click()
    expect(panel.locator(".alert--danger")).to_contain_text("line 2: end 00:00:01,000 is before start 00:00:02,000")
    expect(page.locator(f"#cue-{cue.pk} [data-cue-text]")).to_have_text("Reelflow makes <b>video</b> review simple.")
    panel.locator(".alert--danger").scroll_into_view_if_needed()
    screenshot(page, "transcript-caption-error-desktop", full_page=False)

    # The project page finds what is said and links to that moment of the version.
    page.goto(f"{live_server.url}/projects/{studio.acme_project.pk}/")
    page.get_by_role("searchbox", name="Search the transcripts of this project's versions").fill("simple")
    hit = page.locator(".transcript-hit__link").first
    expect(hit).to_contain_text("Launch film")
    expect(hit.locator("mark")).to_have_text("simple")
    page.locator("#transcript-search").scroll_into_view_if_needed()
    screenshot(page, "transcript-search-desktop", full_page=False)
    hit.click()
    expect(page).to_have_url(f"{review}?t={cue.start:.3f}#cue-{cue.pk}")

    # While a run is under way the panel says how far it is, and follows it by itself.
    Transcript.objects.filter(pk=transcript.pk).update(status=Transcript.Status.RUNNING, progress=40)
    page.goto(review)
    expect(page.locator("[data-transcript-progress]")).to_have_text("Transcribing… 40 %")
    Transcript.objects.filter(pk=transcript.pk).update(progress=75)
    expect(page.locator("[data-transcript-progress]")).to_have_text("Transcribing… 75 %", timeout=10_000)
    expect(page.locator(f"#cue-{cue.pk} summary", has_text="Edit")).to_have_count(0)  # redrawn while it runs
    page.locator("#transcript").scroll_into_view_if_needed()
    screenshot(page, "transcript-running-desktop", full_page=False)

    # The client reads it, with no edit control; an address with ?t= lands the player there.
    client = new_page(PHONE)
    sign_in(client, live_server.url, studio.acme_user)
    client.goto(f"{review}?t=1.5")
    client.wait_for_function("document.querySelector('video').readyState >= 1", timeout=20_000)
    client.wait_for_function(
        "Math.abs(document.querySelector('video').currentTime - 1.5 - "
        "parseFloat(document.querySelector('[data-player]').dataset.videoStart || 0)) < 0.08"
    )
    client_row = client.locator(f"#cue-{cue.pk}")
    expect(client_row.locator("[data-cue-text]")).to_have_text("Reelflow makes <b>video</b> review simple.")
    expect(client_row.locator("summary", has_text="Edit")).to_have_count(0)
    client_row.scroll_into_view_if_needed()
    screenshot(client, "transcript-client-phone")
