"""What later stages add to the shot list's rows, registered at start-up (``AppConfig.ready``) so
the storyboard never imports them: an annotator gets the list's shots (with the reader and the
project) and appends ``StageBadge``s to ``shot.stage_badges`` — the shoot says on which shoot
day a shot is scheduled, for the team only. Each annotator costs a fixed number of queries,
whatever the number of shots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Annotator = Callable[..., None]  # (shots, *, user, project) -> None

_annotators: dict[str, Annotator] = {}


@dataclass(frozen=True)
class StageBadge:
    label: str  # "Day 2 · Tue 12 May"
    url: str = ""
    title: str = ""  # the longer wording, as a tooltip


def register_shot_annotator(key: str, annotator: Annotator) -> None:
    _annotators[key] = annotator


def annotate_shots(shots: list, *, user, project) -> None:
    for shot in shots:
        shot.stage_badges = []
    if shots:
        for annotator in _annotators.values():
            annotator(shots, user=user, project=project)
