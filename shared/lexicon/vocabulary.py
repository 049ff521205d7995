"""The words and names that the enrichment and the index share, read once from `data/` (see the
package's docstring for the file formats; each file's header says what it holds and where its words
come from)."""

from typing import Final, cast

from shared import lexicon
from shared.contracts import PlaceKind

PlaceAlias = tuple[str, str | None, float, float, PlaceKind]
"""Canonical name, ISO alpha-2 country (None for regions), latitude, longitude, kind."""

PLACE_ALIASES: Final[dict[str, PlaceAlias]] = {
    row["key"]: (
        row["name"],
        row["country"] or None,
        float(row["latitude"]),
        float(row["longitude"]),
        cast(PlaceKind, row["kind"]),
    )
    for row in lexicon.table("place_aliases")
}
"""Place names that news uses but a gazetteer lookup gets wrong or misses, by lookup key (see
places.lookup_key: case-folded, dots and a leading "the" removed)."""

ORGANISATION_ALIASES: Final[dict[str, str]] = {row["key"]: row["name"] for row in lexicon.table("organisation_aliases")}
"""Organisations news abbreviates, by lookup key: search synonyms come from this table and PLACE_ALIASES."""

REGION_ABBREVIATIONS: Final[dict[str, str]] = {
    row["abbreviation"]: row["name"] for row in lexicon.table("region_abbreviations")
}
"""US states and Canadian provinces as written ("Calif.") -> the place's name ("California")."""
_REGIONS_BY_KEY = {
    abbreviation.replace(".", "").replace(" ", "").casefold(): name
    for abbreviation, name in REGION_ABBREVIATIONS.items()
}


def region_abbreviation(text: str) -> str | None:
    """The state or province an abbreviation names, however it is cased or dotted ("WIS.", "Fla")."""
    return _REGIONS_BY_KEY.get(text.replace(".", "").replace(" ", "").casefold())


COUNTRY_NAMES: Final[dict[str, str]] = {row["code"]: row["name"] for row in lexicon.table("country_names")}
"""Display names that override GeoNames' country names."""

TITLES: Final = lexicon.words("titles")

ROLE_WORDS: Final = lexicon.words("role_words")

DESCRIPTORS: Final = lexicon.words("descriptors")

OCCUPATIONS: Final = lexicon.words("occupations")

HONOURS: Final = lexicon.words("honours")

COMMON_NOUNS: Final = lexicon.words("common_nouns")

TECH_TERMS: Final = lexicon.words("tech_terms")

PRODUCTS: Final = lexicon.entries("products")

EVENT_WORDS: Final = lexicon.words("event_words")

WORK_WORDS: Final = lexicon.words("work_words")

THING_AFTER_WORDS: Final = lexicon.words("thing_after_words")

AWARDS: Final = lexicon.entries("awards")

COMPETITIONS: Final = ("Six Nations", "Tri Nations", "Tri-Nations")
"""Competitions named without a word that says so ("the Six Nations"): events, not organisations."""

TRADE_SHOWS: Final = lexicon.entries("trade_shows")

RELIGIONS: Final = lexicon.entries("religions")

QUALIFICATIONS: Final = lexicon.words("qualifications")

MEDAL_WORDS: Final = lexicon.words("medal_words")

ORGANISATION_WORDS: Final = lexicon.words("organisation_words")

PERSON_WORDS: Final = lexicon.words("person_words")

DOCUMENT_WORDS: Final = lexicon.words("document_words")

ORGANISATIONS: Final = lexicon.entries("organisations")
