"""Instruments are configuration: an administrator manages them, and can load the
criteria texts per item (e.g. the ZRM's, under licence) as JSON."""

from __future__ import annotations

from django.contrib import admin

from meedoen.core.admin_site import MeedoenModelAdmin, MeedoenTabularInline
from meedoen.measurements.models import Instrument, InstrumentItem


class InstrumentItemInline(MeedoenTabularInline):
    model = InstrumentItem
    extra = 0
    fields = [
        "order",
        "code",
        "label",
        "min_value",
        "max_value",
        "required",
        "life_domain",
        "scale_labels",
        "criteria",
    ]


@admin.register(Instrument)
class InstrumentAdmin(MeedoenModelAdmin):
    list_display = ["name", "code", "version", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    inlines = [InstrumentItemInline]
