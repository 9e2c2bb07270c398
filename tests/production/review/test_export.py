"""Exports of a version's review: markers for an editor's timeline (EDL, FCPXML, .otio) read back
with OpenTimelineIO at the frames, ranges and rate they were written at; the CSV and the PDF
report; one visibility rule for all five (a client never gets a team-only comment, a deleted
comment's text is nowhere); safe file names; and stills of the exact frame, with real ffmpeg."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction

import opentimelineio as otio
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from production.edit.models import Cut, Version
from production.media.engine import timecode
from production.media.models import MediaAsset
from production.review import export, services
from production.review.export import report
from tests.production.media import clips

pytestmark = pytest.mark.django_db

FORMATS = ("edl", "fcpxml", "otio", "csv", "pdf")
TIMELINE_FORMATS = ("edl", "fcpxml", "otio")
# name -> (rate numerator, denominator, start timecode)
RATES = {
    "25": (25, 1, "01:00:00:00"),
    "23.976": (24000, 1001, "01:00:00:00"),
    "29.97DF": (30000, 1001, "01:00:00;00"),
}
RECT = {"tool": "rect", "color": "#ef4444", "points": [[0.25, 0.25], [0.75, 0.5]]}


def make_version(
    cut, *, rate=(25, 1), start="01:00:00:00", frames=3000, status=MediaAsset.Status.READY, **fields
) -> Version:
    asset = MediaAsset.objects.create(
        project=cut.project, purpose=MediaAsset.Purpose.VERSION, status=status,
        media_type=MediaAsset.MediaType.VIDEO, original_name="DC_v1 final.mov", frame_count=frames or None,
        frame_rate_num=rate[0], frame_rate_den=rate[1], start_timecode=start,
        duration=frames * rate[1] / rate[0] if rate[0] else None,
        width=1920, height=1080, sha256="ab" * 32, **{"audio_codec": "aac", **fields},
    )  # fmt: skip
    return Version.objects.create(cut=cut, number=cut.versions.count() + 1, asset=asset)


def export_url(version, fmt: str) -> str:
    return reverse("version-export", kwargs={"version_id": version.pk, "fmt": fmt})


def download(browser, version, fmt: str):
    response = browser.get(export_url(version, fmt))
    assert response.status_code == 200, response.content[:300]
    return response


def pdf_text(data: bytes) -> str:
    """The text a person reads in the PDF (pdftotext, which comes with poppler-utils)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh installs it")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def body_text(response, fmt: str) -> str:
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF")
        return pdf_text(response.content)
    return response.content.decode("utf-8-sig")


@pytest.fixture
def review(studio, shared_cut):
    """A version with comments of every kind; returns (version, comments by name)."""

    def make(rate_name: str = "25"):
        num, den, start = RATES[rate_name]
        version = make_version(shared_cut, rate=(num, den), start=start)
        post = services.comment_post
        made = {
            "client": post(version=version, by=studio.acme_user, text="Logo too small\non the end card", frame=0),
            "range": post(
                version=version,
                by=studio.producer,
                text="Hold this shot longer",
                frame=48,
                end_frame=72,
                internal=False,
                drawing=[RECT],
            ),
            "internal": post(version=version, by=studio.editor, text="Grade is off, fix before they see", frame=100),
            "minute": post(version=version, by=studio.acme_user, text="Music starts late", frame=1800),
            "resolved": post(version=version, by=studio.acme_user, text="Typo in the title", frame=1799),
            "deleted": post(version=version, by=studio.acme_user, text="SECRET words I took back", frame=300),
        }
        services.comment_post(version=version, by=studio.producer, text="Fixed in v2", parent=made["resolved"])
        services.comment_resolve(comment=made["resolved"], by=studio.producer)
        services.comment_delete(comment=made["deleted"], by=studio.acme_user)
        return version, made

    return make


def expected_markers(made, *, team: bool) -> list[tuple[int, int, str]]:
    """(frame, duration in frames, colour) of the markers an export must carry, in frame order."""
    rows = [
        (0, 0, "RED"),
        (48, 24, "RED"),
        (1799, 0, "GREEN"),
        (1800, 0, "RED"),
    ]
    if team:
        rows.append((100, 0, "MAGENTA"))
    return sorted(rows)


