"""Named entities of one article: spaCy's mentions, cleaned, folded and counted.

The headline is not run through NER: in title case the model tags "Pezeshkian Will" or "Quit Netanyahu
Cabinet" as people. Entities come from the body and caption; headline mentions of them are counted by
matching their names, so a headline adds weight but never a new (junk) entity.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from shared.contracts import CATEGORIES, Category, Entity
from shared.enrichment.aliases import (
    ALIASES,
    COMMON_NOUNS,
    DESCRIPTORS,
    DOCUMENT_WORDS,
    EVENT_WORDS,
    HONOURS,
    ORGANISATIONS,
    ROLE_WORDS,
    TITLES,
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
THING_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW"})
"""spaCy labels of things, not names: their votes count against a name's other labels in the article."""
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[^\w.)]+$")
_MONTHS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december""".split()  # noqa: SIM905
)
_CODE = re.compile(r"^[A-Z][a-z]{1,3}-?\d[\w-]*$|/")  # rating codes ("Baa-3", "Aa1"), "Aug/Sept"; not "G8"
_PERSON_TITLES_IN_ORG = frozenset({"mr", "mrs", "ms", "miss", "dr"})
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})


@dataclass(slots=True)
class Mention:
    text: str
    category: Category


def clean_name(text: str, category: Category) -> str:
    """Whitespace collapsed, possessive and edge punctuation stripped, titles and a leading "the" dropped."""
    name = _POSSESSIVE.sub("", re.sub(r"\s+", " ", text).strip())
    if category == "people":  # "Bill Cosby - moved": a dash ends a name; a full stop ends a sentence
        name = re.split(r"\s[-\u2013\u2014]\s", name)[0]
        name = re.sub(r"(\w{3,})\.$", r"\1", name)
    if category == "organisations":  # "BBC Films' Dirty War": the owner is the organisation
        name = re.split(r"['\u2019]s?\s", name)[0]
    name = _EDGE_PUNCT.sub("", name)
    words = name.split(" ")
    if category == "people":
        while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES | DESCRIPTORS:
            words = words[1:]
    elif words[0].casefold() == "the" and len(words) > 1:
        words = words[1:]
    if category == "organisations":  # "Associated Press news agency": a description after the name
        while len(words) > 1 and (words[-1].islower() or words[-1] in _CONNECTORS):
            words = words[:-1]
    name = " ".join(words)
    # Names are capitalised in English; a lower-case "entity" is a tagging error.
    return name if len(name) > 1 and any(c.isupper() for c in name) else ""


def retype(name: str, category: Category) -> tuple[str, Category] | None:
    """What a cleaned mention really is: (name, category), or None when it is not a name at all."""
    folded = name.casefold()
    words = folded.split(" ")
    if folded in HONOURS or folded.rstrip(".") in _MONTHS or _CODE.search(name):
        return None
    if category == "people":
        if not any(c.islower() for c in name):  # "GB", "JURI": abbreviations, not people
            return None
        return name, category
    if category in ("organisations", "places"):
        if folded in COMMON_NOUNS or (category == "places" and folded in {"west", "east", "north", "south"}):
            return None
        if len(words) > 1 and words[-1] in EVENT_WORDS:
            return name, "events"
        if category == "organisations":
            if len(words) > 1 and words[-1] in DOCUMENT_WORDS:
                return None
            if len(words) > 1 and words[0].rstrip(".") in _PERSON_TITLES_IN_ORG:  # "Mr Ebbers" tagged ORG
                return clean_name(name, "people"), "people"
    return name, category


def _is_job_title(ent: Span) -> bool:
    """ "National Security" in "National Security Minister", or "US National Security Advisor": a role."""
    doc = ent.doc
    if ent[-1].text.casefold() in ROLE_WORDS:
        return True
    following = doc[ent.end] if ent.end < len(doc) else None
    return following is not None and following.is_title and following.text.casefold() in ROLE_WORDS


def mentions(
    doc: Doc, known: dict[str, Category] | None = None, is_place: Callable[[str], bool] = lambda name: False
) -> list[Mention]:
    """Cleaned mentions of the doc's entities. A name in `known` gets its known category; a one-word
    organisation the gazetteer knows is a place ("Ballymena", "Lisburn")."""
    found = []
    ents = list(doc.ents)
    merged_into_previous = set()
    for i, ent in enumerate(ents):
        if i in merged_into_previous:
            continue
        category = LABELS.get(ent.label_)
        if category is None or (category == "organisations" and _is_job_title(ent)):
            continue
        if "\n" in ent.text:  # across a paragraph break ("said on X.\n\nSmotrich said"): not one name
            continue
        text = ent.text
        if category == "organisations" and (extended := _and_tail(ent)):
            text = extended.text  # "Department for Education" + "and Skills"
            merged_into_previous |= {j for j in range(i + 1, len(ents)) if ents[j].start < extended.end}
        following = doc[ent.end] if ent.end < len(doc) else None
        if (
            category in ("organisations", "places")
            and following is not None
            and following.is_title
            and (following.lower_ in EVENT_WORDS)
        ):
            text, category = f"{text} {following.text}", "events"  # "Commonwealth" + "Games"
        name = clean_name(text, category)
        words = name.split(" ")
        if category == "events":
            pass
        elif known and name in known:
            category = known[name]
        elif category == "organisations" and len(words) == 1 and is_place(name):
            category = "places"
        kept = retype(name, category) if name else None
        if kept and kept[0]:
            found.append(Mention(*kept))
    return found


def things(doc: Doc) -> Counter[str]:
    """Casefolded names the model tagged as a product, a work or a law somewhere in the doc."""
    return Counter(clean_name(ent.text, "organisations").casefold() for ent in doc.ents if ent.label_ in THING_LABELS)


def _and_tail(ent: Span) -> Span | None:
    """ "Department for Education and Skills": NER stops at "and"; a name with "for" or "of" inside,
    followed by "and" and one capitalised word that ends the name, goes on to that word."""
    doc = ent.doc
    if not any(t.text in ("for", "of") for t in ent[1:-1]) or ent.end + 1 >= len(doc):
        return None
    conjunction, word = doc[ent.end], doc[ent.end + 1]
    after = doc[ent.end + 2] if ent.end + 2 < len(doc) else None
    if conjunction.text == "and" and word.is_title and not (after is not None and after.is_title):
        return doc[ent.start : ent.end + 2]
    return None


def fold(found: list[Mention], is_place: Callable[[str], bool] = lambda name: False) -> list[Mention]:
    """One name per person in an article. A surname or first name alone becomes the full name used
    elsewhere in the article ("Netanyahu" -> "Benjamin Netanyahu", "Kelly" -> "Kelly Holmes"), also
    when the model tagged it as an organisation ("Trump" as ORG), a group ("Pezeshkian will visit" as
    NORP) or a place that is not a country, state or region ("Isinbayeva", "Campbell"). A one-word
    person without a full name in the article is dropped."""
    surnames = {m.text.casefold() for m in found if m.category == "people" and " " not in m.text}
    found = [
        Mention(m.text, "people")
        if m.category in ("organisations", "places")
        and " " in m.text
        and m.text.split(" ")[-1].casefold() in surnames
        and all(w[:1].isupper() for w in m.text.split(" "))
        and not is_place(m.text)
        else m
        for m in found
    ]  # "Phillips Idowu" tagged ORG where "Idowu" is a person: the full name
    full_names: dict[str, set[str]] = defaultdict(set)
    for m in found:
        words = m.text.split(" ")
        if m.category == "people" and len(words) > 1:
            full_names[words[-1].casefold()].add(m.text)
            full_names[words[0].casefold()].add(m.text)
    folded = []
    for m in found:
        candidates = full_names.get(m.text.casefold(), set()) if " " not in m.text else set()
        foldable = m.category in ("people", "organisations", "groups") or (
            m.category == "places" and not is_place(m.text)
        )
        if len(candidates) == 1 and foldable:
            folded.append(Mention(next(iter(candidates)), "people"))
        elif m.category != "people" or " " in m.text:
            folded.append(m)
        # else: a lone first name or surname with no full name in the article is dropped: measured on
        # hand-labelled BBC articles, four in five are not people at all ("Altria", "Petrobras", "Tate")
    return folded


def headline_mentions(title: str, forms: dict[str, str]) -> Counter[str]:
    """Mentions in the headline of known names (surface form -> canonical key), longest form first,
    case-sensitive so that "US" is not "us"."""
    counts: Counter[str] = Counter()
    if not forms or not title:
        return counts
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)")
    for match in pattern.finditer(title):
        counts[forms[match.group(0)]] += 1
    return counts


def collect(
    docs: list[Doc],
    title: str,
    is_place: Callable[[str], bool] = lambda name: False,
    known: dict[str, Category] | None = None,
    is_region: Callable[[str], bool] = lambda name: False,
) -> list[Entity]:
    """Entities of an article's body and caption docs, with headline mentions counted, most mentioned
    first. `known` gives names a fixed category; `is_place` says whether a name is a country, state or
    city (a one-word "organisation" so named is the place); `is_region` whether it is a country, state
    or region (such a place is never folded into a person)."""
    found = fold([m for doc in docs for m in mentions(doc, known, is_place)], is_region)
    by_name: dict[str, Counter[Category]] = defaultdict(Counter)  # casefolded name -> category votes
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, str] = {}
    for m in found:
        key = name_key(m.text)
        by_name[key][m.category] += 1
        spelling[key][m.text] += 1
        forms.setdefault(m.text, key)
    for m in found:  # surnames of people also match in the headline ("Ben-Gvir Threatens ...")
        words = m.text.split(" ")
        if m.category == "people" and len(words) > 1:
            forms.setdefault(words[-1], name_key(m.text))
    in_headline = headline_mentions(title, forms)
    thing_votes = sum((things(doc) for doc in docs), Counter[str]())
    order = {key: i for i, key in enumerate(by_name)}
    ranked = sorted(by_name, key=lambda key: (-(by_name[key].total() + in_headline[key]), order[key]))
    return [
        # One name, one category: the one the model chose most often.
        Entity(
            name=spelling[key].most_common(1)[0][0],
            category=by_name[key].most_common(1)[0][0],
            mentions=by_name[key].total() + in_headline[key],
        )
        for key in ranked
        # "AutoLink" tagged a product five times and an organisation twice: a product, not a name.
        if thing_votes[key] < by_name[key].most_common(1)[0][1]
    ]


def name_key(name: str) -> str:
    """What makes two mentions the same name: case, and a leading country written either way
    ("US Institute of Peace" and "United States Institute of Peace")."""
    words = name.split(" ")
    alias = ALIASES.get(words[0].casefold().replace(".", "")) if len(words) > 2 else None
    if alias is not None and alias[4] == "country":
        words = [alias[0], *words[1:]]
    return " ".join(words).casefold()


def known_names(countries: list[str]) -> dict[str, Category]:
    """Names whose category is known whatever NER says: countries are places; parties and a few
    organisations the small model mistypes ("Labour" as a group, "Tories" as a person) are organisations."""
    known: dict[str, Category] = dict.fromkeys(countries, "places")
    known.update(dict.fromkeys(ORGANISATIONS, "organisations"))
    return known


def add_rulers(nlp: Language, known: dict[str, Category]) -> None:
    """Known organisations are set before NER, which keeps them ("Liberal Democrats", not the group
    "Liberal" and a stray "Democrats"). Known places are added after NER only where it found nothing:
    "United States" must not cut "United States Institute of Peace" short. NER's exact mistypes of
    known names are corrected in `mentions`."""
    organisations = nlp.add_pipe("entity_ruler", name="known_organisations", before="ner")
    places = nlp.add_pipe("entity_ruler", name="known_places", after="ner")
    for ruler, category, label in ((organisations, "organisations", "ORG"), (places, "places", "GPE")):
        ruler.add_patterns([{"label": label, "pattern": n} for n, c in known.items() if c == category])  # type: ignore[attr-defined]


def counts(entities: list[Entity]) -> dict[str, int]:
    totals: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    for entity in entities:
        totals[entity.category] += entity.mentions
    return totals
