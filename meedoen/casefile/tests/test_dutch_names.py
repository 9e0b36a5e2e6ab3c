"""Dutch names are found as people type them, and sorted as a Dutch list sorts them:
on SQLite and on PostgreSQL (the suite runs on both), with names from the
neighbourhoods meedoen serves: Dutch prefixes, Turkish, Moroccan, Surinamese and
Polish forms."""

import datetime

import pytest

from meedoen.casefile.selectors import resident_search
from meedoen.casefile.services import trajectory_open
from meedoen.residents import names
from meedoen.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

PEOPLE = [
    # (first name, prefix, surname)
    ("Eva", "de", "Vries"),
    ("Jan", "van der", "Berg"),
    ("Anouk", "van den", "Broek"),
    ("Kees", "", "Wolffel"),
    ("Özlem", "", "Yılmaz"),
    ("Fatima", "", "Çelik"),
    ("Mohamed", "el", "Amrani"),
    ("Khadija", "", "Aït Ouali"),
    ("Shanti", "", "Ramdin-Sewdien"),
    ("Marlon", "", "Kromodikromo"),
    ("Agnieszka", "", "Wiśniewska"),
    ("Łukasz", "", "Nowakowski"),
    ("IJsbrand", "", "IJzerman"),
    ("Şükrü", "", "Öztürk"),
    ("Mary-Ann", "'t", "Hart"),
]


@pytest.fixture
def people(coordinator):
    created = {}
    for first, prefix, last in PEOPLE:
        r = ResidentFactory(
            municipality=coordinator.municipality,
            first_name=first,
            name_prefix=prefix,
            last_name=last,
            birth_date=datetime.date(1980, 1, 1),
        )
        trajectory_open(resident=r, coordinator=coordinator, by=coordinator)
        created[r.full_name] = r
    return created


def _found(user, query):
    return [r.full_name for r in resident_search(user, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("de vries", "Eva de Vries"),
        ("vries, de", "Eva de Vries"),
        ("Eva de Vries", "Eva de Vries"),
        ("VRIES", "Eva de Vries"),
        ("van der berg", "Jan van der Berg"),
        ("Berg, van der", "Jan van der Berg"),
        ("jan berg", "Jan van der Berg"),
        ("broek", "Anouk van den Broek"),
        ("Yilmaz", "Özlem Yılmaz"),
        ("ozlem", "Özlem Yılmaz"),
        ("Özlem Yılmaz", "Özlem Yılmaz"),
        ("celik", "Fatima Çelik"),
        ("Fatima Çelik", "Fatima Çelik"),
        ("el amrani", "Mohamed el Amrani"),
        ("ait ouali", "Khadija Aït Ouali"),
        ("Aït-Ouali", "Khadija Aït Ouali"),
        ("ramdin sewdien", "Shanti Ramdin-Sewdien"),
        ("sewdien", "Shanti Ramdin-Sewdien"),
        ("kromodikromo", "Marlon Kromodikromo"),
        ("wisniewska", "Agnieszka Wiśniewska"),
        ("Lukasz Nowakowski", "Łukasz Nowakowski"),
        ("ijzerman", "IJsbrand IJzerman"),
        ("Ijsbrand", "IJsbrand IJzerman"),
        ("ĳzerman", "IJsbrand IJzerman"),
        ("sukru ozturk", "Şükrü Öztürk"),
        ("t hart", "Mary-Ann 't Hart"),
        ("mary ann", "Mary-Ann 't Hart"),
    ],
)
def test_names_are_found_as_people_type_them(coordinator, people, query, expected):
    assert expected in _found(coordinator, query)


def test_a_search_finds_only_who_matches_every_word(coordinator, people):
    assert _found(coordinator, "eva vries") == ["Eva de Vries"]
    assert _found(coordinator, "eva berg") == []


def test_the_list_sorts_on_the_surname_without_its_prefix(coordinator, people):
    everyone = sorted(people.values(), key=lambda r: r.sort_key)
    surnames = [r.last_name for r in everyone]
    assert surnames.index("Amrani") < surnames.index("Berg") < surnames.index("Broek")
    assert surnames.index("Çelik") < surnames.index("Hart") < surnames.index("Vries")
    assert surnames.index("Vries") < surnames.index("Wolffel")
    # The database sorts the same way: "Fatima Çelik" before "Kees Wolffel".
    from meedoen.residents.models import Resident

    found = [r.full_name for r in Resident.objects.order_by("sort_key")]
    assert found.index("Fatima Çelik") < found.index("Kees Wolffel")
    assert found.index("Eva de Vries") < found.index("Kees Wolffel")
    assert found.index("Jan van der Berg") < found.index("Fatima Çelik")


def test_the_keys_follow_a_renamed_resident(coordinator, people):
    r = people["Eva de Vries"]
    r.last_name = "Jansen"
    r.name_prefix = ""
    r.save(update_fields=["last_name", "name_prefix"])
    assert _found(coordinator, "eva jansen") == ["Eva Jansen"]
    assert _found(coordinator, "de vries") == []


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Özlem Yılmaz", "ozlem yilmaz"),
        ("İbrahim", "ibrahim"),
        ("ĲSBRAND", "ijsbrand"),
        ("Wiśniewska", "wisniewska"),
        ("Łukasz", "lukasz"),
        ("Straße", "strasse"),
        ("  van  der   Berg ", "van der berg"),
        ("Aït-Ouali", "ait ouali"),
    ],
)
def test_normalise(raw, key):
    assert names.normalise(raw) == key