# --- Markers for an editor, read back with OpenTimelineIO ------------------------------------------


def the_clip(timeline) -> otio.schema.Clip:
    clips_found = list(timeline.find_clips())
    assert len(clips_found) == 1
    return clips_found[0]


@pytest.mark.parametrize("rate_name", list(RATES))
def test_otio_carries_every_marker_at_its_frame_range_and_rate(studio, as_user, review, rate_name):
    num, den, start = RATES[rate_name]
    rate = num / den
    version, made = review(rate_name)
    timeline = otio.adapters.read_from_string(
        download(as_user(studio.producer), version, "otio").content.decode(), "otio_json"
    )
    clip = the_clip(timeline)
    start_frames = timecode.timecode_to_frames(start, num, den)
    assert clip.source_range.start_time == otio.opentime.RationalTime(start_frames, rate)
    assert clip.media_reference.available_range.start_time.rate == rate  # 24000/1001 exactly, not 23.976
    assert clip.source_range.duration.value == 3000
    assert timeline.global_start_time == otio.opentime.RationalTime(start_frames, rate)
    got = [
        (int(m.marked_range.start_time.value - start_frames), int(m.marked_range.duration.value), m.color)
        for m in clip.markers
    ]
    assert sorted(got) == expected_markers(made, team=True)
    assert all(m.marked_range.start_time.rate == rate for m in clip.markers)
    by_frame = {int(m.marked_range.start_time.value) - start_frames: m for m in clip.markers}
    # The marker's place reads as the same timecode the review page shows (drop-frame included).
    for comment in (made["client"], made["minute"], made["resolved"]):
        marker = by_frame[comment.frame]
        assert otio.opentime.to_timecode(marker.marked_range.start_time, rate) == services_timecode(comment)
        assert marker.metadata["reelflow"]["timecode"] == services_timecode(comment)
    assert by_frame[0].name == f"{made['client'].author_name}: Logo too small on the end card"
    assert by_frame[1799].metadata["reelflow"]["replies"][0]["text"] == "Fixed in v2"
    assert by_frame[1799].metadata["reelflow"]["status"] == "resolved"


def services_timecode(comment) -> str:
    asset = comment.version.asset
    return timecode.timecode_of_frame(
        comment.frame, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode
    )


def edl_locators(text: str, rate: float) -> list[tuple[int, str, str]]:
    """(frame as OpenTimelineIO reads the LOC timecode, colour, text) of every LOC line."""
    found = []
    for line in text.splitlines():
        match = re.match(r"\* LOC: (\d\d:\d\d:\d\d[:;]\d\d) (\w+)\s+(.*)$", line)
        if match:
            found.append((otio.opentime.from_timecode(match[1], rate).value, match[2], match[3]))
    return found


@pytest.mark.parametrize("rate_name", list(RATES))
def test_edl_carries_every_marker_at_its_frame(studio, as_user, review, rate_name):
    num, den, start = RATES[rate_name]
    rate = num / den
    version, made = review(rate_name)
    text = download(as_user(studio.producer), version, "edl").content.decode()
    start_frames = timecode.timecode_to_frames(start, num, den)
    drop = rate_name == "29.97DF"
    assert text.splitlines()[1] == ("FCM: DROP FRAME" if drop else "FCM: NON-DROP FRAME")
    # One event: the whole version, at its own timecode as source and as record.
    event = next(line for line in text.splitlines() if line.startswith("001 "))
    assert event.split()[1] == "DCv1fina"  # the reel: the file's name ("DC_v1 final.mov"), 8 letters and digits
    assert event.split()[-4] == start and event.split()[-2] == start
    clip = the_clip(otio.adapters.read_from_string(text, "cmx_3600", rate=rate))
    assert clip.source_range.start_time == otio.opentime.RationalTime(start_frames, rate)
    assert clip.source_range.duration.value == 3000

    locators = edl_locators(text, rate)
    got = sorted((int(frame - start_frames), colour) for frame, colour, _ in locators)
    assert got == [(frame, colour) for frame, _, colour in expected_markers(made, team=True)]
    names = {int(frame - start_frames): name for frame, _, name in locators}
    assert names[0] == f"{made['client'].author_name}: Logo too small on the end card".upper()
    # A LOC line has no duration: a range says where it ends, in the version's timecode.
    assert names[48].endswith(f"(TO {timecode.timecode_of_frame(72, num, den, start=start)})")
    if drop:
        # The adapter's reader takes only LOC lines written with ":", so it leaves a drop-frame
        # EDL's markers out: the LOC lines are read above with OpenTimelineIO's timecode parser.
        assert all(";" in line for line in text.splitlines() if line.startswith("* LOC:"))
    else:
        read = sorted((int(m.marked_range.start_time.value) - start_frames, m.color) for m in clip.markers)
        assert read == got


