"""Dutch names as people type them.

A search for "de vries", "vries, de", "Eva de Vries", "Yilmaz" or "ozlem" must find
Eva de Vries and Özlem Yılmaz; "IJsbrand", "Ijsbrand" and "Ĳsbrand" are one name; and
"Fatima Çelik" sorts under C, not after "Wolffel". The rules:

- ``normalise``: lower case, accents off (NFKD, combining marks dropped), the dotless
  ı and the dotted İ as i, the ligature ĳ as ij, ß as ss, ø as o, æ as ae, ł as l, and
  every run of other characters (spaces, hyphens, apostrophes, commas) as one space;
- the search key holds first name, prefix and surname normalised, so every word of
  a query (in any order: "vries de") can be matched against it;
- the sort key is the surname *without* its prefix, then the first name (the Dutch
  telephone-book order: "de Vries" under V).

PostgreSQL keeps a trigram index on the search key (``pg_trgm``), so a contains-match
stays fast at a million residents; SQLite uses the same stored key without it.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus a mark.
SPECIAL = str.maketrans(
    {
        "ı": "i",
        "İ": "i",
        "ĳ": "ij",
        "Ĳ": "ij",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
    }
)
NON_LETTERS = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, without accents, one space between words."""
    text = text.translate(SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_LETTERS.sub(" ", plain.lower()).strip()


def search_key(first_name: str, name_prefix: str, last_name: str) -> str:
    return normalise(" ".join((first_name, name_prefix, last_name)))


def sort_key(first_name: str, name_prefix: str, last_name: str) -> str:
    """Surname without prefix, then first name, then the prefix."""
    return normalise(f"{last_name} {first_name} {name_prefix}")


def query_words(query: str) -> list[str]:
    """The words of a name query, normalised ("Vries, de" -> ["vries", "de"])."""
    return [w for w in normalise(query).split(" ") if w]
