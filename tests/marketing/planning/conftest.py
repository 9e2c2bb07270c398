import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from production.ideation import services as ideation
from production.ideation.models import Metric, Objective, Platform


def launch_brief(**overrides) -> dict:
    """A brief with what a campaign starts from: objective, audience, budget, KPIs, four platforms
    (one with no preset: Instagram feed) and required assets (two 9:16 cutdowns, a 16:9 bumper, a
    thumbnail)."""
    today = timezone.localdate()
    brief = {
        "objective": Objective.AWARENESS,
        "audience": "Trail runners, 25 to 40.",
        "budget": Decimal("20000"),
        "currency": "EUR",
        "kpis": [
            {"metric": Metric.VIEWS, "target": Decimal("250000"), "due": today + dt.timedelta(days=60)},
            {"metric": Metric.VIEW_THROUGH_RATE, "target": Decimal("35")},
        ],
        "platforms": [
            {"platform": Platform.INSTAGRAM_REELS, "ideal_runtime": 15, "aspect_ratios": ["9:16"]},
            {"platform": Platform.YOUTUBE, "ideal_runtime": 60, "aspect_ratios": ["16:9"]},
            {"platform": Platform.FACEBOOK},
            {"platform": Platform.INSTAGRAM_FEED},
        ],
        "assets": [
            {"kind": "cutdown", "count": 2, "aspect_ratio": "9:16", "duration": 15},
            {"kind": "bumper", "count": 1, "aspect_ratio": "16:9", "duration": 6},
            {"kind": "thumbnail", "count": 1, "aspect_ratio": "16:9"},
        ],
    }
    brief.update(overrides)
    return brief


@pytest.fixture
def brief(studio):
    return ideation.brief_save(project=studio.acme_project, by=studio.producer, **launch_brief())


@pytest.fixture
def api():
    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """Small real files rendered by ffmpeg from lavfi, made once per session: name -> path."""
    folder = tmp_path_factory.mktemp("clips")
    made = {}

    def render(name: str, *args: str) -> None:
        path = folder / name
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args, str(path)], check=True, timeout=120
        )
        made[name] = path

    tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    # 1080x1920 H.264 High, AAC-LC 48 kHz, 30 fps, moov first: a Reel
    render("reel.mp4", "-f", "lavfi", "-i", "testsrc2=size=1080x1920:rate=30", *tone, "-t", "4",
           "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-ar", "48000", "-movflags", "+faststart")  # fmt: skip
    # three minutes and two seconds, small: 180x320 at 24 fps
    render("long.mp4", "-f", "lavfi", "-i", "testsrc2=size=180x320:rate=24", "-t", "182",
           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart")  # fmt: skip
    # 4:3, 640x480
    render("four_three.mp4", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-t", "3",
           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart")  # fmt: skip
    # HEVC 30 fps vertical, closed GOPs asked for, moov at the end, 4:2:2
    render("hevc.mp4", "-f", "lavfi", "-i", "testsrc2=size=540x960:rate=30", "-t", "3",
           "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "open-gop=0:log-level=error",
           "-pix_fmt", "yuv422p", "-tag:v", "hvc1")  # fmt: skip
    # open GOPs (x264), 10 fps, stereo at 44.1 kHz, in a QuickTime file
    render("open_gop.mov", "-f", "lavfi", "-i", "testsrc2=size=360x640:rate=10", "-f", "lavfi", "-i",
           "sine=frequency=330:sample_rate=44100", "-t", "4", "-c:v", "libx264", "-preset", "veryfast",
           "-x264-params", "open-gop=1:keyint=5:bframes=3", "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-ac", "2")  # fmt: skip
    return made
