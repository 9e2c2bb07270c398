"""Sections of the project page that later stages add (registered in their ``AppConfig.ready``),
so the core's page never names them — the same pattern as the stage gates and demo steps.

A section is a template included in the project page with the page's context (``project``,
``staff``…); it usually loads its content with htmx from a URL of its own app. A dashboard
panel (``place="dashboard"``) is the same on the team's dashboard, above the board."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    order: int
    place: str = "project"


_sections: dict[str, Section] = {}


def register(*, key: str, template: str, order: int = 100, place: str = "project") -> None:
    _sections[key] = Section(key=key, template=template, order=order, place=place)


def all_sections(place: str = "project") -> list[Section]:
    return sorted((s for s in _sections.values() if s.place == place), key=lambda s: (s.order, s.key))
