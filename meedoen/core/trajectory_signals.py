"""Signals on the caseload that other apps contribute (the ground floor's mechanism,
knowing no domain). The case file computes its own signals; an app above it (the
social map's late referrals) registers a ``TrajectorySignal`` in its ``AppConfig.ready``
and the caseload asks it, with one query per signal for the trajectories on the page,
whatever their number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class TrajectorySignal:
    name: str  # the caseload's filter value (?signaal=name)
    label: Any  # in words, translatable (lazy)
    find: Callable[[list[int], date], set[int]]  # the ids among these that have it


_registry: dict[str, TrajectorySignal] = {}


def register(signal: TrajectorySignal) -> None:
    _registry[signal.name] = signal


def registered() -> list[TrajectorySignal]:
    return [_registry[name] for name in sorted(_registry)]