def test_edl_marker_text_stays_on_one_line_and_is_trimmed(studio, as_user, shared_cut):
    version = make_version(shared_cut)
    long_text = "Please\nswap   the\tmusic " + "and move the title a little to the left " * 5
    services.comment_post(version=version, by=studio.acme_user, text=long_text, frame=10, end_frame=20)
    text = download(as_user(studio.producer), version, "edl").content.decode()
    (loc,) = [line for line in text.splitlines() if line.startswith("* LOC:")]
    comment = loc.split(None, 4)[4]
    assert len(comment) <= export.nle.EDL_TEXT_LIMIT
    assert comment.startswith(f"{studio.acme_user.display_name.upper()}: PLEASE SWAP THE MUSIC AND")
    assert comment.endswith("… (TO 01:00:00:20)")


def fcpxml_frames(value: str, frame_duration: Fraction) -> Fraction:
    return Fraction(value.removesuffix("s")) / frame_duration


@pytest.mark.parametrize("rate_name", list(RATES))
def test_fcpxml_carries_every_marker_at_its_frame_range_and_rate(studio, as_user, review, rate_name):
    num, den, start = RATES[rate_name]
    version, made = review(rate_name)
    text = download(as_user(studio.producer), version, "fcpxml").content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>')
    root = ET.fromstring(text.split("<!DOCTYPE fcpxml>")[1].strip())
    (fmt,) = root.iter("format")
    assert fmt.get("frameDuration") == (f"{den}/{num}s" if den != 1 else f"1/{num}s")
    assert (fmt.get("width"), fmt.get("height")) == ("1920", "1080")
    (media,) = root.iter("asset")
    assert media.get("hasAudio") == "1"  # the file has a sound track
    frame_duration = Fraction(den, num)
    start_frames = timecode.timecode_to_frames(start, num, den)
    (clip,) = root.iter("clip")
    assert fcpxml_frames(clip.get("start"), frame_duration) == start_frames
    assert fcpxml_frames(clip.get("duration"), frame_duration) == 3000
    assert clip.get("tcFormat") == ("DF" if rate_name == "29.97DF" else "NDF")
    (video,) = clip.iter("video")
    assert video.get("offset") == clip.get("start")  # the picture sits where the clip's local time starts
    (sequence,) = root.iter("sequence")
    assert fcpxml_frames(sequence.get("tcStart"), frame_duration) == start_frames
    # Exact rational times: every marker on a frame boundary, at its frame and for its range.
    markers = [
        (fcpxml_frames(m.get("start"), frame_duration) - start_frames, fcpxml_frames(m.get("duration"), frame_duration),
         m.get("completed"), m.get("value"))
        for m in clip.iter("marker")
    ]  # fmt: skip
    colours = {"RED": "0", "MAGENTA": "0", "GREEN": "1"}  # Final Cut Pro's to-do markers: done or not
    assert sorted((f, d, c) for f, d, c, _ in markers) == [
        (f, d, colours[c]) for f, d, c in expected_markers(made, team=True)
    ]
    assert all(f.denominator == 1 and d.denominator == 1 for f, d, _, _ in markers)
    names = {int(f): name for f, _, _, name in markers}
    assert names[100] == f"(Team only) {made['internal'].author_name}: Grade is off, fix before they see"
    if den == 1:
        # The adapter's own reader counts whole-number rates only (23 for 23.976): at 25 fps it
        # reads the same markers back.
        read = the_clip(otio.adapters.read_from_string(text, "fcpx_xml"))
        assert read.source_range.start_time == otio.opentime.RationalTime(start_frames, num)
        assert sorted(
            (int(m.marked_range.start_time.value) - start_frames, int(m.marked_range.duration.value), m.color)
            for m in read.markers
        ) == [(f, d, "GREEN" if c == "GREEN" else "RED") for f, d, c in expected_markers(made, team=True)]


