"""``text_html``: a person's text as HTML, exactly what ``urlize|linebreaksbr`` makes of it, for
any text — with links or without, with markup, entities and line breaks."""

from __future__ import annotations

from django.template import Context, Template
from django.template.defaultfilters import linebreaksbr, urlize
from hypothesis import example, given
from hypothesis import strategies as st

from projects.templatetags.reelflow import text_html

PIECES = st.sampled_from(
    [
        "Hold", "the", "logo", ".", ",", ":", ";", "!", "?", "(", ")", "[", "]", "<b>", "&amp;", "&", '"', "'",
        " ", "  ", "\n", "\r\n", "\t", "@", "ed@studio.org", "pia@agency.co.uk", "@Ed", "www.", "www.example.com",
        "example.com", "vimeo.com/123", "EXAMPLE.ORG", "x.net/", "http://", "https://vimeo.com/1?a=1&b=2", "HTTP://A.B",
        "ftp://x", "0:12", "v2.1", "a.b", "é", "😀",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join)


@given(TEXTS)
@example("Colour drifts warm after the cut. Match it to the wide!\n\nOk?")
@example("See https://vimeo.com/123 at 0:12, or www.example.com.")
@example("(mail pia@agency.io)")
def test_text_html_is_urlize_then_linebreaksbr(text):
    assert text_html(text) == linebreaksbr(urlize(text))
    assert text_html(text, autoescape=False) == linebreaksbr(urlize(text, autoescape=False), autoescape=False)


def test_in_a_template_it_links_escapes_and_breaks_lines():
    html = Template("{% load reelflow %}{{ text|text_html }}").render(
        Context({"text": "Too <dark>\nsee https://vimeo.com/1 & ed@studio.org"})
    )
    assert html == (
        'Too &lt;dark&gt;<br>see <a href="https://vimeo.com/1" rel="nofollow">https://vimeo.com/1</a> &amp; '
        '<a href="mailto:ed@studio.org">ed@studio.org</a>'
    )
