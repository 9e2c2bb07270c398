"""Demo data steps that other apps add to ``seed_demo`` (registered in their ``AppConfig.ready``),
so the core's command never imports them — the same pattern as the stage gates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Client, Organization, Project, User


@dataclass
class DemoContext:
    organization: Organization
    producer: User
    clients: dict[str, Client]
    projects: dict[str, Project]
    warn: Callable[[str], None] = field(default=print)


_steps: dict[str, Callable[[DemoContext], None]] = {}


def register(key: str, step: Callable[[DemoContext], None]) -> None:
    _steps[key] = step


def steps() -> list[Callable[[DemoContext], None]]:
    return list(_steps.values())
