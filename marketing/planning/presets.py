"""Platform presets as data: what each platform accepts for a video, each value with its source,
so a rule change is one edit here.

Every rule is a ``Rule``: what it checks (``kind``, read by ``spec.py``), its ``limit``, whether it
is ``advisory`` (a recommendation: not meeting it warns, it does not fail the report) and its
``Source`` — the documentation page, the date the value was checked against it, and the basis:

- ``platform``: the platform's own documentation (a stored copy of the page, read through the
  search corpus on the date given: this machine has no web access);
- ``third-party``: a scheduler's or publisher's documentation that restates the platform's rules
  (Meta's and TikTok's own pages were not reachable); the value agrees with the issue's;
- ``issue``: the starting fact given in issue 10, not yet checked against a page (``checked`` is
  empty); check it at ``url`` and move it to ``platform`` when you do;
- ``practice``: no platform publishes it as a rule (loudness): the common delivery practice.

Where a source disagrees with the issue, the rule keeps the stricter value and its ``note`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHECKED = "2026-11-29"  # the day the values marked platform / third-party were read

BASES = ("platform", "third-party", "issue", "practice")


@dataclass(frozen=True)
class Source:
    url: str
    basis: str  # one of BASES
    checked: str = ""  # ISO date the value was read there; empty for the issue's facts
    note: str = ""


@dataclass(frozen=True)
class Rule:
    kind: str  # what spec.py measures: see spec.CHECKS
    limit: Any
    source: Source
    advisory: bool = False


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    platforms: tuple[str, ...]  # production.ideation Platform values this preset delivers to
    orientation: str  # "vertical", "landscape" or "any": the shape it is usually cut in
    captions: str  # "sidecar" (a caption file uploaded with the video) or "burn_in"
    captions_source: Source
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    @property
    def captions_label(self) -> str:
        return "Captions as a sidecar file" if self.captions == "sidecar" else "Captions burned in"

    def rule(self, kind: str) -> Rule | None:
        return next((r for r in self.rules if r.kind == kind), None)

    @property
    def aspect_label(self) -> str:
        rule = self.rule("aspect")
        if rule is None:
            return "any shape"
        limit = rule.limit
        if "ratios" in limit:
            return " or ".join(limit["ratios"])
        return f"{limit['min']} to {limit['max']}"

    @property
    def duration_label(self) -> str:
        rule = self.rule("duration")
        if rule is None:
            return "any length"
        low, high = rule.limit.get("min"), rule.limit.get("max")
        from .spec import clock  # the one way durations are written

        if low and high:
            return f"{clock(low)} to {clock(high)}"
        return f"up to {clock(high)}" if high else f"at least {clock(low)}"


# --- Sources ----------------------------------------------------------------------------------

ISSUE = "issue 10 (Marketing planning and repurposing), starting facts"

YOUTUBE_ENCODING = Source(url="https://support.google.com/youtube/answer/1722171", basis="platform", checked=CHECKED)
YOUTUBE_ISSUE = Source(url="https://support.google.com/youtube/answer/1722171", basis="issue", note=ISSUE)
SHORTS_ISSUE = Source(
    url="https://support.google.com/youtube/answer/15424877",
    basis="issue",
    note=ISSUE + "; the stored pages found still say 60 s (before the 3-minute Shorts of October 2024)",
)
YOUTUBE_CAPTIONS = Source(
    url="https://support.google.com/youtube/answer/2734698",
    basis="issue",
    note=ISSUE + ": YouTube takes caption files (SRT, WebVTT) uploaded beside the video",
)
REELS_THIRD = Source(
    url="https://help.circleboom.com/publish/faq/video-and-reels-limitations-on-instagram",
    basis="third-party",
    checked=CHECKED,
    note="restates Meta's Instagram Graph API reels specs (developers.facebook.com/docs/instagram-platform/"
    "instagram-graph-api/reference/ig-user/media#reel-specifications)",
)
REELS_ISSUE = Source(
    url="https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media",
    basis="issue",
    note=ISSUE,
)
TIKTOK_THIRD = Source(
    url="https://www.ayrshare.com/docs/media-guidelines/tiktok",
    basis="third-party",
    checked=CHECKED,
    note="restates TikTok's Content Posting API media limits (developers.tiktok.com/doc/"
    "content-posting-api-media-transfer-guide)",
)
TIKTOK_ISSUE = Source(
    url="https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide", basis="issue", note=ISSUE
)
LINKEDIN = Source(url="https://www.linkedin.com/help/lms/answer/a424737", basis="platform", checked=CHECKED)
LINKEDIN_ISSUE = Source(url="https://www.linkedin.com/help/lms/answer/a424737", basis="issue", note=ISSUE)
FACEBOOK_THIRD = Source(
    url="https://www.ayrshare.com/docs/media-guidelines/facebook_pages",
    basis="third-party",
    checked=CHECKED,
    note="restates Meta's Reels publishing specs (developers.facebook.com/docs/video-api/guides/reels-publishing)",
)
FACEBOOK_ISSUE = Source(
    url="https://developers.facebook.com/docs/video-api/guides/reels-publishing", basis="issue", note=ISSUE
)
X_THIRD = Source(
    url="https://www.ayrshare.com/docs/media-guidelines/x-twitter",
    basis="third-party",
    checked=CHECKED,
    note="restates X's media best practices (developer.x.com/en/docs/x-api/v1/media/upload-media/"
    "uploading-media/media-best-practices)",
)
X_ISSUE = Source(
    url="https://developer.x.com/en/docs/x-api/v1/media/upload-media/uploading-media/media-best-practices",
    basis="issue",
    note=ISSUE + "; the stored restatement says 140 s for ordinary accounts, 20 min is a paid account's limit",
)
WEBSITE = Source(
    url="https://developer.mozilla.org/en-US/docs/Web/Media/Guides/Formats/Video_codecs",
    basis="practice",
    checked=CHECKED,
    note="our own player (hls.js over MP4/H.264); what every browser plays",
)
LOUDNESS = Source(
    url="https://tech.ebu.ch/docs/r/r128s1.pdf",
    basis="practice",
    checked=CHECKED,
    note="no platform publishes an upload loudness; streaming and social platforms normalize near -14 LUFS, "
    "so a mix delivered there keeps its dynamics (EBU R 128 s1 measures it)",
)


def _loudness() -> Rule:
    return Rule("loudness", {"target": -14.0, "tolerance": 1.0}, LOUDNESS, advisory=True)


H264_MP4 = (
    Rule("container", ["mp4"], YOUTUBE_ENCODING),
    Rule("moov_first", True, YOUTUBE_ENCODING),
    Rule("video_codec", ["h264"], YOUTUBE_ENCODING),
    Rule("video_profile", ["High"], YOUTUBE_ENCODING),
    Rule("progressive", True, YOUTUBE_ENCODING),
    Rule("pix_fmt", ["yuv420p", "yuvj420p"], YOUTUBE_ENCODING),
    Rule("closed_gop", True, YOUTUBE_ENCODING),
    Rule("audio_codec", ["aac"], YOUTUBE_ENCODING),
    Rule("audio_profile", ["LC"], YOUTUBE_ENCODING),
    Rule("sample_rate", {"allowed": [48000, 96000]}, YOUTUBE_ENCODING),
)

PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            key="youtube",
            label="YouTube",
            platforms=("youtube",),
            orientation="landscape",
            captions="sidecar",
            captions_source=YOUTUBE_CAPTIONS,
            rules=(*H264_MP4, _loudness()),
        ),
        Preset(
            key="youtube_shorts",
            label="YouTube Shorts",
            platforms=("youtube_shorts",),
            orientation="vertical",
            captions="sidecar",
            captions_source=YOUTUBE_CAPTIONS,
            rules=(
                Rule("aspect", {"ratios": ["9:16", "1:1"]}, SHORTS_ISSUE),
                Rule("resolution", {"recommended": [1080, 1920]}, SHORTS_ISSUE, advisory=True),
                Rule("duration", {"max": 180}, SHORTS_ISSUE),
                *H264_MP4,
                _loudness(),
            ),
        ),
        Preset(
            key="instagram_reels",
            label="Instagram Reels",
            platforms=("instagram_reels",),
            orientation="vertical",
            captions="burn_in",
            captions_source=REELS_ISSUE,
            rules=(
                Rule("aspect", {"ratios": ["9:16"]}, REELS_ISSUE),
                Rule("resolution", {"min": [540, 960]}, REELS_ISSUE),
                Rule("resolution_max", {"max_width": 1920}, REELS_THIRD),
                Rule("resolution", {"recommended": [1080, 1920]}, REELS_ISSUE, advisory=True),
                Rule("duration", {"min": 3, "max": 900}, REELS_THIRD),
                Rule("size", {"max": 1_000_000_000}, REELS_THIRD),
                Rule("container", ["mp4", "mov"], REELS_THIRD),
                Rule("video_codec", ["h264", "hevc"], REELS_THIRD),
                Rule("progressive", True, REELS_THIRD),
                Rule("closed_gop", True, REELS_THIRD),
                Rule("pix_fmt", ["yuv420p", "yuvj420p"], REELS_THIRD),
                Rule("frame_rate", {"min": 23, "max": 60}, REELS_THIRD),
                Rule("audio_codec", ["aac"], REELS_THIRD),
                Rule("sample_rate", {"max": 48000}, REELS_THIRD),
                Rule("audio_channels", {"max": 2}, REELS_THIRD),
                Rule("moov_first", True, REELS_ISSUE, advisory=True),
                _loudness(),
            ),
        ),
        Preset(
            key="tiktok",
            label="TikTok",
            platforms=("tiktok",),
            orientation="vertical",
            captions="burn_in",
            captions_source=TIKTOK_ISSUE,
            rules=(
                Rule("aspect", {"ratios": ["9:16"]}, TIKTOK_ISSUE),
                Rule("sides", {"min": 360, "max": 4096}, TIKTOK_THIRD),
                Rule("duration", {"min": 3, "max": 600}, TIKTOK_THIRD),
                Rule(
                    "size",
                    {"max": 1_000_000_000},
                    Source(
                        url=TIKTOK_THIRD.url,
                        basis="third-party",
                        checked=CHECKED,
                        note="the issue says 4 GB (TikTok's API limit); the restatement says 1 GB for a "
                        "scheduler's upload: the stricter is kept",
                    ),
                ),
                Rule("container", ["mp4", "mov", "webm"], TIKTOK_THIRD),
                Rule("video_codec", ["h264"], TIKTOK_ISSUE),
                Rule("frame_rate", {"min": 23, "max": 60}, TIKTOK_THIRD),
                _loudness(),
            ),
        ),
        Preset(
            key="linkedin",
            label="LinkedIn",
            platforms=("linkedin",),
            orientation="any",
            captions="sidecar",
            captions_source=LINKEDIN,
            rules=(
                Rule(
                    "aspect",
                    {"min": "1:2.4", "max": "2.4:1"},
                    Source(
                        url=LINKEDIN.url,
                        basis="issue",
                        note=ISSUE + " (organic posts); LinkedIn's ads page allows 9:16 to 16:9 only",
                    ),
                ),
                Rule("sides", {"min": 360, "max": 1920}, LINKEDIN),
                Rule("duration", {"min": 3, "max": 1800}, LINKEDIN),
                Rule("size", {"min": 75_000, "max": 500_000_000}, LINKEDIN),
                Rule("container", ["mp4"], LINKEDIN),
                Rule("video_codec", ["h264", "vp8"], LINKEDIN),
                Rule("frame_rate", {"max": 30}, LINKEDIN, advisory=True),
                Rule("audio_codec", ["aac"], LINKEDIN),
                Rule("sample_rate", {"max": 64000}, LINKEDIN),
                _loudness(),
            ),
        ),
        Preset(
            key="facebook_reels",
            label="Facebook Reels",
            platforms=("facebook",),
            orientation="vertical",
            captions="sidecar",
            captions_source=FACEBOOK_ISSUE,
            rules=(
                Rule("aspect", {"ratios": ["9:16"]}, FACEBOOK_THIRD),
                Rule("resolution", {"min": [540, 960]}, FACEBOOK_THIRD),
                Rule("resolution", {"recommended": [1080, 1920]}, FACEBOOK_ISSUE, advisory=True),
                Rule("duration", {"min": 3, "max": 90}, FACEBOOK_THIRD),
                Rule("size", {"max": 1_000_000_000}, FACEBOOK_THIRD),
                Rule("container", ["mp4", "mov"], FACEBOOK_THIRD),
                Rule("frame_rate", {"min": 24, "max": 60}, FACEBOOK_THIRD),
                Rule("pix_fmt", ["yuv420p", "yuvj420p"], FACEBOOK_THIRD),
                Rule("closed_gop", True, FACEBOOK_THIRD),
                Rule("video_codec", ["h264"], FACEBOOK_ISSUE),
                Rule("audio_codec", ["aac"], FACEBOOK_ISSUE),
                _loudness(),
            ),
        ),
        Preset(
            key="x",
            label="X",
            platforms=("x",),
            orientation="any",
            captions="sidecar",
            captions_source=X_ISSUE,
            rules=(
                Rule("aspect", {"min": "1:3", "max": "3:1"}, X_THIRD),
                Rule("resolution_max", {"max_long": 1280, "max_short": 1024}, X_THIRD),
                Rule("resolution", {"recommended": [720, 1280]}, X_THIRD, advisory=True),
                Rule("duration", {"min": 0.5, "max": 1200}, X_ISSUE),
                Rule("size", {"max": 512_000_000}, X_THIRD),
                Rule("container", ["mp4", "mov"], X_THIRD),
                Rule("video_codec", ["h264"], X_THIRD),
                Rule("video_profile", ["High"], X_THIRD),
                Rule("pix_fmt", ["yuv420p", "yuvj420p"], X_ISSUE),
                Rule("frame_rate", {"max": 60}, X_THIRD),
                Rule("square_pixels", True, X_THIRD),
                Rule("audio_codec", ["aac"], X_ISSUE),
                Rule("audio_profile", ["LC"], X_ISSUE),
                Rule("audio_channels", {"max": 2}, X_THIRD),
                _loudness(),
            ),
        ),
        Preset(
            key="website",
            label="Website",
            platforms=("website",),
            orientation="any",
            captions="sidecar",
            captions_source=WEBSITE,
            rules=(
                Rule("container", ["mp4"], WEBSITE),
                Rule("moov_first", True, WEBSITE),
                Rule("video_codec", ["h264"], WEBSITE),
                Rule("pix_fmt", ["yuv420p", "yuvj420p"], WEBSITE),
                Rule("progressive", True, WEBSITE),
                Rule("audio_codec", ["aac"], WEBSITE),
                _loudness(),
            ),
        ),
    )
}

PRESET_CHOICES = [(p.key, p.label) for p in PRESETS.values()]

# The brief's platforms (production.ideation Platform values) and the preset each is delivered in.
PLATFORM_PRESET: dict[str, str] = {platform: preset.key for preset in PRESETS.values() for platform in preset.platforms}

# An asset of this aspect ratio is cut for these presets first (the campaign's channels decide).
RATIO_PRESETS: dict[str, tuple[str, ...]] = {
    "9:16": ("instagram_reels", "tiktok", "youtube_shorts", "facebook_reels"),
    "1:1": ("linkedin", "x", "youtube_shorts"),
    "4:5": ("linkedin", "x"),
    "16:9": ("youtube", "website", "linkedin", "x"),
    "21:9": ("website", "youtube"),
}


def preset(key: str) -> Preset:
    try:
        return PRESETS[key]
    except KeyError:
        raise KeyError(f"No platform preset called {key!r}; there are {', '.join(PRESETS)}.") from None


def label_of(key: str) -> str:
    found = PRESETS.get(key)
    return found.label if found else key
