"""Bounds for input at the edge, applied to every form of meedoen (``core.forms``):
text without control or bidirectional-override characters and of a sane length,
dates in a sane range, numbers that fit the database."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters except tab, line feed and carriage return; the
# bidirectional overrides and isolates (they make "Jan" look like "naJ" and hide text),
# and zero-width characters that make two equal-looking names differ.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# The longest free text a form takes (a contact summary, minutes): long enough for
# any real note, short enough that nobody pastes a file into a field.
MAX_TEXT = 20_000
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MAX_INT = 2**31 - 1


def no_control_characters(value: str) -> None:
    if FORBIDDEN.search(value or ""):
        raise ValidationError(
            _(
                "This text contains invisible control or direction characters; type "
                "it again without them."
            ),
            code="control_characters",
        )


def sane_date(value: date | None) -> None:
    if value is None:
        return
    if value < EARLIEST or value > LATEST:
        raise ValidationError(
            _("Enter a date between %(start)s and %(end)s.")
            % {
                "start": EARLIEST.strftime("%d-%m-%Y"),
                "end": LATEST.strftime("%d-%m-%Y"),
            },
            code="date_range",
        )
