import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from meedoen.organisations.tests.factories import MunicipalityFactory
from meedoen.socialmap.exchange import export_hsds, import_hsds, import_offers
from meedoen.socialmap.models import Offer
from meedoen.socialmap.services import OFFER_FIELDS

pytestmark = pytest.mark.django_db

HEADER = "soort;titel;aanbieder;wijk;gratis;prijs;talen;trede;uren\n"


def test_a_csv_imports_every_row(arnhem, klarendal, welfare):
    content = (
        HEADER
        + "dagbesteding;Moestuin;Rijnstad Welzijn;Klarendal;ja;;nl,ar;2;\n"
        + "baan;Kok;Restaurant De Smaak;;nee;0;nl;5;32\n"
    ).encode()
    result = import_offers(content, "aanbod.csv", arnhem)
    assert result.errors == []
    assert result.created == 2
    tuin = Offer.objects.get(title="Moestuin")
    assert tuin.organisation == welfare and tuin.neighbourhood == klarendal
    assert tuin.language_codes == ["nl", "ar"] and tuin.rung == 2
    kok = Offer.objects.get(title="Kok")
    assert kok.provider_name == "Restaurant De Smaak" and kok.hours_per_week == 32
    assert not kok.is_free and kok.price == 0


def test_errors_name_their_row_and_nothing_is_saved(arnhem, klarendal):
    content = (
        HEADER
        + "dagbesteding;Goed;Buurthuis;Klarendal;ja;;nl;2;\n"
        + "toveren;Fout;Buurthuis;Nergenshuizen;misschien;;xx;9;\n"
        + "baan;Geen prijs;Buurthuis;;nee;;nl;;\n"
    ).encode()
    result = import_offers(content, "aanbod.csv", arnhem)
    assert Offer.objects.count() == 0
    text = "\n".join(result.errors)
    assert "Row 3: kind 'toveren' does not exist." in text
    assert "Row 3: neighbourhood 'Nergenshuizen' is unknown in Arnhem." in text
    assert "Row 3: column 'gratis' must be ja or nee, not 'misschien'." in text
    assert "Row 4: give the price, or mark the offer as free." in text
    assert not any(e.startswith("Row 2") for e in result.errors)


def test_missing_columns_and_unreadable_files_are_refused(arnhem):
    assert import_offers(b"titel\nX\n", "a.csv", arnhem).errors == [
        "Columns missing: soort, aanbieder."
    ]
    assert (
        import_offers(b"not a zip", "a.xlsx", arnhem)
        .errors[0]
        .startswith("The file could not be read.")
    )


def test_an_xlsx_imports(arnhem):
    book = Workbook()
    sheet = book.active
    sheet.append(["Soort", "Titel", "Aanbieder", "Gratis", "Talen", "Trede"])
    sheet.append(["taalles", "Taalcafé", "Bibliotheek", "ja", "nl,ar", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_offers(buffer.getvalue(), "aanbod.xlsx", arnhem)
    assert result.errors == [] and result.created == 1
    assert Offer.objects.get().kind == Offer.Kind.LANGUAGE


def _snapshot(offer):
    values = {}
    for name in OFFER_FIELDS:
        value = getattr(offer, name)
        values[name] = getattr(value, "name", value)
    values["hsds_id"] = offer.hsds_id
    return values


def test_hsds_round_trip(arnhem, offers):
    data = json.loads(json.dumps(export_hsds(arnhem)))
    assert {"organizations", "services", "locations", "service_at_locations"} <= set(
        data
    )
    koffie = next(s for s in data["services"] if s["name"] == "Koffieochtend Klarendal")
    assert {lang["code"] for lang in koffie["languages"]} == {"nl", "ar"}
    assert koffie["cost_options"][0]["option"] == "free"
    before = {o.hsds_id: _snapshot(o) for o in Offer.objects.all()}
    # Import into the same municipality: every service is recognised and unchanged.
    result = import_hsds(data, arnhem)
    assert result.errors == [] and result.updated == len(before) and result.created == 0
    assert {o.hsds_id: _snapshot(o) for o in Offer.objects.all()} == before
    # Delete and import again: the same offers come back.
    Offer.objects.all().delete()
    result = import_hsds(data, arnhem)
    assert result.created == len(before)
    assert {o.hsds_id: _snapshot(o) for o in Offer.objects.all()} == before


def test_hsds_into_another_municipality_keeps_its_organisations_apart(arnhem, offers):
    nijmegen = MunicipalityFactory(name="Nijmegen", code="0268")
    result = import_hsds(export_hsds(arnhem), nijmegen)
    assert result.errors == []
    copy = Offer.objects.get(municipality=nijmegen, title="Koffieochtend Klarendal")
    assert copy.organisation is None and copy.provider_name == "Rijnstad Welzijn"
    assert copy.neighbourhood is None


def test_the_command_exports_and_imports(arnhem, offers, tmp_path):
    path = tmp_path / "kaart.json"
    call_command("socialmap", "export", str(path), municipality="0202")
    assert len(json.loads(path.read_text())["services"]) == len(offers)
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(HEADER + "sport;Voetbal;Vitesse;;ja;;nl;3;\n")
    out = io.StringIO()
    call_command("socialmap", "import", str(csv_path), municipality="0202", stdout=out)
    assert Offer.objects.filter(title="Voetbal").exists()
    bad = tmp_path / "b.csv"
    bad.write_text(HEADER + "sport;;Vitesse;;ja;;nl;3;\n")
    with pytest.raises(Exception, match="Row 2"):
        call_command("socialmap", "import", str(bad), municipality="0202")
