"""The Dutch catalogue is complete, checked and compiled.

The interface is Dutch (``LANGUAGE_CODE = "nl"``) with English as second language; the
msgids in the code are English. These tests read ``meedoen/locale/nl/LC_MESSAGES/
django.po`` with a small parser and check that every entry is translated and not
fuzzy, that placeholders survive translation, that the compiled ``django.mo`` holds
exactly what the ``.po`` says (so nobody forgot ``compilemessages``), and that Django
really serves the Dutch text for a few key strings.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
NL_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def catalog_key(self) -> str | tuple[str, int]:
        key = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return (key, 0) if self.msgid_plural is not None else key


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """A tiny .po parser: enough for what makemessages writes."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    keyword = re.compile(
        r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$"
    )
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, target = None, None
            continue
        if current is None:
            current = Entry()
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = keyword.match(line)
        if match:
            name, index, value = (
                match.group(1),
                match.group(2),
                _unquote(match.group(3)),
            )
            if name.startswith("msgstr"):
                current.msgstr[int(index or 0)] = value
                target = ("msgstr", int(index or 0))
            else:
                setattr(current, name, value)
                target = (name, None)
        else:  # continuation line
            assert target is not None, raw
            value = _unquote(line)
            if target[0] == "msgstr":
                current.msgstr[target[1] or 0] += value
            else:
                setattr(current, target[0], getattr(current, target[0]) + value)
    if current is not None:
        entries.append(current)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert NL_PO.exists(), f"{NL_PO} is missing; run makemessages -l nl"
    return [e for e in parse_po(NL_PO) if not e.obsolete]


@pytest.fixture(scope="module")
def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.is_header]


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]


def _expected(entry: Entry) -> dict:
    if entry.msgid_plural is None:
        return {entry.catalog_key: entry.msgstr[0]}
    base = entry.catalog_key[0]
    return {(base, n): text for n, text in entry.msgstr.items()}


def test_the_catalogue_has_many_messages(messages: list[Entry]) -> None:
    assert len(messages) > 500


def test_every_message_is_translated(messages: list[Entry]) -> None:
    untranslated = [
        e.msgid
        for e in messages
        if not e.msgstr or any(not s for s in e.msgstr.values())
    ]
    assert untranslated == []


def test_no_message_is_fuzzy(entries: list[Entry]) -> None:
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []


def test_plural_messages_have_both_forms(messages: list[Entry]) -> None:
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0, 1]] == []


def test_header_is_dutch(entries: list[Entry]) -> None:
    header = entries[0]
    assert header.is_header
    assert "Language: nl\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_placeholders_survive_translation(messages: list[Entry]) -> None:
    broken = []
    for e in messages:
        for n, text in e.msgstr.items():
            source = e.msgid if n == 0 or e.msgid_plural is None else e.msgid_plural
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                broken.append((e.msgid, n, text))
    assert broken == []


def test_compiled_catalogue_matches_the_po(messages: list[Entry]) -> None:
    assert NL_MO.exists(), f"{NL_MO} is missing; run compilemessages"
    catalog = _catalog(NL_MO)
    stale = []
    for e in messages:
        for key, text in _expected(e).items():
            if catalog.get(key) != text:
                stale.append(key)
    assert stale == [], "django.mo is older than django.po; run compilemessages"


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext not installed")
def test_msgfmt_compiles_the_same_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(
        [str(MSGFMT), "--check-format", "-o", str(fresh), str(NL_PO)],
        check=True,
        capture_output=True,
    )
    assert _catalog(fresh) == _catalog(NL_MO), "run compilemessages"


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("My caseload", "Mijn caseload"),
        ("resident", "inwoner"),
        ("Resident", "Inwoner"),
        ("household", "huishouden"),
        ("coordinator", "regisseur"),
        ("trajectory", "traject"),
        ("stage", "fase"),
        ("Case team", "Casusteam"),
        ("life domain", "leefgebied"),
        ("agenda item", "agendapunt"),
        ("consent", "toestemming"),
        ("emergency access", "noodtoegang"),
        ("hand-over", "overdracht"),
        ("neighbourhood team", "sociaal wijkteam"),
        ("functional administrator", "functioneel beheerder"),
        ("Log in", "Inloggen"),
    ],
)
def test_django_serves_dutch(english: str, dutch: str) -> None:
    with translation.override("nl"):
        assert translation.gettext(english) == dutch
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_dutch_plurals_and_placeholders() -> None:
    with translation.override("nl"):
        one = translation.ngettext("%(n)s resident", "%(n)s residents", 1) % {"n": 1}
        many = translation.ngettext("%(n)s resident", "%(n)s residents", 3) % {"n": 3}
        named = translation.gettext("Plan of %(name)s") % {"name": "Fatima"}
    assert (one, many, named) == ("1 inwoner", "3 inwoners", "Plan van Fatima")


def test_dutch_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
