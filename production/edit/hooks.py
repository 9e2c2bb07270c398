"""What later stages do when something happens to a cut's versions, registered at start-up (review
registers "tell the reviewers a new version plays"), so edit never imports them."""

from __future__ import annotations

from collections.abc import Callable

from .models import Version

_on_version_ready: list[Callable[[Version], None]] = []


def on_version_ready(listener: Callable[[Version], None]) -> None:
    """Call ``listener(version)`` when a version first plays (its playback render succeeded)."""
    if listener not in _on_version_ready:
        _on_version_ready.append(listener)


def version_ready(version: Version) -> None:
    for listener in _on_version_ready:
        listener(version)
