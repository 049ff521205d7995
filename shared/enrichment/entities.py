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
from spacy.tokens import Doc, Span, Token

from shared.contracts import CATEGORIES, Category, Entity
from shared.enrichment.aliases import (
    ALIASES,
    COMMON_NOUNS,
    DESCRIPTORS,
    DOCUMENT_WORDS,
    EVENT_WORDS,
    HONOURS,
    ORGANISATION_WORDS,
    ORGANISATIONS,
    ROLE_WORDS,
    THING_AFTER_WORDS,
    TITLES,
    WORK_WORDS,
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
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ish|ian|an|ese|i)$|^(?:Welsh|French|Dutch|Greek|Thai|Swiss)$")
_MATCH_WORDS = frozenset(
    """play played playing plays match game debut win won friendly qualifier qualifying scored scoring goal
    goals final fixture tie beat""".split()  # noqa: SIM905
)
_SPORTS = frozenset("football rugby cricket hockey basketball netball".split())  # noqa: SIM905
_SIDE_WORDS = frozenset(
    "team side squad kit kits shirt shirts coach manager captain striker goalkeeper midfielder defender".split()  # noqa: SIM905
)
_PRODUCT_WORD = re.compile(r"^i[A-Z][a-z]")  # iPod, iTunes, iPlayer: the products' own naming
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
        if _nationality_before_organisation(ents, i):
            # "The Scottish" + "Green Party": the nationality is part of the name
            ent, category = doc[ent.start : ents[i + 1].end], "organisations"
            text = ent.text
            merged_into_previous.add(i + 1)
        if category == "organisations" and ent.start > 0 and _initials(doc[ent.start - 1]):
            ent = doc[ent.start - 1 : ent.end]  # "RJ" + "Reynolds Tobacco": the model dropped the initials
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
        if ent.label_ == "FAC" and category == "places" and not is_place(name):
            continue  # a stadium, square, prison or building: where something is, not a place on the map
        if category == "events":
            pass
        elif known and name in known:
            category = known[name]
        elif category == "organisations" and len(words) == 1 and is_place(name):
            category = "places"
        if (
            len(words) == 1
            and ent.start > 0
            and doc[ent.start - 1].is_lower
            and (doc[ent.start - 1].text in ORGANISATION_WORDS)
        ):
            category = "organisations"  # "car firm Carfax", "analyst Gartner"
        if category == "places" and _plays_as_team(ent):
            category = "organisations"  # "at home to Cameroon", "England football kits": the side, not the country
        kept = retype(name, category) if name else None
        if kept and kept[0]:
            found.append(Mention(*kept))
    return found


def _initials(token: Token) -> bool:
    return token.is_upper and token.is_alpha and 2 <= len(token) <= 4 and not token.ent_type_


def _plays_as_team(ent: Span) -> bool:
    """A country or town named as a side in a match: "against Belgium" after a word of the game
    ("play", "debut", "match"), "at home to Cameroon", or "England football kits"."""
    doc = ent.doc
    before = [t.lower_ for t in doc[max(0, ent.start - 6) : ent.start]]
    after = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    if before[-3:] == ["at", "home", "to"] or (before[-1:] in (["against"], ["beat"]) and _MATCH_WORDS & set(before)):
        return True
    if after[:1] and after[0] in _SPORTS:
        after = after[1:]
    return bool(after) and after[0] in _SIDE_WORDS


def _nationality_before_organisation(ents: list[Span], i: int) -> bool:
    ent = ents[i]
    following = ents[i + 1] if i + 1 < len(ents) else None
    if following is None or following.start != ent.end or following.label_ != "ORG":
        return False
    words = [t.text for t in ent if t.lower_ != "the"]
    return len(words) == 1 and ent.label_ in ("NORP", "ORG") and bool(_NATIONALITY.match(words[0]))


def things(doc: Doc) -> Counter[str]:
    """Casefolded names the model tagged as a product, a work or a law somewhere in the doc; a name
    introduced as a work or product ("the comedy Sideways") outvotes any other tag."""
    votes: Counter[str] = Counter()
    works = []
    for ent in doc.ents:
        category = LABELS.get(ent.label_, "organisations")  # cleaned as its mentions are
        name = clean_name(ent.text, category).casefold()
        if _introduced_as_work(ent):
            works.append(ent)
            votes[name] += 1000
            votes[clean_name(ent[1:].text, category).casefold()] += 1000
        elif ent.label_ in THING_LABELS:
            votes[name] += 1
        elif _spelt_out_term(ent) or any(_PRODUCT_WORD.match(t.text) for t in ent):
            votes[name] += 1000
        if ent.end < len(doc) and doc[ent.end].is_lower and doc[ent.end].text in THING_AFTER_WORDS:
            votes[name] += 1
    for ent in _listed_with(doc, works):  # "comedy Napoleon Dynamite, The Door in the Floor and Garden State"
        votes[clean_name(ent.text, LABELS.get(ent.label_, "organisations")).casefold()] += 1000
    return votes


def _listed_with(doc: Doc, firsts: list[Span]) -> list[Span]:
    """Names listed after each of `firsts` ("A, B and C"), or going on with its title ("Maria Full" of
    "Grace"): separated only by commas, "and", "or", small words and title-case words, in one sentence.
    A comma alone is not a list: "..., Tote King shows" is the next sentence's subject."""
    ents = list(doc.ents)
    listed: list[Span] = []
    for first in firsts:
        i = next(j for j, e in enumerate(ents) if e.start == first.start)
        chain: list[Span] = []
        for previous, ent in zip(ents[i:], ents[i + 1 :], strict=False):
            between = doc[previous.end : ent.start]
            if not between or not all(
                t.text in (",", "and", "or") or t.is_title or t.lower_ in _CONNECTORS for t in between
            ):
                break
            if any(t.is_sent_start for t in doc[previous.end : ent.end]):
                break
            chain.append(ent)
            if any(t.text in ("and", "or") for t in between) or all(t.text != "," for t in between):
                listed += chain  # the list's last name ("... and C"), or the same title ("Maria Full" of "Grace")
                chain = []
    return listed


def _spelt_out_term(ent: Span) -> bool:
    """ "a personal video recorder (PVR)": an abbreviation of common words is a term, not a name."""
    doc = ent.doc
    if not (ent.text.isupper() and ent.start >= 2 and ent.end < len(doc)):
        return False
    return doc[ent.start - 1].text == "(" and doc[ent.end].text == ")" and doc[ent.start - 2].is_lower


def _introduced_as_work(ent: Span) -> bool:
    """ "the comedy Sideways", "games such as Populous", or "Comedy Meet The Fockers" as tagged."""
    doc = ent.doc
    before = list(doc[max(0, ent.start - 3) : ent.start])
    if before and before[-1].is_lower and before[-1].text in WORK_WORDS:
        return True
    if len(before) == 3 and [t.text for t in before[1:]] == ["such", "as"] and before[0].lower_ in WORK_WORDS:
        return True  # "games such as Populous"
    return len(ent) > 1 and ent[0].lower_ in WORK_WORDS and ent[0].is_title


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