# --- One visibility rule for every format -----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clients_export_never_has_a_team_only_comment(studio, as_user, review, fmt):
    version, made = review("29.97DF")
    team = body_text(download(as_user(studio.producer), version, fmt), fmt)
    client = body_text(download(as_user(studio.acme_user), version, fmt), fmt)
    internal = "Grade is off" if fmt != "edl" else "GRADE IS OFF"
    assert internal in team  # the team's export has it: the check below can fail
    assert internal not in client
    assert made["internal"].author_name.upper() not in client.upper()
    typo = "Typo in the title" if fmt != "edl" else "TYPO IN THE TITLE"
    assert typo in client  # the client's own comments are there
    if fmt in ("csv", "pdf"):
        assert "Fixed in v2" in client  # and the team's reply to them
    if fmt == "otio":
        client_markers = the_clip(otio.adapters.read_from_string(client, "otio_json")).markers
        assert not any(m.metadata["reelflow"]["internal"] for m in client_markers)
        assert len(client_markers) == len(expected_markers(made, team=False))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_deleted_comments_text_is_nowhere(studio, as_user, review, fmt):
    version, _ = review("25")
    for user in (studio.producer, studio.acme_user):
        text = body_text(download(as_user(user), version, fmt), fmt)
        assert "SECRET" not in text.upper() and "TOOK BACK" not in text.upper()


def test_a_deleted_thread_with_replies_keeps_its_replies_in_the_report(studio, as_user, shared_cut):
    version = make_version(shared_cut)
    thread = services.comment_post(version=version, by=studio.acme_user, text="Wrong logo, forget it", frame=5)
    services.comment_post(version=version, by=studio.producer, text="We will swap it anyway", parent=thread)
    services.comment_delete(comment=thread, by=studio.acme_user)
    rows = list(csv.reader(io.StringIO(body_text(download(as_user(studio.acme_user), version, "csv"), "csv"))))
    assert rows[1][5] == "Comment deleted" and "We will swap it anyway" in rows[1][-2]
    pdf = " ".join(pdf_text(download(as_user(studio.acme_user), version, "pdf").content).split())
    assert "Wrong logo" not in pdf and "Comment deleted" in pdf and "We will swap it anyway" in pdf
    otio_text = download(as_user(studio.acme_user), version, "otio").content.decode()
    assert len(the_clip(otio.adapters.read_from_string(otio_text, "otio_json")).markers) == 0  # none without text


@pytest.mark.parametrize("fmt", FORMATS)
def test_someone_who_cannot_see_the_version_gets_404(studio, as_user, client, review, internal_cut, fmt):
    version, _ = review("25")
    hidden = make_version(internal_cut)  # a cut the client may not watch
    assert as_user(studio.globex_user).get(export_url(version, fmt)).status_code == 404
    assert as_user(studio.acme_user).get(export_url(hidden, fmt)).status_code == 404
    signed_out = client.get(export_url(version, fmt))
    assert signed_out.status_code == 302 and "/login" in signed_out["Location"]
    assert as_user(studio.producer).post(export_url(version, fmt)).status_code == 405


