"""PDFs with WeasyPrint, rendered as a server should: what is the same for every PDF is made once
and kept, and each PDF only has its own document parsed, styled and laid out.

- The stylesheet: each PDF's CSS is a template of its own (``templates/<app>/<name>_pdf.css``,
  rendered without context: it may include a partial the page shares), parsed once into a
  ``weasyprint.CSS`` and kept. A ``<style>`` in the HTML would be parsed again for every PDF.
- The fonts: one ``FontConfiguration`` (Fontconfig and Pango's font map) kept, so the fonts the
  PDFs use are looked up and loaded once, not for every PDF.
- The garbage: a render makes some 30 000 objects, three in four of them in reference cycles
  (WeasyPrint's styles, boxes and its parser's tree point at each other), which only the cyclic
  garbage collector frees. Left to run as usual, the collector runs some fifty times during one
  PDF, carries the render's objects into its older generations and every few PDFs goes through
  every object of the process (all of Django, the templates, the rows loaded). So it waits while
  WeasyPrint works, and one collection of the youngest generation then frees the whole render.

The stylesheets and the fonts are kept per thread, as a Pango font map is not for sharing
between threads. gunicorn's sync workers and Celery's prefork workers serve from one thread for
their whole life; ``runserver`` starts a thread per request, so there an edited CSS template
shows in the next PDF. ``forget()`` drops this thread's.

As before, the HTML and the CSS load nothing but ``data:`` URIs: no file, no network."""

from __future__ import annotations

import contextlib
import gc
import threading

from django.template.loader import render_to_string

_local = threading.local()

_gc_lock = threading.Lock()
_gc_renders = 0  # renders under way, in all threads
_gc_paused = False  # whether it was us who paused the collector (and so restart it)


def _fetcher():
    import weasyprint  # loads Pango: only when a PDF is asked for

    fetcher = getattr(_local, "fetcher", None)
    if fetcher is None:
        fetcher = _local.fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return fetcher


def font_config():
    """This thread's ``weasyprint.text.fonts.FontConfiguration``, made on first use."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def stylesheet(template_name: str):
    """The ``weasyprint.CSS`` of the CSS template ``template_name``, parsed once (per thread)."""
    import weasyprint

    sheets = _local.__dict__.setdefault("stylesheets", {})
    sheet = sheets.get(template_name)
    if sheet is None:
        sheet = sheets[template_name] = weasyprint.CSS(
            string=render_to_string(template_name), font_config=font_config(), url_fetcher=_fetcher()
        )
    return sheet


def render(html: str, *, stylesheet_name: str) -> bytes:
    """The PDF of ``html`` (a whole document without ``<style>``) styled by the CSS template
    ``stylesheet_name``."""
    import weasyprint

    sheet, fonts = stylesheet(stylesheet_name), font_config()
    with collected_once():
        return weasyprint.HTML(string=html, url_fetcher=_fetcher()).write_pdf(stylesheets=[sheet], font_config=fonts)


@contextlib.contextmanager
def collected_once():
    """No garbage collection while inside (in any thread), one of the youngest generation when
    the last one inside leaves. A collector paused by someone else stays paused."""
    global _gc_renders, _gc_paused
    with _gc_lock:
        _gc_renders += 1
        if _gc_renders == 1 and gc.isenabled():
            gc.disable()
            _gc_paused = True
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            restart = _gc_renders == 0 and _gc_paused
            if restart:
                _gc_paused = False
                gc.enable()
        if restart:
            gc.collect(0)


def forget() -> None:
    """Drop this thread's stylesheets and fonts: the next PDF parses and loads them again."""
    _local.__dict__.clear()
