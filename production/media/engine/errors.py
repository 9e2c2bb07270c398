"""Exceptions raised by the media engine. Messages are plain sentences that a service may show."""

from __future__ import annotations


class MediaError(Exception):
    """Base class of everything the media engine raises on purpose."""


class FfmpegNotFound(MediaError):
    """Neither a system ffmpeg/ffprobe nor the bundled static build is available."""


class FfmpegFailed(MediaError):
    """ffmpeg exited with a non-zero status; ``str(exc)`` is one human line taken from its log."""

    def __init__(self, message: str, *, returncode: int, log_tail: str) -> None:
        super().__init__(message)
        self.returncode = returncode
        self.log_tail = log_tail


class FontNotFound(MediaError):
    """No font file to draw text with (the watermark); ``str(exc)`` says what to install."""


class VariantRefused(MediaError, ValueError):
    """A variant's plan cannot be made of this source (an out point past its end…); ``str(exc)``
    says why. Also a ValueError: it is a bad request, not a broken file."""


class RenderTimeout(MediaError):
    """ffmpeg ran past its time limit and was killed."""


class RenderCancelled(MediaError):
    """The caller asked to stop (``should_cancel`` returned True) and ffmpeg was killed."""


class ProbeFailed(MediaError):
    """ffprobe itself could not run (missing, hung, or printed something that is not JSON)."""


class UnusableMedia(MediaError):
    """The upload cannot be processed; ``str(exc)`` is the sentence to show the user."""
