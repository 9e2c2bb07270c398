"""projects.pdf: a PDF's stylesheet is parsed once and its fonts loaded once per thread, the
stylesheet applies as if it were in the page (its @page rule, its classes), and each thread has
its own."""

import subprocess
import threading

import pytest
import weasyprint

from projects import pdf

SHEET = "shoot/call_sheet_pdf.css"
PAGE = (
    "<!doctype html><html><head><title>t</title></head><body>"
    '<article class="callsheet"><p class="cs-kicker">Call sheet</p><h1 class="cs-title">Parsed once</h1></article>'
    "</body></html>"
)


@pytest.fixture(autouse=True)
def fresh():
    pdf.forget()
    yield
    pdf.forget()


@pytest.fixture
def parses(monkeypatch):
    """Every stylesheet WeasyPrint parses from a string (the real parser, counted)."""
    seen = []
    real = weasyprint.CSS

    def counted(*args, **kwargs):
        seen.append(kwargs.get("string"))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", counted)
    return seen


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_two_pdfs_parse_the_stylesheet_once_and_share_the_fonts(parses, tmp_path):
    first = pdf.render(PAGE, stylesheet_name=SHEET)
    sheet, fonts = pdf.stylesheet(SHEET), pdf.font_config()
    second = pdf.render(PAGE, stylesheet_name=SHEET)
    assert len(parses) == 1 and "@page" in parses[0] and ".cs-title" in parses[0]  # the template, rendered
    assert pdf.stylesheet(SHEET) is sheet and pdf.font_config() is fonts
    assert first[:4] == second[:4] == b"%PDF"
    assert pdf_text(first, tmp_path) == pdf_text(second, tmp_path)


def test_the_kept_stylesheet_styles_the_pdf(tmp_path):
    """Its @page rule (A4, the page counter at the foot) and its classes (the kicker in capitals)."""
    data = pdf.render(PAGE, stylesheet_name=SHEET)
    text = pdf_text(data, tmp_path)
    assert "CALL SHEET" in text and "Parsed once" in text and "Page 1 of 1" in text
    path = tmp_path / "page.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


def test_forget_parses_again_and_another_thread_has_its_own(parses):
    pdf.render(PAGE, stylesheet_name=SHEET)
    mine = pdf.font_config()
    theirs = {}

    def other():
        pdf.render(PAGE, stylesheet_name=SHEET)
        theirs["fonts"] = pdf.font_config()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert theirs["fonts"] is not mine and len(parses) == 2
    pdf.forget()
    pdf.render(PAGE, stylesheet_name=SHEET)
    assert pdf.font_config() is not mine and len(parses) == 3


@pytest.fixture
def collections():
    """Every garbage collection, by generation, while the test runs."""
    import gc

    seen = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_a_pdf_is_collected_once_young_and_leaves_no_garbage(collections):
    """The render's reference cycles (thousands) are freed by one collection of the youngest
    generation at its end, none during it; the collector runs again afterwards."""
    import gc

    pdf.render(PAGE, stylesheet_name=SHEET)  # the stylesheet and fonts made: what is kept stays
    gc.collect()
    collections.clear()
    pdf.render(PAGE, stylesheet_name=SHEET)
    assert collections == [0] and gc.isenabled()
    assert gc.collect() == 0  # nothing of the render was left for a later (older) collection


def test_a_collector_paused_by_someone_else_stays_paused(collections):
    import gc

    gc.disable()
    try:
        pdf.render(PAGE, stylesheet_name=SHEET)
        assert collections == [] and not gc.isenabled()
    finally:
        gc.enable()