def test_the_api_exports_with_the_same_rule(studio, review):
    version, _ = review("25")

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    url = "/api/comments/export/"
    team = api(studio.producer).get(url, {"version": str(version.pk), "to": "csv"})
    assert team.status_code == 200 and b"Grade is off" in team.content
    assert team["Content-Disposition"] == 'attachment; filename="directors-cut-v1-review.csv"'
    mine = api(studio.acme_user).get(url, {"version": str(version.pk), "to": "edl"})
    assert mine.status_code == 200 and b"* LOC: 01:00:00:00 RED" in mine.content and b"GRADE" not in mine.content
    assert api(studio.globex_user).get(url, {"version": str(version.pk), "to": "edl"}).status_code == 404
    refused = api(studio.producer).get(url, {"version": "nope", "to": "mp3"})
    assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {"version", "to"}
    processing = make_version(version.cut, rate=(None, None), frames=0, status=MediaAsset.Status.PROCESSING)
    late = api(studio.producer).get(url, {"version": str(processing.pk), "to": "fcpxml"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "no_frame_rate"


# --- File names, the CSV, the PDF -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Director's cut: “Ünïcode” / <b>final</b>", "directors-cut-unicode-bfinalb-v1"),
        ('../../etc/passwd"; x=\r\n', "etcpasswd-x-v1"),
        ("東京 ✨", "cut-v1"),
    ],
)
def test_the_file_name_is_safe_ascii_from_the_cut_and_version(studio, as_user, title, stem):
    cut = Cut.objects.create(project=studio.acme_project, title=title, client_visible=True)
    version = make_version(cut)
    for fmt, suffix in (("edl", "comments.edl"), ("fcpxml", "comments.fcpxml"), ("otio", "comments.otio"),
                        ("csv", "review.csv"), ("pdf", "review.pdf")):  # fmt: skip
        disposition = download(as_user(studio.producer), version, fmt)["Content-Disposition"]
        assert disposition == f'attachment; filename="{stem}-{suffix}"'


def test_the_csv_lists_every_thread_in_timecode_order(studio, as_user, review, settings):
    version, _ = review("29.97DF")
    studio.producer.time_zone = "Pacific/Auckland"
    studio.producer.save()
    response = download(as_user(studio.producer), version, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Timecode"], r["Frame"], r["Status"], r["Team only"]) for r in rows] == [
        ("01:00:00;00", "0", "Open", "No"),
        ("01:00:01;18", "48", "Open", "No"),
        ("01:00:03;10", "100", "Open", "Yes"),
        ("01:00:59;29", "1799", "Resolved", "No"),
        ("01:01:00;02", "1800", "Open", "No"),
    ]
    assert rows[1]["End timecode"] == "01:00:02;12" and rows[1]["End frame"] == "72"
    assert rows[0]["Comment"] == "Logo too small\non the end card"
    assert rows[3]["Replies"] == "1" and rows[3]["Reply thread"].endswith(": Fixed in v2")
    assert rows[0]["Created"].endswith(("+12:00", "+13:00"))  # in the person's time zone
    client_rows = list(
        csv.DictReader(io.StringIO(download(as_user(studio.acme_user), version, "csv").content.decode("utf-8-sig")))
    )
    assert "Team only" not in client_rows[0] and len(client_rows) == 4


def test_the_csv_never_hands_a_spreadsheet_a_formula(studio, as_user, shared_cut):
    version = make_version(shared_cut)
    services.comment_post(version=version, by=studio.acme_user, text='=HYPERLINK("http://evil.test","hi")', frame=3)
    services.comment_post(version=version, by=studio.acme_user, text="-2+3", frame=4)
    rows = list(csv.reader(io.StringIO(download(as_user(studio.producer), version, "csv").content.decode("utf-8-sig"))))
    assert [r[5] for r in rows[1:]] == ['\'=HYPERLINK("http://evil.test","hi")', "'-2+3"]


