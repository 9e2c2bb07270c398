"""Links that later stages add to a version wherever the edit stage shows one (the project's
media section, the asset page): review adds "Review" (registered in its ``AppConfig.ready``),
so the edit stage never names the stages after it — the registry pattern of gates and sections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Version


@dataclass(frozen=True)
class VersionLink:
    label: str
    url: Callable[[Version], str]


_links: dict[str, VersionLink] = {}


def register(*, key: str, label: str, url: Callable[[Version], str]) -> None:
    _links[key] = VersionLink(label=label, url=url)


def links_for(version: Version) -> list[tuple[str, str]]:
    return [(link.label, link.url(version)) for link in _links.values()]
