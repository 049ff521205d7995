"""One name on its own: cleaning a mention's text (titles, possessives, edge words), retyping it
(a month, a product code, a law or an event is no person, organisation or place), the key that makes two
mentions one name, and the names whose category is known whatever NER says."""

import re
from dataclasses import dataclass
from itertools import pairwise

from shared import lexicon
from shared.contracts import CATEGORIES, Category, Entity
from shared.lexicon.vocabulary import (
    AWARDS,
    COMMON_NOUNS,
    COMPETITIONS,
    DESCRIPTORS,
    DOCUMENT_WORDS,
    EVENT_WORDS,
    HONOURS,
    OCCUPATIONS,
    ORGANISATIONS,
    PLACE_ALIASES,
    PRODUCTS,
    QUALIFICATIONS,
    RELIGIONS,
    TECH_TERMS,
    TITLES,
    TRADE_SHOWS,
)

LABELS: dict[str, Category] = {
    "PERSON": "people",
    "ORG": "organisations",
    "GPE": "places",
    "LOC": "places",
    "FAC": "places",
    "NORP": "groups",
    "EVENT": "events",
}
POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[^\w.)]+$")
_MONTHS = lexicon.words("months")
_SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
_NOT_NAMES = (
    HONOURS
    | QUALIFICATIONS
    | TECH_TERMS
    | {p.casefold() for p in PRODUCTS}
    | lexicon.words("financial_instruments")
    | lexicon.words("institution_adjectives")
)
_COMPASS = frozenset({"west", "east", "north", "south"})
_OPPOSITES = frozenset({"east-west", "west-east", "north-south", "south-north"})  # talks, not a region
_CODE = re.compile(r"^[A-Z][a-z]{1,3}-?\d[\w-]*$|/")  # rating codes ("Baa-3", "Aa1"), "Aug/Sept"; not "G8"
_YEAR = re.compile(r"(?:19|20)\d\d")
_MODEL_NUMBER = re.compile(r"[a-z]{0,2}\d{3,}|[a-z]{1,2}\d{2,}[a-z]?")  # casefolded: "6600", "p800", "a380", "n95"
INSTITUTIONS = lexicon.words("institutions")
ORGANISATION_HEADS = lexicon.words("organisation_heads")
LOCATIVES = lexicon.words("locatives")
BUILDINGS = lexicon.words("buildings")
_PERSON_TITLES_IN_ORG = frozenset({"mr", "mrs", "ms", "miss", "dr"})
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})
_NAME_PARTICLES = lexicon.words("name_particles")
CORPORATE_SUFFIXES = lexicon.words("corporate_suffixes")


@dataclass(slots=True)
class Mention:
    text: str
    category: Category
    facility: bool = False  # tagged as a building or stadium: dropped unless it folds into a person
    listed: bool = False  # a player in a line-up or "rapper Eminem": a person, even by one name alone
    team: bool = False  # a side in a fixture ("Derby v Watford") or a match: that name is a team in the whole article
    located: bool = False  # after "in", "at", "from"...: where something is ("tour matches in Ireland")
    report: bool = False  # from a line-up or a fixture line: the article is a match report


def ends_in_legal_form(name: str) -> bool:
    """ "Amoco Corp", "Valhi Inc.", "Agrimont SPA": a company's name, whatever the model tagged."""
    words = name.split(" ")
    return len(words) > 1 and words[-1].rstrip(".") in CORPORATE_SUFFIXES


LEGISLATURES = lexicon.words("legislatures")
_BODY_ENDINGS = frozenset({"department", "departments", "agency", "commission", "administration"})
_COUNTRY_CODE = re.compile(r"^(?:[A-Z]\.){2,3}$|^[A-Z]{2,3}$")  # "U.S.", "UK", "USA"; not "America"


def country_prefixed(name: str) -> list[tuple[str, Category]] | None:
    """ "U.S. Congress" -> the United States and Congress; "U.K. Government" -> the country alone;
    "U.S. Environmental Protection Agency" -> the country and the agency. None for a name that merely
    starts with a country ("US Airways", "UK Athletics", "UK Independence Party")."""
    words = name.split(" ")
    alias = PLACE_ALIASES.get(words[0].replace(".", "").casefold()) if len(words) > 1 else None
    if alias is None or alias[4] != "country" or not _COUNTRY_CODE.match(words[0]):
        return None
    rest = " ".join(words[1:])
    if len(words) == 2 and rest.casefold() in LEGISLATURES:
        return [(words[0], "places"), (rest, "organisations")]
    if len(words) == 2 and rest.casefold() in COMMON_NOUNS:
        return [(words[0], "places")]
    if len(words) > 2 and words[-1].casefold() in _BODY_ENDINGS:
        return [(words[0], "places"), (rest, "organisations")]
    return None


