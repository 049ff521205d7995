"""One name per entity in an article: surnames folded into full names, abbreviations into the
names they spell, sides of a report, headline mentions counted, one category per name."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc

from shared.contracts import Category, Entity
from shared.enrichment.entities.mentions import mentions
from shared.enrichment.entities.names import CORPORATE_SUFFIXES, Mention, ends_in_legal_form, name_key
from shared.enrichment.entities.sport import about_team_games, fixture_teams, sides_of_a_report
from shared.enrichment.entities.works import thing_votes

_INITIAL_AND_SURNAME = re.compile(r"([A-Z])\.? ([A-Z][\w'\u2019-]+)")


def fold_names(found: list[Mention], is_place: Callable[[str], bool] = lambda name: False) -> list[Mention]:
    """One name per person in an article. A surname or first name alone becomes the full name used
    elsewhere in the article ("Netanyahu" -> "Benjamin Netanyahu", "Kelly" -> "Kelly Holmes"), also
    when the model tagged it as an organisation ("Trump" as ORG), a group ("Pezeshkian will visit" as
    NORP) or a place that is not a country, state or region ("Isinbayeva", "Campbell"); an initial
    and a surname ("M Tait") becomes the full name with that initial. A one-word person without a full
    name in the article is dropped. Abbreviations of organisations fold too (`_fold_abbreviations`)."""
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
        if m.category == "people" and (initial := _INITIAL_AND_SURNAME.fullmatch(m.text)):
            # "M Tait" in a line-up is the "Mathew Tait" of the report
            letter, surname = initial.groups()
            candidates = {n for n in full_names.get(surname.casefold(), set()) if n.startswith(letter) and n != m.text}
        foldable = m.category in ("people", "organisations", "groups") or (
            m.category == "places" and not is_place(m.text)
        )
        if len(candidates) == 1 and foldable:
            folded.append(Mention(next(iter(candidates)), "people"))
        elif m.category != "people" or " " in m.text or m.listed:
            folded.append(m)
        # else: a lone first name or surname with no full name in the article is dropped: measured on
        # hand-labelled BBC articles, four in five are not people at all ("Altria", "Petrobras", "Tate")
    return _fold_short_company_names(_fold_abbreviations(folded))


def _fold_short_company_names(found: list[Mention]) -> list[Mention]:
    """A company's name without its legal form is that company ("Di Giorgio said" after "Di Giorgio
    Corp"), whatever the model tagged it."""
    companies: dict[str, set[str]] = defaultdict(set)
    for m in found:
        if m.category == "organisations" and ends_in_legal_form(m.text):
            words = m.text.split(" ")
            while len(words) > 1 and words[-1].rstrip(".") in CORPORATE_SUFFIXES:
                words = words[:-1]
            companies[" ".join(words)].add(m.text)
    return [
        Mention(next(iter(companies[m.text])), "organisations") if len(companies.get(m.text, ())) == 1 else m
        for m in found
    ]


def _fold_abbreviations(found: list[Mention]) -> list[Mention]:
    """One name per organisation: an abbreviation ("IDF", "OECD") becomes the one organisation of the
    article whose capitalised words it spells ("Israel Defense Forces", "Organisation for Economic
    Co-operation and Development"). Not a last word alone: tried on the BBC corpus, it made "Wales" the
    "Radio Wales" and "Fox" the "TV Fox" of the same articles."""
    spelt: dict[str, set[str]] = defaultdict(set)
    for m in found:
        if m.category == "organisations" and " " in m.text:
            spelt["".join(w[0] for w in re.split(r"[\s-]+", m.text) if w[:1].isupper())].add(m.text)
    return [
        replace(m, text=next(iter(spelt[m.text])))
        if m.category == "organisations" and m.text.isupper() and len(spelt.get(m.text, ())) == 1
        else m
        for m in found
    ]


def headline_mentions(title: str, forms: dict[str, str]) -> Counter[str]:
    """Mentions in the headline of known names (surface form -> canonical key), longest form first,
    case-sensitive so that "US" is not "us"; a headline in capitals ("AMOCO <AN> UNIT EXPANDS") is
    read in any case."""
    counts: Counter[str] = Counter()
    if not forms or not title:
        return counts
    capitals = not any(c.islower() for c in title)
    lookup = {form.casefold(): key for form, key in forms.items()} if capitals else forms
    ordered = sorted(lookup, key=len, reverse=True)
    flags = re.IGNORECASE if capitals else 0
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)", flags)
    for match in pattern.finditer(title):
        counts[lookup[match.group(0).casefold() if capitals else match.group(0)]] += 1
    return counts


def article_entities(
    docs: list[Doc],
    title: str,
    is_place: Callable[[str], bool] = lambda name: False,
    known: dict[str, Category] | None = None,
    is_region: Callable[[str], bool] = lambda name: False,
) -> list[Entity]:
    """Entities of an article's body and caption docs, with headline mentions counted, most mentioned
    first; a headline adds no name of its own but the sides of a fixture or score ("Leeds v Saracens").
    `known` gives names a fixed category; `is_place` says whether a name is a country, state or city (a
    one-word "organisation" so named is the place); `is_region` whether it is a country, state or region
    (such a place is never folded into a person)."""
    found = [m for doc in docs for m in mentions(doc, known, is_place)]
    report = any(m.report for m in found)
    found = fold_names(found, is_region)
    found = [m for m in found if not m.facility]  # "Luciano Orquera" tagged a facility folded into the person
    # A name that is a side in a fixture, in the body or the headline, is that team in all the article:
    # "Chelsea host Birmingham" and "Birmingham manager Steve Bruce" after "Chelsea v Birmingham".
    headline_teams = [team for _, _, sides, _ in fixture_teams(title) for team in sides]
    teams = {name_key(m.text) for m in found if m.team} | {name_key(team) for team in headline_teams}
    found = [Mention(m.text, "organisations") if name_key(m.text) in teams else m for m in found]
    # A match report: a fixture, a score or a line-up. (Two sides seen playing, "against Italy", are not
    # enough: "England football kits" in a business story of Umbro's deals with Ireland and Sweden.)
    if report or headline_teams or any(map(about_team_games, docs)):
        found = sides_of_a_report(found, is_place, is_region, known or {})
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
    for team in headline_teams:  # "Bristol City 2-1 Milton Keynes": the sides, though the body says "City"
        if (key := name_key(team)) not in by_name:
            by_name[key]["organisations"] += 1
            spelling[key][team] += 1
    votes_as_things = sum((thing_votes(doc) for doc in docs), Counter[str]())
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
        if votes_as_things[key] < by_name[key].most_common(1)[0][1]
    ]