def test_the_pdf_report_has_the_header_and_every_thread(studio, as_user, review):
    version, _ = review("23.976")
    response = download(as_user(studio.producer), version, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    for expected in (
        "Director's cut", "v1", "Acme spring launch", "23.976 fps", "01:00:00:00", "ab" * 32, "Hold this shot longer",
        "Grade is off", "Fixed in v2", "01:00:02:00\N{EN DASH}01:00:03:00", "team-only comments",
    ):  # fmt: skip
        assert expected in flat, expected
    client_text = " ".join(pdf_text(download(as_user(studio.acme_user), version, "pdf").content).split())
    assert "ab" * 32 not in client_text  # the file's hash is the studio's (media's field rule)
    assert "team-only" not in client_text and "DC_v1 final.mov" not in client_text
    assert "Version 1" in client_text


def test_a_timeline_export_needs_the_frame_rate(studio, as_user, shared_cut):
    version = make_version(shared_cut, rate=(None, None), frames=0, status=MediaAsset.Status.PROCESSING)
    response = as_user(studio.producer).get(export_url(version, "edl"))
    assert response.status_code == 409 and b"no frame rate yet" in response.content
    assert as_user(studio.producer).get(export_url(version, "csv")).status_code == 200


def test_the_review_page_offers_the_exports(studio, as_user, review):
    version, _ = review("25")
    for user in (studio.producer, studio.acme_user):
        page = as_user(user).get(reverse("version-review", kwargs={"version_id": version.pk})).content.decode()
        assert '<details class="menu">' in page
        for fmt in FORMATS:
            assert f'href="{export_url(version, fmt)}"' in page
    assert (
        "include team-only comments"
        not in as_user(studio.acme_user)
        .get(reverse("version-review", kwargs={"version_id": version.pk}))
        .content.decode()
    )


def test_export_queries_do_not_grow_with_the_comments(studio, as_user, shared_cut, django_assert_max_num_queries):
    version = make_version(shared_cut)
    browser = as_user(studio.acme_user)
    for n in range(3):
        thread = services.comment_post(version=version, by=studio.acme_user, text=f"note {n}", frame=n)
        services.comment_post(version=version, by=studio.producer, text="ok", parent=thread)
    download(browser, version, "csv")
    with django_assert_max_num_queries(40) as few:
        download(browser, version, "csv")
    for n in range(3, 30):
        thread = services.comment_post(version=version, by=studio.acme_user, text=f"note {n}", frame=n)
        services.comment_post(version=version, by=studio.producer, text="ok", parent=thread)
    with django_assert_max_num_queries(len(few)):
        assert b"note 29" in download(browser, version, "otio").content


# --- Stills of the exact frame, with real ffmpeg ------------------------------------------------


def test_the_report_shows_each_threads_frame_with_its_drawing(studio, as_user, import_file, cut, settings, tmp_path):
    settings.RENDER_X264_PRESET = "veryfast"  # B-frames in the proxy: a reorder delay to get past
    source = tmp_path / "index 29.97.mp4"
    clips.frame_index_clip(source, rate="30000/1001", seconds=3, bframes=True, start_timecode="01:00:00;00")
    asset = import_file(source)
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    version = Version.objects.get(asset=asset)
    frames = (0, 37, 61, asset.frame_count - 1)
    for n, frame in enumerate(frames):
        services.comment_post(version=version, by=studio.acme_user, text=f"Look at frame {frame}", frame=frame,
                              drawing=[RECT] if n == 1 else [])  # fmt: skip
    exported = export.version_export(user=studio.acme_user, version=version)
    items = report.report_threads(exported, user=studio.acme_user)
    assert [item.thread.frame for item in items] == list(frames)
    assert [clips.index_of_picture(item.still.jpeg) for item in items] == list(
        frames
    )  # the exact frame, from the proxy
    assert {(item.still.width, item.still.height) for item in items} == {(320, 180)}

    html = report.report_html(exported, user=studio.acme_user)
    assert html.count('src="data:image/jpeg;base64,') == len(frames)
    # The drawing over its still: the rectangle from (0.25, 0.25) to (0.75, 0.5) of 320 x 180.
    assert '<rect x="80" y="45" width="160" height="45" fill="none" stroke="#ef4444"' in html
    pdf = download(as_user(studio.acme_user), version, "pdf").content
    assert pdf.startswith(b"%PDF")
    flat = " ".join(pdf_text(pdf).split())
    assert "Look at frame 37" in flat and "01:00:01;07" in flat
