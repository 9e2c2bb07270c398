"""Stage gates: conditions a project must meet before it enters a stage.

Apps register their gates at start-up (in ``AppConfig.ready``), so ``projects`` never
imports them: ``production`` can say "a cut is approved before planning" without the
pipeline knowing what a cut is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Project, Stage

# A check returns None when the project passes, or a sentence saying what is missing.
GateCheck = Callable[[Project], "str | None"]
# Where to fix what a failed gate misses (a path on this site), for the gate's message.
GateLink = Callable[[Project], str]


@dataclass(frozen=True)
class Gate:
    key: str
    entering: str
    title: str
    check: GateCheck
    link: GateLink | None = None


@dataclass(frozen=True)
class GateResult:
    key: str
    title: str
    entering: str
    passed: bool
    message: str
    link: str = ""  # where to fix it, when the gate failed and says where

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "entering": self.entering,
            "passed": self.passed,
            "message": self.message,
            "link": self.link,
        }


_registry: dict[str, Gate] = {}


def register(*, key: str, entering: str, title: str, check: GateCheck, link: GateLink | None = None) -> Gate:
    """Register (or replace) the gate ``key`` that guards entry into ``entering``; ``link`` gives
    the page where what a failed check misses is put right."""
    if entering not in Stage.values:
        raise ValueError(f"Unknown stage {entering!r} for gate {key!r}.")
    gate = Gate(key=key, entering=entering, title=title, check=check, link=link)
    _registry[key] = gate
    return gate


def unregister(key: str) -> None:
    _registry.pop(key, None)


def gates_entering(stage: str) -> list[Gate]:
    return [g for g in _registry.values() if g.entering == stage]


def stages_crossed(from_stage: str, to_stage: str) -> list[str]:
    """The stages a forward move enters, in order; a backward move enters none that are gated."""
    start, end = Stage.index(from_stage), Stage.index(to_stage)
    if end <= start:
        return []
    return Stage.values[start + 1 : end + 1]


def evaluate(project: Project, to_stage: str) -> list[GateResult]:
    results = []
    for stage in stages_crossed(project.stage, to_stage):
        for gate in gates_entering(stage):
            message = gate.check(project)
            results.append(
                GateResult(
                    key=gate.key,
                    title=gate.title,
                    entering=stage,
                    passed=message is None,
                    message=message or "",
                    link=gate.link(project) if message is not None and gate.link else "",
                )
            )
    return results


def _idea_written(project: Project) -> str | None:
    if not project.description.strip():
        return "Write the idea down in the project description before storyboarding."
    return None


def _due_date_set(project: Project) -> str | None:
    if project.due_date is None:
        return "Set a due date before the shoot is planned."
    return None


def register_builtin_gates() -> None:
    register(key="projects.idea_written", entering=Stage.STORYBOARD, title="Idea written down", check=_idea_written)
    register(key="projects.due_date_set", entering=Stage.SHOOT, title="Due date set", check=_due_date_set)
