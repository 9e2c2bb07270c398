"""Fountain in and out: the constructs a real screenplay uses survive import → export → import,
and what is read from them (scenes, headings, dialogue, page count, runtime) is right."""

import pytest

from production.storyboard import fountain

pytestmark = pytest.mark.django_db


def test_the_sample_reads_as_scenes_with_their_headings(sample_text):
    script = fountain.parse(sample_text)
    assert script.title == "Night Shift"
    assert script.title_page["Author"] == ["Ada Brennan"]
    assert script.title_page["Contact"] == ["Northlight Films", "hello@northlight.test"]
    assert script.lead == [{"type": "action", "text": "FADE IN:", "centered": False}]
    headings = [(s.number, s.setting, s.location, s.time_of_day) for s in script.scenes]
    assert headings == [
        ("1", "INT", "HOSPITAL CORRIDOR", "NIGHT"),
        ("2", "EXT", "HOSPITAL ROOF", "NIGHT"),
        ("3", "INT/EXT", "MAYA'S CAR - MOVING", "DAWN"),
        ("4", "", "FLASHBACK - MAYA'S FIRST SHIFT", ""),  # a forced heading (".FLASHBACK")
    ]


def test_dialogue_parentheticals_dual_dialogue_and_transitions(sample_text):
    corridor, roof, car, flashback = fountain.parse(sample_text).scenes
    kinds = [e["type"] for e in corridor.elements]
    assert kinds == ["action", "action", "dialogue", "action", "dual", "transition"]
    speech = corridor.elements[2]
    assert speech["character"] == "MAYA"
    assert speech["lines"] == [
        {"paren": True, "text": "(to herself)"},
        {"paren": False, "text": "Twelve hours. I can do twelve hours."},
    ]
    dual = corridor.elements[4]
    assert (dual["left"]["character"], dual["right"]["character"]) == ("DR. REYES", "MAYA")
    assert dual["right"]["lines"][0]["text"] == "You're late."
    assert corridor.elements[5] == {"type": "transition", "text": "CUT TO:"}
    assert corridor.characters == ["MAYA", "DR. REYES"]
    assert "Twelve hours" in corridor.dialogue and "Fluorescent tubes hum" in corridor.action
    assert roof.characters == ["MAYA"]  # "MAYA (V.O.)" is Maya
    assert {"type": "action", "text": "THE SUN STARTS TO RISE", "centered": True} in roof.elements
    assert roof.elements[-1] == {"type": "page_break"}
    assert car.elements[1]["lines"][0] == {"paren": True, "text": "(singing along)"}
    assert flashback.elements[-1] == {"type": "transition", "text": "FADE OUT."}


def test_notes_and_boneyard_are_not_part_of_the_scenes_but_stay_in_the_text(sample_text):
    corridor = fountain.parse(sample_text).scenes[0]
    everything = repr(corridor.elements)
    assert "brand's" not in everything  # the [[note]]
    assert "Early is the new on time" not in everything  # the /* boneyard */
    assert "[[Maya's coffee cup should be the brand's; check with the client.]]" in sample_text
    assert "Early is the new on time" in sample_text


def test_page_count_follows_55_lines_a_page():
    # A heading (2 lines with the blank before it) and an action of 52 lines (and its blank): 55.
    text = "INT. ROOM - DAY\n\n" + "\n".join(f"Line {n}." for n in range(52)) + "\n"
    script = fountain.parse(text)
    assert script.lines == 55
    assert script.pages == 1
    assert script.runtime_seconds == 60
    assert fountain.page_label(script.lines) == "1"
    assert script.scenes[0].lines == 55


def test_long_lines_wrap_at_the_columns_of_the_standard_page():
    action = "word " * 25  # 124 characters: 12 words (59 characters) fit a line of 60, so 3 lines
    speech = "talk " * 14  # 69 characters: 7 words fit a line of 35, so 2 lines
    script = fountain.parse(f"EXT. FIELD - DAY\n\n{action.strip()}\n\nBOB\n{speech.strip()}\n")
    # heading 2, action 3 lines (wrapped at word boundaries) + blank, cue 1 + speech 2 + blank
    assert script.lines == 2 + (3 + 1) + (1 + 2 + 1)


def test_a_page_break_ends_the_page():
    script = fountain.parse("INT. A - DAY\n\nOne.\n\n===\n\nINT. B - DAY\n\nTwo.\n")
    assert script.lines == 55 + 2 + 2
    assert fountain.page_label(script.lines) == "1 1/8"


def test_runtime_is_about_a_minute_a_page(sample_text):
    script = fountain.parse(sample_text)
    assert script.runtime_seconds == round(script.lines / 55 * 60)
    assert 60 < script.runtime_seconds < 120  # the page break pushes it past a page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The script is empty."),
        ("   \n\n  ", "The script is empty."),
        ("PNG\x00\x00\x01binary", "not plain text"),
        ("[[Only a note.]]\n\n/* and boneyard */\n", "Nothing in this text is part of a screenplay"),
        ("Title: Only a title page\nAuthor: Someone\n", "a title page, notes or boneyard alone are not"),
    ],
)
def test_text_that_is_no_screenplay_is_refused(text, message):
    with pytest.raises(fountain.FountainError, match=message):
        fountain.parse(text)


def test_uploads_must_be_utf8_text():
    assert fountain.decode_upload("\ufeffINT. A - DAY\r\n".encode()) == "INT. A - DAY\r\n"
    with pytest.raises(fountain.FountainError, match="empty"):
        fountain.decode_upload(b"  \n")
    with pytest.raises(fountain.FountainError, match="not a text file"):
        fountain.decode_upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(fountain.FountainError, match="not UTF-8"):
        fountain.decode_upload("INT. CAFÉ - DAY".encode("latin-1"))


def test_diff_lines_marks_what_changed():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 3", "line three").replace("line 15\n", "")
    rows = fountain.diff_lines(old, new, context=1)
    assert [(r.kind, r.text) for r in rows if r.kind in ("added", "removed")] == [
        ("removed", "line 3"),
        ("added", "line three"),
        ("removed", "line 15"),
    ]
    assert any(r.kind == "skip" for r in rows)  # unchanged lines between the two changes left out
    assert rows[0] == fountain.DiffLine("same", 3, 3, "line 2")
