"""Demo measurements for the seeded municipality (called at the end of the demo seed)."""

from __future__ import annotations

from typing import Any


def seed_measurements(seeder: Any) -> None:
    """Placeholder until the measurements demo data is written: seeds nothing yet."""
