"""Sections of the project page that later stages add (registered in their ``AppConfig.ready``),
so the core's page never names them — the same pattern as the stage gates and demo steps.

A section is a template included in the project page with the page's context (``project``,
``staff``…); it usually loads its content with htmx from a URL of its own app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    order: int


_sections: dict[str, Section] = {}


def register(*, key: str, template: str, order: int = 100) -> None:
    _sections[key] = Section(key=key, template=template, order=order)


def all_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
