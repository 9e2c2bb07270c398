"""Fountain screenplays (https://fountain.io) read with screenplain, the maintained Fountain
parser: the text as a writer wrote it becomes a title page, what comes before the first scene
heading, and scenes (heading, interior or exterior, location, time of day, action, dialogue,
characters), each as the elements a page shows.

The Fountain text itself is what a script version keeps and what an export gives back (its
line endings made LF, one newline at the end: ``normalize``): screenplain drops notes
(``[[ ]]``) and the boneyard (``/* */``) while it parses, and emphasis is only plain text here,
so writing Fountain again from the parsed scenes would lose them. Import, export and import
again therefore give the same text and the same scenes.

Page count follows the industry's rule of thumb on the standard layout (Courier 12 pt, about 55
lines a page: action 60 characters wide, dialogue 35, parentheticals 25, a blank line between
elements, a forced page break ``===`` ending the page); scenes are counted in eighths of a page
and a page is about a minute of screen time. No Django here."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, field

from screenplain.parsers import fountain as screenplain_fountain
from screenplain.types import Action, Dialog, DualDialog, PageBreak, Section, Slug, Transition

LINES_PER_PAGE = 55
ACTION_WIDTH = 60
DIALOGUE_WIDTH = 35
PARENTHETICAL_WIDTH = 25
SECONDS_PER_PAGE = 60

MAX_CHARACTERS = 1_000_000  # a feature script is about 150,000

# What ends a forced heading's last " - " part to make it a time of day (a heading with INT. or
# EXT. always ends with one).
TIMES_OF_DAY = {
    "DAY", "NIGHT", "DAWN", "DUSK", "MORNING", "AFTERNOON", "EVENING", "SUNRISE", "SUNSET", "MAGIC HOUR",
    "LATER", "MOMENTS LATER", "CONTINUOUS", "SAME", "SAME TIME",
}  # fmt: skip
_SETTING = re.compile(r"^(INT\.?/EXT|EXT\.?/INT|I/E|INT|EXT|EST)\.?(?:\s+|$)", re.IGNORECASE)
_TIME_SPLIT = re.compile(r"\s+[-\u2013\u2014]\s+")
_CHARACTER_EXTENSION = re.compile(r"\s*\(.*?\)\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class FountainError(ValueError):
    """Text that cannot be taken as a screenplay (empty, binary, too long)."""


@dataclass
class ParsedScene:
    position: int  # 1 is the first scene
    number: str  # the writer's scene number (``#12A#``), else the position
    heading: str
    setting: str  # "INT", "EXT", "INT/EXT", "EST" or "" (a forced heading)
    location: str
    time_of_day: str
    elements: list[dict] = field(default_factory=list)
    lines: int = 2  # printed lines on the standard layout (the heading and the blank before it included)

    @property
    def action(self) -> str:
        return "\n\n".join(e["text"] for e in self.elements if e["type"] == "action")

    @property
    def dialogue(self) -> str:
        blocks = []
        for element in self.elements:
            for speech in _speeches(element):
                blocks.append("\n".join([speech["character"], *(line["text"] for line in speech["lines"])]))
        return "\n\n".join(blocks)

    @property
    def characters(self) -> list[str]:
        """Who speaks in the scene, in order of first line, without (V.O.), (CONT'D)…"""
        names: list[str] = []
        for element in self.elements:
            for speech in _speeches(element):
                name = character_name(speech["character"])
                if name and name not in names:
                    names.append(name)
        return names

    @property
    def key(self) -> str:
        """What names this scene across versions: its heading (and which time it occurs)."""
        return " ".join(self.heading.upper().split())


@dataclass
class ParsedScript:
    title_page: dict[str, list[str]]
    lead: list[dict]  # elements before the first scene heading (FADE IN:, a cold open's action)
    scenes: list[ParsedScene]
    lines: int  # printed lines of the whole body on the standard layout

    @property
    def pages(self) -> float:
        return self.lines / LINES_PER_PAGE

    @property
    def runtime_seconds(self) -> int:
        return runtime_seconds(self.lines)

    @property
    def title(self) -> str:
        return " ".join(self.title_page.get("Title", [])).strip()


def _speeches(element: dict) -> list[dict]:
    if element["type"] == "dialogue":
        return [element]
    if element["type"] == "dual":
        return [element["left"], element["right"]]
    return []


def character_name(cue: str) -> str:
    """``MAYA (V.O.)`` → ``MAYA``; ``MAYA (CONT'D)`` → ``MAYA``."""
    return " ".join(_CHARACTER_EXTENSION.sub(" ", cue).split()).upper()


def runtime_seconds(lines: int) -> int:
    return round(lines / LINES_PER_PAGE * SECONDS_PER_PAGE)


def eighths(lines: int) -> int:
    """A scene's length in eighths of a page, as a stripboard counts it (never less than 1/8)."""
    return max(1, round(lines / LINES_PER_PAGE * 8))


def page_label(lines: int) -> str:
    """``2 3/8`` pages, from printed lines."""
    whole, rest = divmod(eighths(lines) if lines else 0, 8)
    if not rest:
        return str(whole)
    return f"{whole} {rest}/8" if whole else f"{rest}/8"


def runtime_label(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


# --- Reading -------------------------------------------------------------------------------------


def text_problem(text: str) -> str:
    """What makes ``text`` unusable as a screenplay, or ""."""
    if len(text) > MAX_CHARACTERS:
        return f"The script is too long ({len(text):,} characters; at most {MAX_CHARACTERS:,})."
    if "\x00" in text or len(_CONTROL.findall(text[:100_000])) > 8:
        return "This is not plain text (it looks like a binary file). Save the screenplay as Fountain text."
    if not text.strip():
        return "The script is empty."
    return ""


def decode_upload(data: bytes) -> str:
    """The text of an uploaded .fountain file (UTF-8, with or without a byte order mark);
    raises FountainError for an empty, binary or non-UTF-8 file."""
    if not data.strip():
        raise FountainError("The file is empty.")
    if b"\x00" in data[:65536]:
        raise FountainError("This file is not a text file (it looks binary). Upload a Fountain screenplay (.fountain).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FountainError(
            "This file is not UTF-8 text. Save the screenplay as a UTF-8 Fountain file and upload it again."
        ) from exc
    problem = text_problem(text)
    if problem:
        raise FountainError(problem)
    return text


def normalize(text: str) -> str:
    """Line endings as ``\\n`` (a file from Windows or an old Mac reads the same), one final newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def parse(text: str) -> ParsedScript:
    """The screenplay in ``text`` (raises FountainError when it is unusable)."""
    problem = text_problem(text)
    if problem:
        raise FountainError(problem)
    screenplay = screenplain_fountain.parse(io.StringIO(text))
    lead: list[dict] = []
    scenes: list[ParsedScene] = []
    total = 0
    current: list[dict] = lead
    for paragraph in screenplay.paragraphs:
        if isinstance(paragraph, Slug):
            heading = str(paragraph.line).strip()
            setting, location, time_of_day = split_heading(heading)
            position = len(scenes) + 1
            number = str(paragraph.scene_number).strip() if paragraph.scene_number else str(position)
            scene = ParsedScene(position, number, heading, setting, location, time_of_day, lines=2)
            scenes.append(scene)
            current = scene.elements
            total += 2  # the heading and the blank line before it
            continue
        element = _element(paragraph)
        if element is None:
            continue
        current.append(element)
        if element["type"] == "page_break":
            total += (-total) % LINES_PER_PAGE
        else:
            used = _lines(element) + 1
            total += used
            if scenes and current is scenes[-1].elements:
                scenes[-1].lines += used
    if not lead and not scenes:
        raise FountainError(
            "Nothing in this text is part of a screenplay (a title page, notes or boneyard alone are not). "
            "Write at least a scene heading such as “INT. KITCHEN - DAY” or a line of action."
        )
    return ParsedScript(title_page=dict(screenplay.title_page), lead=lead, scenes=scenes, lines=total)


def split_heading(heading: str) -> tuple[str, str, str]:
    """``INT./EXT. CAR - MOVING - NIGHT`` → ("INT/EXT", "CAR - MOVING", "NIGHT")."""
    setting = ""
    rest = heading.strip()
    match = _SETTING.match(rest)
    if match:
        setting = match.group(1).upper().replace(".", "")
        setting = {"EXT/INT": "INT/EXT", "I/E": "INT/EXT"}.get(setting, setting)
        rest = rest[match.end() :].strip()
    parts = _TIME_SPLIT.split(rest)
    if len(parts) > 1 and (setting or parts[-1].upper() in TIMES_OF_DAY):
        return setting, " - ".join(parts[:-1]).strip(), parts[-1].strip()
    return setting, rest, ""


def _dialogue(dialog: Dialog) -> dict:
    return {
        "type": "dialogue",
        "character": str(dialog.character).strip(),
        "lines": [{"paren": bool(paren), "text": str(text)} for paren, text in dialog.blocks],
    }


def _element(paragraph) -> dict | None:
    if isinstance(paragraph, Action):
        return {
            "type": "action",
            "text": "\n".join(str(line) for line in paragraph.lines),
            "centered": bool(paragraph.centered),
        }
    if isinstance(paragraph, DualDialog):
        return {"type": "dual", "left": _dialogue(paragraph.left), "right": _dialogue(paragraph.right)}
    if isinstance(paragraph, Dialog):
        return _dialogue(paragraph)
    if isinstance(paragraph, Transition):
        return {"type": "transition", "text": str(paragraph.line).strip()}
    if isinstance(paragraph, PageBreak):
        return {"type": "page_break"}
    if isinstance(paragraph, Section):
        return {"type": "section", "text": str(paragraph.text), "level": paragraph.level}
    return None


def _wrapped(text: str, width: int) -> int:
    return sum(max(1, len(textwrap.wrap(line, width) or [""])) for line in text.split("\n"))


def _speech_lines(speech: dict) -> int:
    lines = 1  # the character cue
    for line in speech["lines"]:
        lines += _wrapped(line["text"], PARENTHETICAL_WIDTH if line["paren"] else DIALOGUE_WIDTH)
    return lines


def _lines(element: dict) -> int:
    """Printed lines of one element on the standard layout (the blank line after it not counted)."""
    kind = element["type"]
    if kind == "action":
        return _wrapped(element["text"], ACTION_WIDTH)
    if kind == "dialogue":
        return _speech_lines(element)
    if kind == "dual":  # side by side: the longer column
        return max(_speech_lines(element["left"]), _speech_lines(element["right"]))
    if kind == "transition":
        return 1
    return 0  # sections and synopses are not printed


# --- Comparing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "skip" (unchanged lines left out)
    old_number: int | None
    new_number: int | None
    text: str


def diff_lines(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """A line diff of two versions' texts (difflib), with ``context`` unchanged lines around each
    change and a "skip" row where more were left out."""
    import difflib

    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if rows:
            rows.append(DiffLine("skip", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    DiffLine("same", i + 1, j + 1, a[i]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            rows += [DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            rows += [DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2)]
    return rows
