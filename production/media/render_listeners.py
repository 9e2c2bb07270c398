"""Who hears that a render finished, by preset: a later stage that asked for renders of its own
(marketing's platform variants) registers a listener in its ``AppConfig.ready`` and learns of
each one's outcome without media importing it — the pattern of the upload targets.

A listener is called with the render (status, error, ``files``) inside the transaction that
finishes it, so what it writes (its own row's state, a timeline event) is saved together with
the render's outcome or not at all. It must not raise for an ordinary outcome, and anything that
leaves the process (a probe of the output, an email) is queued with ``transaction.on_commit``.
The playback preset (the ladder) has its own path (upload targets' ``ready``/``unusable``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Render

Listener = Callable[["Render"], None]
_LISTENERS: dict[str, list[Listener]] = {}


def listen(preset: str, listener: Listener) -> None:
    """Call ``listener(render)`` whenever a render of ``preset`` succeeds, fails or is cancelled."""
    registered = _LISTENERS.setdefault(preset, [])
    if listener not in registered:
        registered.append(listener)


def forget(preset: str, listener: Listener) -> None:
    if listener in _LISTENERS.get(preset, []):
        _LISTENERS[preset].remove(listener)


def finished(render: Render) -> None:
    for listener in list(_LISTENERS.get(render.preset, [])):
        listener(render)
