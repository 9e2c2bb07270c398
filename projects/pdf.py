"""PDFs with WeasyPrint, rendered as a server should: what does not change between two PDFs is
made once per process and thread, and only the document is parsed, styled and laid out anew.

- The stylesheet: each PDF's CSS is a template of its own (``templates/<app>/<name>_pdf.css``,
  rendered without context: it may include a partial the page shares), parsed once into a
  ``weasyprint.CSS`` and kept. A ``<style>`` in the HTML would be parsed again for every PDF.
- The fonts: one ``FontConfiguration`` (Fontconfig and Pango's font map) kept, so the fonts the
  PDFs use are looked up and loaded once, not for every PDF.

Both are kept per thread: a Pango font map is not for sharing between threads. gunicorn's sync
workers and Celery's prefork workers serve from one thread for their whole life; ``runserver``
starts a thread per request, so there an edited CSS template shows in the next PDF.
``forget()`` drops this thread's.

As before, the HTML and the CSS load nothing but ``data:`` URIs: no file, no network."""

from __future__ import annotations

import threading

from django.template.loader import render_to_string

_local = threading.local()


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

    return weasyprint.HTML(string=html, url_fetcher=_fetcher()).write_pdf(
        stylesheets=[stylesheet(stylesheet_name)], font_config=font_config()
    )


def forget() -> None:
    """Drop this thread's stylesheets and fonts: the next PDF parses and loads them again."""
    _local.__dict__.clear()