def clean_name(text: str, category: Category) -> str:
    """Whitespace collapsed, possessive and edge punctuation stripped, lower-case words at either end,
    titles and a leading "the" dropped."""
    name = POSSESSIVE.sub("", re.sub(r"\s+", " ", text).strip())
    name = re.split(r"\s[-\u2013\u2014]\s", name)[0]  # "Bill Cosby - moved", "The Chorus - has": a dash ends a name
    if category == "people":  # a full stop ends a sentence
        name = re.sub(r"(\w{3,})\.$", r"\1", name)
    if category == "organisations" and ends_in_legal_form(name):
        name = name.rstrip(".")  # "Amoco Corp.": the full stop of the abbreviation, or of the sentence
    elif category == "organisations":  # "BBC Films' Dirty War": the owner is the organisation
        name = re.split(r"['\u2019]s?\s", name)[0]
        # "Court of Arbitration for Sport (CAS", "Football Licensing Authority, Investors": cut short or
        # run on by the model; a name holds no comma and no unclosed bracket (but a company's name may:
        # "Moody's Investors Service Inc", "Merrill Lynch, Pierce, Fenner and Smith Inc")
        name = re.split(r",\s| \((?!.*\))", name)[0]
    name = _EDGE_PUNCT.sub("", name)
    words = name.split(" ")
    # "an Irish Sports Council", "west Belfast", "walker Gillian": a name begins with a capital.
    while len(words) > 1 and words[0].islower() and words[0] not in _NAME_PARTICLES:
        words = words[1:]
    if category == "people":
        while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES | DESCRIPTORS:
            words = words[1:]
        while len(words) > 2 and words[0].casefold() in OCCUPATIONS:
            words = words[1:]
    elif words[0].casefold() == "the" and len(words) > 1:
        words = words[1:]
    if category == "organisations":  # "Associated Press news agency": a description after the name
        while len(words) > 1 and (words[-1].islower() or words[-1] in CONNECTORS):
            words = words[:-1]
    else:  # "Jenny Meadows third": nor does a person's or a place's name end in a lower-case word
        # (but for "and", "of"...: "The St Kitts and" is a name cut short, which retype drops)
        while len(words) > 1 and words[-1].islower() and words[-1] not in CONNECTORS:
            words = words[:-1]
    name = " ".join(words)
    # Names are capitalised in English; a lower-case "entity" is a tagging error.
    return name if len(name) > 1 and any(c.isupper() for c in name) else ""


def retype(name: str, category: Category) -> tuple[str, Category] | None:
    """What a cleaned mention really is: (name, category), or None when it is not a name at all."""
    folded = name.casefold()
    words = folded.split(" ")
    if folded in _NOT_NAMES or folded.rstrip(".") in _MONTHS or _CODE.search(name):
        return None
    if len(words) == 1 and name.rstrip(".") in CORPORATE_SUFFIXES:  # "LLC", "Inc" alone
        return None
    if len(words) > 1 and _MODEL_NUMBER.fullmatch(words[-1]) and not _YEAR.fullmatch(words[-1]):
        return None  # "Nokia 6600", "SonyEricsson P800", "Airbus A380": a product; not "G8", "Euro 2004"
    if category in ("people", "places") and ends_in_legal_form(name):
        return clean_name(name, "organisations"), "organisations"  # "Valhi Inc" tagged a person
    if category == "people":
        if not any(c.islower() for c in name):  # "GB", "JURI": abbreviations, not people
            return None
        if len(words) > 1 and words[-1] in CONNECTORS:  # "The St Kitts and": a name cut short
            return None
        if len(words) > 1 and words[0] == "the":  # "The Black Eyed Peas": no person's name begins so
            return name.split(" ", 1)[1], "organisations"
        return name, category
    if category in ("organisations", "places"):
        if folded in COMMON_NOUNS or (category == "places" and folded in _COMPASS | _OPPOSITES):
            return None  # "the Cabinet"; "West", "East-West" (talks); not "North-East", a region
        if folded in _SEASONS:  # "as Spring comes near": Spring, Texas is a city too
            return None
        if _YEAR.fullmatch(words[-1]) and len(words) > 1:  # "Guardian First Book Award 2004"
            words = words[:-1]
        if words[-1] in EVENT_WORDS:  # "European Indoor Championships", "an upcoming Olympiad"
            return name, "events"
        if category == "organisations":
            if folded in TITLES or (len(words) > 1 and words[-1] in BUILDINGS):
                return None  # "the Cardinal said"; "Westminster Cathedral", "National Indoor Arena": buildings
            if len(words) > 1 and words[-1] in DOCUMENT_WORDS:
                return None
            if any(w in DOCUMENT_WORDS and nxt in ("on", "of") for w, nxt in pairwise(words)):
                return None  # "European Convention on Human Rights", "Treaty of Rome": laws
            if len(words) > 1 and words[0].rstrip(".") in _PERSON_TITLES_IN_ORG:  # "Mr Ebbers" tagged ORG
                return clean_name(name, "people"), "people"
    return name, category


def name_key(name: str) -> str:
    """What makes two mentions the same name: case, and a leading country written either way
    ("US Institute of Peace" and "United States Institute of Peace")."""
    words = name.split(" ")
    alias = PLACE_ALIASES.get(words[0].casefold().replace(".", "")) if len(words) > 2 else None
    if alias is not None and alias[4] == "country":
        words = [alias[0], *words[1:]]
    return " ".join(words).casefold()


def known_names(countries: list[str]) -> dict[str, Category]:
    """Names whose category is known whatever NER says: countries are places; parties and a few
    organisations the small model mistypes ("Labour" as a group, "Tories" as a person) are organisations;
    awards, competitions and trade shows are events, religions groups."""
    known: dict[str, Category] = dict.fromkeys(countries, "places")
    known.update(dict.fromkeys(ORGANISATIONS, "organisations"))
    known.update(dict.fromkeys(AWARDS + COMPETITIONS + TRADE_SHOWS, "events"))
    known.update(dict.fromkeys(RELIGIONS, "groups"))
    return known


def mentions_by_category(entities: list[Entity]) -> dict[str, int]:
    totals: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    for entity in entities:
        totals[entity.category] += entity.mentions
    return totals
