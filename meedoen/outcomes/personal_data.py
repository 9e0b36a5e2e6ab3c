"""Outcomes hold aggregates and pseudonymised exports, no residents' data; the export
key is configuration."""

from meedoen.core.personal_data import registry
from meedoen.outcomes.models import ResearchExportKey

registry.not_personal(ResearchExportKey)
