"""The social map in and out: a spreadsheet (CSV or XLSX) to import, and the Open
Referral Human Services Data Specification (HSDS 3) as JSON, both ways.

Imports are all or nothing: every row is checked first, each problem reported in a
sentence naming its row; nothing is saved while any row is wrong (one transaction)."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meedoen.organisations.models import Municipality, Neighbourhood, Organisation
from meedoen.socialmap.models import LANGUAGES, Offer
from meedoen.socialmap.services import validate_offer

# Spreadsheet columns (Dutch, as the administrator's sheet has them) -> fields.
COLUMNS = {
    "soort": "kind",
    "titel": "title",
    "omschrijving": "description",
    "aanbieder": "provider",
    "wijk": "neighbourhood",
    "adres": "address",
    "postcode": "postcode",
    "lat": "latitude",
    "lon": "longitude",
    "gratis": "is_free",
    "prijs": "price",
    "vergoed": "covered_by_scheme",
    "talen": "languages",
    "rolstoel": "wheelchair_accessible",
    "ov": "near_public_transport",
    "rooster": "schedule",
    "uren": "hours_per_week",
    "capaciteit": "capacity",
    "trede": "rung",
    "contact": "contact",
    "actief": "is_active",
}
REQUIRED = ("soort", "titel", "aanbieder")
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar", ""}
KIND_WORDS = {
    "vrijwilligerswerk": Offer.Kind.VOLUNTEER,
    "dagbesteding": Offer.Kind.DAY_ACTIVITY,
    "cursus": Offer.Kind.COURSE,
    "training": Offer.Kind.COURSE,
    "maatjesproject": Offer.Kind.BUDDY,
    "sport": Offer.Kind.SPORT,
    "taalles": Offer.Kind.LANGUAGE,
    "leerwerkplek": Offer.Kind.WORK_EXPERIENCE,
    "werkervaringsplek": Offer.Kind.WORK_EXPERIENCE,
    "baan": Offer.Kind.JOB,
    "vacature": Offer.Kind.JOB,
    "dienst": Offer.Kind.SERVICE,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (comma or semicolon, UTF-8) or XLSX file, keyed by the lower
    case column name."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        head = [str(c or "").strip().lower() for c in rows[0]]
        return [
            {
                head[i]: "" if v is None else str(v).strip()
                for i, v in enumerate(row)
                if i < len(head)
            }
            for row in rows[1:]
            if any(v not in (None, "") for v in row)
        ]
    text = content.decode("utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        for row in reader
        if any((v or "").strip() for v in row.values())
    ]


def _bool(value: str) -> bool:
    word = value.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError


def _offer_from_row(
    row: dict[str, str],
    municipality: Municipality,
    organisations: dict[str, Organisation],
    neighbourhoods: dict[str, Neighbourhood],
) -> tuple[Offer | None, list[str]]:
    problems: list[str] = []
    offer = Offer(municipality=municipality)
    for column in REQUIRED:
        if not row.get(column):
            problems.append(_("column '%(column)s' is empty") % {"column": column})
    kind = row.get("soort", "").strip().lower()
    kinds = {**KIND_WORDS, **{k: k for k in Offer.Kind.values}}
    kinds |= {str(label).lower(): value for value, label in Offer.Kind.choices}
    if kind and kind not in kinds:
        problems.append(_("kind '%(kind)s' does not exist") % {"kind": row["soort"]})
    else:
        offer.kind = kinds.get(kind, "")
    offer.title = row.get("titel", "")[:150]
    offer.description = row.get("omschrijving", "")
    provider = row.get("aanbieder", "")
    if provider.lower() in organisations:
        offer.organisation = organisations[provider.lower()]
    else:
        offer.provider_name = provider[:150]
    area = row.get("wijk", "")
    if area:
        if area.lower() not in neighbourhoods:
            problems.append(
                _("neighbourhood '%(name)s' is unknown in %(municipality)s")
                % {"name": area, "municipality": municipality}
            )
        else:
            offer.neighbourhood = neighbourhoods[area.lower()]
    offer.address = row.get("adres", "")[:200]
    offer.postcode = row.get("postcode", "")[:7]
    offer.schedule = row.get("rooster", "")[:200]
    offer.contact = row.get("contact", "")[:200]
    offer.languages = row.get("talen", "")
    for column, name, default in (
        ("gratis", "is_free", True),
        ("vergoed", "covered_by_scheme", False),
        ("rolstoel", "wheelchair_accessible", False),
        ("ov", "near_public_transport", False),
        ("actief", "is_active", True),
    ):
        value = row.get(column, "")
        try:
            setattr(offer, name, _bool(value) if value else default)
        except ValueError:
            problems.append(
                _("column '%(column)s' must be ja or nee, not '%(value)s'")
                % {"column": column, "value": value}
            )
    for column, name in (("prijs", "price"), ("lat", "latitude"), ("lon", "longitude")):
        value = row.get(column, "").replace("€", "").replace(",", ".").strip()
        if value:
            try:
                setattr(offer, name, Decimal(value))
            except InvalidOperation:
                problems.append(
                    _("column '%(column)s' is not a number: '%(value)s'")
                    % {"column": column, "value": row[column]}
                )
    for column, name in (
        ("uren", "hours_per_week"),
        ("capaciteit", "capacity"),
        ("trede", "rung"),
    ):
        value = row.get(column, "").strip()
        if value:
            try:
                setattr(offer, name, int(float(value)))
            except ValueError:
                problems.append(
                    _("column '%(column)s' is not a whole number: '%(value)s'")
                    % {"column": column, "value": value}
                )
    if not problems:
        try:
            validate_offer(offer)
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                problems.extend(
                    str(m).rstrip(".").lower()[:1] + str(m).rstrip(".")[1:]
                    for m in messages
                )
    return (None if problems else offer), problems


@transaction.atomic
def import_offers(
    content: bytes, filename: str, municipality: Municipality
) -> ImportResult:
    """Import offers from a spreadsheet into the municipality's social map. Every
    problem is reported as "Row n: ..."; with any problem nothing is saved."""
    result = ImportResult()
    try:
        rows = read_rows(content, filename)
    except Exception:
        result.errors.append(
            _("The file could not be read. Upload a CSV (UTF-8) or Excel (.xlsx) file.")
        )
        return result
    if not rows:
        result.errors.append(_("The file holds no offers."))
        return result
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        result.errors.append(
            _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return result
    organisations = {
        o.name.lower(): o
        for o in Organisation.objects.filter(municipality=municipality)
    }
    neighbourhoods = {
        n.name.lower(): n
        for n in Neighbourhood.objects.filter(municipality=municipality)
    }
    offers = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        offer, problems = _offer_from_row(
            row, municipality, organisations, neighbourhoods
        )
        for problem in problems:
            result.errors.append(
                _("Row %(row)s: %(problem)s.") % {"row": number, "problem": problem}
            )
        if offer is not None:
            offers.append(offer)
    if result.errors:
        return result
    Offer.objects.bulk_create(offers)
    result.created = len(offers)
    return result


# --- Open Referral HSDS 3 ---------------------------------------------------------

NAMESPACE = uuid.UUID("6f1b2c1e-9a7d-4d1e-8c53-2f7f3d2a6b10")
LANGUAGE_NAMES = {code: str(name) for code, name in LANGUAGES}
TAXONOMY = "meedoen"


def _uuid(*parts: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _attribute(service_id: str, code: str, value: Any) -> dict[str, Any]:
    return {
        "id": _uuid(service_id, "attribute", code),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "value": "" if value is None else str(value),
        "taxonomy_term": {
            "id": _uuid(TAXONOMY, code),
            "code": code,
            "name": code,
            "taxonomy": TAXONOMY,
        },
    }


def export_hsds(municipality: Municipality) -> dict[str, Any]:
    """The municipality's social map as HSDS 3 objects: organizations, services
    (with cost_options, languages, schedules, capacities and meedoen's own fields as
    attributes), locations (with address and accessibility) and service_at_location."""
    offers = list(
        Offer.objects.filter(municipality=municipality)
        .select_related("organisation", "neighbourhood")
        .order_by("pk")
    )
    organizations: dict[str, dict[str, Any]] = {}
    services, locations, links = [], [], []
    for o in offers:
        org_id = (
            _uuid("organisation", o.organisation.name)
            if o.organisation is not None
            else _uuid("provider", o.provider_name)
        )
        organizations.setdefault(
            org_id,
            {
                "id": org_id,
                "name": o.provider,
                "description": "",
                "meedoen_organisation": bool(o.organisation_id),
            },
        )
        sid = str(o.hsds_id)
        cost = {
            "id": _uuid(sid, "cost"),
            "service_id": sid,
            "option": "free" if o.is_free else "fee",
            "amount": 0 if o.is_free else float(o.price or 0),
            "currency": "EUR",
            "amount_description": "Vergoed via meedoenregeling"
            if o.covered_by_scheme
            else "",
        }
        attributes = [
            _attribute(sid, "kind", o.kind),
            _attribute(sid, "rung", o.rung),
            _attribute(sid, "hours_per_week", o.hours_per_week),
            _attribute(
                sid, "covered_by_scheme", "yes" if o.covered_by_scheme else "no"
            ),
        ]
        services.append(
            {
                "id": sid,
                "organization_id": org_id,
                "name": o.title,
                "description": o.description,
                "status": "active" if o.is_active else "inactive",
                "email": "",
                "url": "",
                "fees_description": "" if o.is_free else f"€ {o.price}",
                "cost_options": [cost],
                "languages": [
                    {
                        "id": _uuid(sid, "language", code),
                        "service_id": sid,
                        "name": LANGUAGE_NAMES.get(code, code),
                        "code": code,
                    }
                    for code in o.language_codes
                ],
                "schedules": [
                    {
                        "id": _uuid(sid, "schedule"),
                        "service_id": sid,
                        "description": o.schedule,
                    }
                ]
                if o.schedule
                else [],
                "capacities": [
                    {
                        "id": _uuid(sid, "capacity"),
                        "service_id": sid,
                        "maximum": o.capacity,
                        "available": o.capacity,
                        "description": "",
                    }
                ]
                if o.capacity is not None
                else [],
                "contacts": [
                    {"id": _uuid(sid, "contact"), "service_id": sid, "name": o.contact}
                ]
                if o.contact
                else [],
                "attributes": attributes,
            }
        )
        lid = _uuid(sid, "location")
        accessibility = []
        if o.wheelchair_accessible:
            accessibility.append(
                {
                    "id": _uuid(lid, "wheelchair"),
                    "location_id": lid,
                    "description": "wheelchair",
                }
            )
        if o.near_public_transport:
            accessibility.append(
                {
                    "id": _uuid(lid, "transit"),
                    "location_id": lid,
                    "description": "public_transport",
                }
            )
        locations.append(
            {
                "id": lid,
                "location_type": "physical",
                "name": o.title,
                "latitude": float(o.latitude) if o.latitude is not None else None,
                "longitude": float(o.longitude) if o.longitude is not None else None,
                "addresses": [
                    {
                        "id": _uuid(lid, "address"),
                        "location_id": lid,
                        "address_1": o.address,
                        "city": municipality.name,
                        "region": o.neighbourhood.name
                        if o.neighbourhood is not None
                        else "",
                        "postal_code": o.postcode,
                        "country": "NL",
                        "address_type": "physical",
                        "state_province": "",
                    }
                ],
                "accessibility": accessibility,
            }
        )
        links.append({"id": _uuid(sid, "sal"), "service_id": sid, "location_id": lid})
    return {
        "hsds_version": "3.0",
        "organizations": list(organizations.values()),
        "services": services,
        "locations": locations,
        "service_at_locations": links,
    }


def _attr(service: dict[str, Any], code: str) -> str:
    for a in service.get("attributes", []):
        if (a.get("taxonomy_term") or {}).get("code") == code:
            return str(a.get("value") or "")
    return ""


@transaction.atomic
def import_hsds(data: dict[str, Any], municipality: Municipality) -> ImportResult:
    """Import HSDS 3 services as offers: a service already imported (same id) is
    updated, others are created. Problems are reported per service; with any problem
    nothing is saved."""
    result = ImportResult()
    organizations = {o["id"]: o for o in data.get("organizations", [])}
    locations = {loc["id"]: loc for loc in data.get("locations", [])}
    location_of = {
        link["service_id"]: locations.get(link["location_id"])
        for link in data.get("service_at_locations", [])
    }
    own = {
        o.name.lower(): o
        for o in Organisation.objects.filter(municipality=municipality)
    }
    areas = {
        n.name.lower(): n
        for n in Neighbourhood.objects.filter(municipality=municipality)
    }
    existing = {
        str(o.hsds_id): o for o in Offer.objects.filter(municipality=municipality)
    }
    to_save: list[Offer] = []
    for number, service in enumerate(data.get("services", []), start=1):
        sid = str(service.get("id") or "")
        offer = existing.get(sid) or Offer(municipality=municipality)
        if sid:
            try:
                offer.hsds_id = uuid.UUID(sid)
            except ValueError:
                offer.hsds_id = uuid.uuid5(NAMESPACE, sid)
        offer.title = str(service.get("name") or "")[:150]
        offer.description = str(service.get("description") or "")
        offer.is_active = service.get("status", "active") == "active"
        kind = _attr(service, "kind") or Offer.Kind.SERVICE
        offer.kind = kind if kind in Offer.Kind.values else Offer.Kind.SERVICE
        rung = _attr(service, "rung")
        offer.rung = int(rung) if rung.isdigit() else None
        hours = _attr(service, "hours_per_week")
        offer.hours_per_week = int(hours) if hours.isdigit() else None
        offer.covered_by_scheme = _attr(service, "covered_by_scheme") == "yes"
        org = organizations.get(service.get("organization_id"), {})
        name = str(org.get("name") or "")
        offer.organisation = own.get(name.lower())
        offer.provider_name = "" if offer.organisation else name[:150]
        costs = service.get("cost_options") or []
        paid = next(
            (c for c in costs if c.get("option") != "free" and c.get("amount")), None
        )
        offer.is_free = paid is None
        offer.price = (
            Decimal(str(paid["amount"])).quantize(Decimal("0.01")) if paid else None
        )
        offer.languages = ",".join(
            str(lang.get("code") or "") for lang in service.get("languages", [])
        )
        schedules = service.get("schedules") or []
        offer.schedule = (
            str(schedules[0].get("description") or "")[:200] if schedules else ""
        )
        capacities = service.get("capacities") or []
        offer.capacity = capacities[0].get("maximum") if capacities else None
        contacts = service.get("contacts") or []
        offer.contact = str(contacts[0].get("name") or "")[:200] if contacts else ""
        loc = location_of.get(sid) or {}
        address = (loc.get("addresses") or [{}])[0]
        offer.address = str(address.get("address_1") or "")[:200]
        offer.postcode = str(address.get("postal_code") or "")[:7]
        offer.neighbourhood = areas.get(str(address.get("region") or "").lower())
        for key, name_ in (("latitude", "latitude"), ("longitude", "longitude")):
            value = loc.get(key)
            setattr(
                offer,
                name_,
                Decimal(str(value)).quantize(Decimal("0.000001"))
                if value is not None
                else None,
            )
        access = {a.get("description") for a in loc.get("accessibility", [])}
        offer.wheelchair_accessible = "wheelchair" in access
        offer.near_public_transport = "public_transport" in access
        try:
            validate_offer(offer)
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                for m in messages:
                    result.errors.append(
                        _("Service %(number)s (%(name)s): %(problem)s")
                        % {"number": number, "name": offer.title, "problem": m}
                    )
            continue
        to_save.append(offer)
    if result.errors:
        return result
    for offer in to_save:
        if offer.pk:
            result.updated += 1
        else:
            result.created += 1
        offer.save()
    return result
