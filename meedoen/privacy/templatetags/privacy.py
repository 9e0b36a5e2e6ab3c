"""Template tags of the privacy door, for pages of other apps."""

from __future__ import annotations

from django import template

from meedoen.privacy import audit_words

register = template.Library()


@register.filter
def basis_words(basis: str) -> str:
    """An audit event's basis in plain words (see privacy.audit_words)."""
    return audit_words.basis_words(basis)


@register.filter
def via_words(via: str) -> str:
    """Where an audit event happened, in plain words."""
    return audit_words.via_words(via)
