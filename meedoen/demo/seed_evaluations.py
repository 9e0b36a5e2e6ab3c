"""Demo evaluations for the seeded municipality (called at the end of the demo seed)."""

from __future__ import annotations

from typing import Any


def seed_evaluations(seeder: Any) -> None:
    """Placeholder until the evaluations demo data is written: seeds nothing yet."""
