"""What an uploaded file may make ffmpeg/ffprobe read: itself, and nothing else.

Every ffmpeg/ffprobe input gets ``-protocol_whitelist file,pipe`` and ``-format_whitelist`` with
real container demuxers only. Playlist-like demuxers (hls, concat/ffconcat, dash, sdp, image
sequences...) are left out, so a text file named ``.mp4`` that lists ``/etc/passwd`` or another
user's media cannot make ffmpeg open it. :func:`sniff_refusal` also refuses such files by their
first bytes before any tool runs.
"""

from __future__ import annotations

from pathlib import Path

PROTOCOL_WHITELIST = "file,pipe"

# Container demuxers we accept, by ffmpeg demuxer name. "mov,mp4,m4a,3gp,3g2,mj2" is one demuxer.
# Images are listed only so that ffprobe can tell the user "this is a still image".
DEMUXERS: tuple[str, ...] = (
    "mov,mp4,m4a,3gp,3g2,mj2",
    "matroska,webm",
    "avi",
    "mpegts",
    "mpeg",  # MPEG-PS / .mpg / .vob
    "mxf",
    "flv",
    "asf",  # wmv / wma
    "dv",
    "wav",
    "w64",
    "aiff",
    "caf",
    "mp3",
    "flac",
    "ogg",
    "aac",
    "ac3",
    "eac3",
    "png_pipe",
    "jpeg_pipe",
    "webp_pipe",
    "bmp_pipe",
    "tiff_pipe",
)
IMAGE_DEMUXERS = frozenset({"png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe"})
FORMAT_WHITELIST = ",".join(DEMUXERS)


def input_options() -> dict[str, str]:
    """ffmpeg-python ``input()`` keyword arguments that every untrusted input must carry."""
    return {"protocol_whitelist": PROTOCOL_WHITELIST, "format_whitelist": FORMAT_WHITELIST}


def input_args(path: Path | str) -> list[str]:
    """The same as argv: ``-protocol_whitelist file,pipe -format_whitelist … -i file:/abs/path``."""
    return ["-protocol_whitelist", PROTOCOL_WHITELIST, "-format_whitelist", FORMAT_WHITELIST, "-i", file_url(path)]


def file_url(path: Path | str) -> str:
    """``file:`` + absolute path, so a name like ``http:x.mp4`` or ``-i`` is never read as anything else."""
    return "file:" + str(Path(path).resolve())


PLAYLIST_REFUSAL = "Playlists and lists of other files are not accepted. Please upload the video file itself."
NOT_MEDIA = "This is not an audio or video file."
EMPTY = "This file is empty."


def sniff_refusal(path: Path | str, head_bytes: int = 4096) -> str | None:
    """A reason to refuse the file from its first bytes alone (empty, playlist, list of files, plain text)."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(head_bytes)
    if not head:
        return EMPTY
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"#extm3u", b"ffconcat", b"<?xml", b"<mpd", b"[playlist]")):
        return PLAYLIST_REFUSAL
    # A playlist is text. A real container (Matroska, MP4 …) is binary from its first bytes,
    # and may still quote "#EXT-X-" in a title or a comment: that makes it no playlist.
    if _looks_like_text(head):
        if b"#ext-x-" in text or b"#extinf" in text:  # an HLS playlist missing its header line
            return PLAYLIST_REFUSAL
        lines = [line.strip() for line in text.splitlines()]
        if any(line.startswith((b"file '", b'file "', b"file /", b"file:", b"file ")) for line in lines):
            return PLAYLIST_REFUSAL
        if any(b"://" in line or line.startswith(b"/") for line in lines):
            return PLAYLIST_REFUSAL
        return NOT_MEDIA
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character cut at the end of the window is still text
        try:
            decoded = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
    return printable >= 0.95 * max(1, len(decoded))
