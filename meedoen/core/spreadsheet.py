"""Cells for spreadsheet exports (CSV, Excel), safe against formula injection.

A value a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is prefixed with an apostrophe, so a resident's name or a note can
never run as a formula on an evaluator's machine (OWASP "CSV injection"; Primero does
the same). Every export that writes cells goes through ``safe_cell``/``safe_row``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers, dates and empty values pass unchanged; risky text is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
