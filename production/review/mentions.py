"""@mentions in comment text: who a comment names, among the people who may read it.

A person is named by "@" and their full name ("@Ann Client") or the part of their email before
the "@" ("@ann.client"), in any case, ending at a word's end. Longer names are tried first, so
"@Ann Clientson" never also names "@Ann Client"."""

from __future__ import annotations

import re
from collections.abc import Iterable


def handles(user) -> list[str]:
    names = [user.get_full_name().strip(), user.email.split("@")[0]]
    return [n for n in names if n]


def mentioned(text: str, people: Iterable) -> list:
    """The people of ``people`` that ``text`` mentions, in the order they appear."""
    found: dict = {}
    taken: list[tuple[int, int]] = []
    pairs = sorted(((h, u) for u in people for h in handles(u)), key=lambda pair: -len(pair[0]))
    for handle, user in pairs:
        for match in re.finditer(rf"@{re.escape(handle)}(?![\w-])", text, flags=re.IGNORECASE):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue  # inside a longer name already matched
            taken.append(span)
            found.setdefault(user.pk, (span[0], user))
    return [user for _, user in sorted(found.values(), key=lambda pair: pair[0])]
