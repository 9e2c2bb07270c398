"""Where a comment lives: its review page, on the page of the thread list that holds it."""

from __future__ import annotations


def at_comment(url: str, comment_pk) -> str:
    """``url`` (a review page) at a comment: the page of the list that holds its thread
    (``?comment=``, see ``selectors.thread_page``), scrolled to it — the player lands on its frame
    (static/js/review.js)."""
    return f"{url}?comment={comment_pk}#comment-{comment_pk}"
