"""Named entities of one article: spaCy's mentions, cleaned, folded and counted.

The headline is not run through NER: in title case the model tags "Pezeshkian Will" or "Quit Netanyahu
Cabinet" as people. Entities come from the body and caption; headline mentions of them are counted by
matching their names, so a headline adds weight but never a new (junk) entity, except the two sides
of a fixture or score line ("Bristol City 2-1 Milton Keynes").
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from shared.contracts import CATEGORIES, Category, Entity
from shared.enrichment.aliases import (
    ALIASES,
    AWARDS,
    COMMON_NOUNS,
    COMPETITIONS,
    DESCRIPTORS,
    DOCUMENT_WORDS,
    EVENT_WORDS,
    HONOURS,
    MEDAL_WORDS,
    OCCUPATIONS,
    ORGANISATION_WORDS,
    ORGANISATIONS,
    PERSON_WORDS,
    PRODUCTS,
    QUALIFICATIONS,
    RELIGIONS,
    ROLE_WORDS,
    TECH_TERMS,
    THING_AFTER_WORDS,
    TITLES,
    TRADE_SHOWS,
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
_SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
_NOT_NAMES = HONOURS | QUALIFICATIONS | TECH_TERMS | {p.casefold() for p in PRODUCTS}
_CODE = re.compile(r"^[A-Z][a-z]{1,3}-?\d[\w-]*$|/")  # rating codes ("Baa-3", "Aa1"), "Aug/Sept"; not "G8"
_YEAR = re.compile(r"(?:19|20)\d\d")
_MODEL_NUMBER = re.compile(r"[a-z]{0,2}\d{3,}|[a-z]{1,2}\d{2,}[a-z]?")  # casefolded: "6600", "p800", "a380", "n95"
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ish|ian|an|ese|i)$|^(?:Welsh|French|Dutch|Greek|Thai|Swiss)$")
_MATCH_WORDS = frozenset(
    """play played playing plays match game debut win won friendly qualifier qualifying scored scoring goal
    goals final fixture tie beat""".split()  # noqa: SIM905
)
_TEAM_SPORT_WORDS = frozenset(
    """skipper coach coaches squad squads captain captained caps striker strikers midfielder midfielders defender
    defenders goalkeeper goalkeepers fly-half scrum-half flanker winger wingers full-back hooker lock forwards
    referee half-time kick-off match matches fixture fixtures semi-final quarter-final semi-finals quarter-finals
    equaliser scrum lineout line-out sin-bin unbeaten wooden-spoon relegation promoted relegated""".split()  # noqa: SIM905
)
"""Words of team games. Three of them make a story of national sides: counted on the BBC corpus's raw
text, 208 of its 511 sport articles, 3 of its 1,714 others (all three about football)."""
_TEAM_COMPETITIONS = re.compile(r"\b(?:Six|Tri) Nations\b|\bPremiership\b|\bHeineken Cup\b|\bChampions League\b")
_SPORTS = frozenset("football rugby cricket hockey basketball netball".split())  # noqa: SIM905
_SIDE_WORDS = frozenset(
    "team side squad kit kits shirt shirts coach manager boss captain striker goalkeeper midfielder defender".split()  # noqa: SIM905
)
_PRODUCT_WORD = re.compile(
    r"^i(?:Pod|Tunes|Mac|Phone|Pad|Book|Player|Life|Cloud|Movie|Photo|Sight)"
)  # not "iRiver", a firm
_APPOSITION_ROLES = (ROLE_WORDS - {"leader", "chief"}) | frozenset(
    "economist executive founder manager coach captain editor professor analyst".split()  # noqa: SIM905
)  # not "leader" after a name: "Goldman Sachs, the market leader"
_INSTITUTIONS = frozenset("court commission council committee tribunal agency institute".split())  # noqa: SIM905
_ORGANISATION_HEADS = frozenset(
    """group radio tv television news media bank airways airlines motors music records pictures films studios
    united city rovers athletic capital partners holdings foundation trust institute university college
    council party club association society press times post mail""".split()  # noqa: SIM905
)
"""Words that make a two-word name an organisation's ("Rank Group", "Radio Angola"), even beside a person."""
_CLUB_WORDS = frozenset("United Utd Athletic Albion Rovers Wanderers Hotspur Argyle Rangers Wednesday".split())  # noqa: SIM905
_TOWN_CLUB_WORDS = frozenset("City Town County Forest".split())  # noqa: SIM905
"""Last words of football clubs' names: any name ending so, or a town's name and one of the second set."""
_TRADES = frozenset("actor actress singer rapper comedian presenter novelist artist painter composer".split())  # noqa: SIM905
"""Lower-case words before a person's one name ("rapper Eminem"); not "author" nor "writer" ("report author
Deloitte"), nor a sport's, whose one-word names are mostly surnames folded into the full name."""
_EPONYMOUS = frozenset("administration government inquiry review reforms report proposals plan era".split())  # noqa: SIM905
"""Lower-case words after one name that make it a person's ("the Clinton administration", "the Gershon
report"): in the BBC corpus, 30 of the 32 one-word people the model tags before them are people."""
_PEERAGES = frozenset("Lord Lady Baroness Baron Viscount Earl".split())  # noqa: SIM905
_LOCATIVES = frozenset("in at from across throughout around near".split())  # noqa: SIM905
_JOURNEYS = frozenset("tour tours trip travel travels travelled travelling flew went came moved returned".split())  # noqa: SIM905
"""Words before "to" that make what follows a destination ("the 1997 Lions tour to South Africa"), not a
side ("lost to France")."""
_HOME_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})
"""Parts of the United Kingdom that field national sides of their own."""
_CAST_WORDS = frozenset("star stars actor actress".split())  # noqa: SIM905
"""Words between a work and a person ("Brookside actress Sue Jenkins"); not "director" nor "presenter", said of
firms and stations too ("Radio One presenter Zoe Ball")."""
_TITLE_SMALL_WORDS = frozenset("Of And The For With On In To At From An".split())  # noqa: SIM905
_BODY_WORDS = (_INSTITUTIONS - {"court", "tribunal"}) | frozenset(
    "federation association authority board league".split()  # noqa: SIM905
)
"""Last words of a body's name ("Greek Federation"; not "Earls Court", "Soviet Union"): no place, whatever
NER said."""
_BUILDINGS = frozenset("cathedral arena stadium square prison".split())  # noqa: SIM905
_PLACE_NOUNS = frozenset("regions region countries cities towns states provinces areas places".split())  # noqa: SIM905
_THING_NOUNS = frozenset(
    "technology conference device chip system service tool format festival event award software game film".split()  # noqa: SIM905
)
_OPEN_PLACES = frozenset("airport bay island islands valley park".split())  # noqa: SIM905
"""Last words of names the model tags as facilities that are places on a map all the same."""
_ROLES_BEFORE_A_NAME = _APPOSITION_ROLES | {"leader"}  # "Holyrood leader, Nicola Sturgeon,"
_TITLE_WORDS = TITLES | frozenset("lord lady duke duchess earl countess baron baroness marquess viscount mayor".split())  # noqa: SIM905
"""Words before "of" that make a title of the place after it ("Archbishop of Canterbury")."""
_PERSON_TITLES_IN_ORG = frozenset({"mr", "mrs", "ms", "miss", "dr"})
_CAST_CUES = frozenset("starred starring appeared appearing roles performances".split())  # noqa: SIM905
"""Words before "in" and a work's title ("starred in Ray"); "appeared in" is said of places too."""
_PRAISE_WORDS = frozenset("starring stars won wins named".split())  # noqa: SIM905
_CUE_WORDS = _PRAISE_WORDS | {"in", "for", "acclaimed", "including", "of"}
"""Every word at which `_work_titles` looks for a title."""
_SCREEN_WORDS = frozenset("film stage screen movie tv television musical".split())  # noqa: SIM905
_PERFORMERS = frozenset("actor actress actors actresses director directors performer singer newcomer".split())  # noqa: SIM905
_TITLE_JOINERS = frozenset("of the a an and for with to".split())  # noqa: SIM905
"""Small words inside titles in lower case ("Lord of the Rings"); not "in", "at", "from": "Chicago in London"."""
_SENTENCE_OPENERS = frozenset("but and yet so then now meanwhile however while when if as it this there also".split())  # noqa: SIM905
"""Words that open sentences, not titles ("But Sideways won"); no part-of-speech tags: the enricher runs
without the tagger by default."""
_WORK_NOUNS = WORK_WORDS | THING_AFTER_WORDS | frozenset("title show mini channel station".split())  # noqa: SIM905
"""Nouns after a name that make it a modifier, not the title: "appeared in BBC series Ballykissangel"."""
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})
_NAME_PARTICLES = frozenset("de da di del della dos du van von der den le la al el bin ibn ben".split())  # noqa: SIM905
"""Lower-case words that may begin a name ("de Villepin", "van Gogh"); any other does not."""


@dataclass(slots=True)
class Mention:
    text: str
    category: Category
    facility: bool = False  # tagged as a building or stadium: dropped unless it folds into a person
    listed: bool = False  # a player in a line-up or "rapper Eminem": a person, even by one name alone
    team: bool = False  # a side in a fixture ("Derby v Watford") or a match: that name is a team in the whole article
    located: bool = False  # after "in", "at", "from"...: where something is ("tour matches in Ireland")
    report: bool = False  # from a line-up or a fixture line: the article is a match report


def clean_name(text: str, category: Category) -> str:
    """Whitespace collapsed, possessive and edge punctuation stripped, lower-case words at either end,
    titles and a leading "the" dropped."""
    name = _POSSESSIVE.sub("", re.sub(r"\s+", " ", text).strip())
    name = re.split(r"\s[-\u2013\u2014]\s", name)[0]  # "Bill Cosby - moved", "The Chorus - has": a dash ends a name
    if category == "people":  # a full stop ends a sentence
        name = re.sub(r"(\w{3,})\.$", r"\1", name)
    if category == "organisations":  # "BBC Films' Dirty War": the owner is the organisation
        name = re.split(r"['\u2019]s?\s", name)[0]
        # "Court of Arbitration for Sport (CAS", "Football Licensing Authority, Investors": cut short or
        # run on by the model; a name holds no comma and no unclosed bracket
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
        while len(words) > 1 and (words[-1].islower() or words[-1] in _CONNECTORS):
            words = words[:-1]
    else:  # "Jenny Meadows third": nor does a person's or a place's name end in a lower-case word
        # (but for "and", "of"...: "The St Kitts and" is a name cut short, which retype drops)
        while len(words) > 1 and words[-1].islower() and words[-1] not in _CONNECTORS:
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
    if len(words) > 1 and _MODEL_NUMBER.fullmatch(words[-1]) and not _YEAR.fullmatch(words[-1]):
        return None  # "Nokia 6600", "SonyEricsson P800", "Airbus A380": a product; not "G8", "Euro 2004"
    if category == "people":
        if not any(c.islower() for c in name):  # "GB", "JURI": abbreviations, not people
            return None
        if len(words) > 1 and words[-1] in _CONNECTORS:  # "The St Kitts and": a name cut short
            return None
        if len(words) > 1 and words[0] == "the":  # "The Black Eyed Peas": no person's name begins so
            return name.split(" ", 1)[1], "organisations"
        return name, category
    if category in ("organisations", "places"):
        if folded in COMMON_NOUNS or (category == "places" and folded in {"west", "east", "north", "south"}):
            return None
        if folded in _SEASONS:  # "as Spring comes near": Spring, Texas is a city too
            return None
        if _YEAR.fullmatch(words[-1]) and len(words) > 1:  # "Guardian First Book Award 2004"
            words = words[:-1]
        if words[-1] in EVENT_WORDS:  # "European Indoor Championships", "an upcoming Olympiad"
            return name, "events"
        if category == "organisations":
            if folded in TITLES or (len(words) > 1 and words[-1] in _BUILDINGS):
                return None  # "the Cardinal said"; "Westminster Cathedral", "National Indoor Arena": buildings
            if len(words) > 1 and words[-1] in DOCUMENT_WORDS:
                return None
            if any(w in DOCUMENT_WORDS and nxt in ("on", "of") for w, nxt in pairwise(words)):
                return None  # "European Convention on Human Rights", "Treaty of Rome": laws
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
    organisation the gazetteer knows is a place where it describes something ("The Ballymena man",
    "Lisburn's"), and stays an organisation elsewhere ("joined Tottenham", "a deal with Chelsea")."""
    found = []
    doc_text = doc.text  # built from the tokens at each call: once
    lineups = lineup_players(doc_text, is_place)
    fixtures = fixture_teams(doc_text)
    spans = [(start, end) for start, end, *_ in lineups + fixtures]
    ents = [e for e in doc.ents if not any(start <= e.end_char and e.start_char < end for start, end in spans)]
    found += [Mention(name, "people", listed=True, report=True) for _, _, players, _ in lineups for name in players]
    teams = [name for _, _, teams, _ in fixtures for name in teams] + [team for *_, team in lineups if team]
    found += [Mention(name, "organisations", team=True, report=True) for name in teams]
    merged_into_previous = set()
    for i, ent in enumerate(ents):
        if i in merged_into_previous:
            continue
        category = LABELS.get(ent.label_)
        if category is None or (category == "organisations" and _is_job_title(ent)):
            continue
        if "\n" in ent.text:  # across a paragraph break ("said on X.\n\nSmotrich said"): not one name
            continue
        if _unit(ent):
            continue  # "a 30GB version": gigabytes, not Great Britain
        text = ent.text
        if _nationality_before_organisation(ents, i):
            # "The Scottish" + "Green Party": the nationality is part of the name
            ent, category = doc[ent.start : ents[i + 1].end], "organisations"
            text = ent.text
            merged_into_previous.add(i + 1)
        if category == "organisations" and ent.start > 0 and _initials(doc[ent.start - 1]):
            ent = doc[ent.start - 1 : ent.end]  # "RJ" + "Reynolds Tobacco": the model dropped the initials
            text = ent.text
        if category == "organisations" and (extended := _and_tail(ent) or _for_tail(ent, ents[i + 1 : i + 2])):
            text = extended.text  # "Department for Education" + "and Skills"
            merged_into_previous |= {j for j in range(i + 1, len(ents)) if ents[j].start < extended.end}
        if category == "organisations" and (extended := _ampersand_head(ent)):
            ent, text = extended, extended.text  # "Pew Internet &" + "American Life Project"
        if category == "people" and (peer := _peer(ent)):
            ent, text = peer, peer.text  # "Lord" + "Carlile": a peer is known by the title
            merged_into_previous |= {j for j in range(i + 1, len(ents)) if ents[j].start < peer.end}
        if category == "organisations" and (person := _titled_person(ent)):
            ent, text, category = person, person.text, "people"  # "Cardinal Cormac" + "Murphy-O'Connor"
        if category == "organisations" and (channel := _numbered_channel(ent)):
            ent, text = channel, channel.text  # "BBC" + "One"
        if category == "places" and _in_a_title(ent):
            continue  # "Archbishop of Canterbury": part of a title, not a mention of the city
        if _before_a_bill(ent) or _after_a_document_word(ent):
            continue  # "Health Service (Miscellaneous Provisions) Bill", "Directive on the Patentability of...": laws
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
        # A stadium, square, prison or building: where something is, not a place on the map.
        facility = ent.label_ == "FAC" and not (
            is_place(name) or name.casefold() in ALIASES or words[-1].casefold() in _OPEN_PLACES
        )
        if category == "events":
            pass
        elif known and name in known:
            category = known[name]
        elif category == "organisations" and len(words) == 1 and is_place(name) and _describes(ent):
            category = "places"  # "The Ballymena man", "Newport-based", "Surrey's": the town; not "joined Tottenham"
        before = doc[ent.start - 1] if ent.start > 0 else None
        if (
            before is not None
            and before.is_lower
            and (before.text in ORGANISATION_WORDS or (len(words) == 1 and before.text in PERSON_WORDS))
        ):
            category = "organisations"  # "car firm Carfax", "analyst Gartner", "his club AS Roma"
        # "rapper Eminem", "singer Anastacia": a person known by one name, kept though no full name follows
        named_by_trade = len(words) == 1 and before is not None and before.is_lower and before.text in _TRADES
        named_by_trade = named_by_trade and not (known and name in known) and not is_place(name)
        if named_by_trade:
            category = "people"
        after = [t.lower_ for t in doc[ent.end : ent.end + 3]]
        country = known is not None and known.get(name) == "places"
        if category in ("organisations", "places") and not country and not name.isupper() and after:
            distance = after[0].isdigit() and after[1:2] in (["m"], ["km"], ["metres"])
            if after[0] in MEDAL_WORDS or distance:
                category = "events"  # "a Commonwealth silver medal", "Commonwealth 100m champion"; not "AAA title"
        two_words_or_more = len(words) > 1 and category in ("organisations", "places") and not is_place(name)
        two_words_or_more = two_words_or_more and not _ORGANISATION_HEADS & {w.casefold() for w in words}
        if two_words_or_more and (after[:2] == [",", "who"] or _in_apposition_to_a_role(ent)):
            category = "people"  # "Agnes Samaria, who came second": organisations are "which"
        if category == "organisations" and _listed_as_place(ent):
            category = "places"  # "regions such as Burgundy"
        if category in ("organisations", "places") and (_paired_with_a_person(ent) or _author_of_a_work(ent)):
            category = "people"  # "Richard McCourt and Dominic Wood"; "Bizet's tragic opera"
        team = category == "places" and _plays_as_team(ent)
        if team:
            category = "organisations"  # "at home to Cameroon", "England football kits": the side, not the country
        if category == "places" and len(words) > 1 and words[-1].casefold() in _BODY_WORDS and not is_place(name):
            category = "organisations"  # "United States Anti-Doping Agency", "Greek Federation" tagged GPE
        if category in ("people", "places") and _club_name(words, is_place):
            category = "organisations"  # "Manchester United", "Exeter City": a club, not a person or the city
        kept = retype(name, category) if name else None
        if kept and kept[0]:
            eponym = len(words) == 1 and bool(after) and after[0] in _EPONYMOUS and doc[ent.end].is_lower
            listed = (named_by_trade or eponym) and kept[1] == "people"
            located = before is not None and (before.lower_ in _LOCATIVES or _destination(ent))
            found.append(
                Mention(*kept, facility=facility and kept[1] == "places", listed=listed, team=team, located=located)
            )
    return found


_PARTICLE = r"(?:de|da|di|dos|van|von|le|la)(?: der| den)? "  # "van der Walt"
_PLAYER = rf"(?:{_PARTICLE})?[A-Z][\w'\u2019.-]*(?: (?:{_PARTICLE})?[A-Z][\w'\u2019.-]*){{0,2}}"
_LINEUP_ITEM = re.compile(
    rf"(?P<name>{_PLAYER})(?: \((?P<sub>{_PLAYER}) \d+\)| \([^()\d]{{1,40}}\))?(?P<minutes>(?: \d+(?: og| pen)?)*)"
)
_LINEUP_LIST = re.compile(
    r"(?:^(?:: )?|(?<=[.!?\"\u201d] ))(?:(?P<label>[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,3}): )?"
    r"(?P<list>[^:\n]+?)(?:\.(?=\s|$)|$)",
    re.MULTILINE,
)
_ITEM_SEPARATOR = re.compile(r"[,;] ?(?![^()]*\))")  # rugby: "Walder; May, Tait"; not in "(Sale Sharks, capt)"
_BENCH = re.compile(r" (?:Subs|Substitutes|Replacements)\b")
_INITIAL_AND_SURNAME = re.compile(r"([A-Z])\.? ([A-Z][\w'\u2019-]+)")
_BRACKETED = re.compile(r"\([^()]*\)")
_INITIAL = re.compile(r"[A-Z]\.? ")
_LINEUP_LABELS = frozenset(
    "subs substitutes replacements booked goals scorers sent off dismissed".split()  # noqa: SIM905
)


def lineup_players(
    text: str, is_place: Callable[[str], bool] = lambda name: False
) -> list[tuple[int, int, list[str], str]]:
    """Team line-ups in a match report: (start, end, players, team) for each list of four names or
    more, alone on its line or after "Everton:" at a sentence start, or of two or more after "Subs
    Not Used:" ("Everton: Martyn, Hibbert, Yobo, ..."; "Traore (Biscan 67), Luis Garcia"; "Goals:
    Bowyer 35, Dyer 69"). Players are named by surname there, so the names are people whether or
    not the article gives a full name. The team is the label before the list ("Everton"), or ""
    (none, or "Subs", "Booked").

    A list without a label must fill its line (or go on with "Subs Not Used:", or follow a ": "
    whose label was lost), and one without a line-up label ("Subs", "Booked") is none if most names
    are or hold a place ("London, Paris, Rome, Berlin"; "Barcelona, Bayern Munich, PSV Eindhoven,
    Real Madrid"). A rugby line-up groups the positions with semicolons ("Walder; May, Tait,
    Mayerhofler, Stephenson; Wilkinson, Grindal; ..."), which no list of places or clubs does: such
    a list of ten names or more needs only to begin its line, and is players whatever towns their
    surnames name. Measured on the BBC corpus: 173 lists, all in sport. 25 of the 115 found before
    the rugby, bench and lost-label forms, drawn at random, and the 19 the bench and lost-label forms
    added were read: all players."""
    found = []
    for match in _LINEUP_LIST.finditer(text):
        label = (match.group("label") or "").casefold()
        line_start = text[match.start() - 1 : match.start()] in ("", "\n")  # or ": ", a label lost
        rugby = "; " in match.group("list")
        rest = text[match.end() :]
        # "Kiely, Hreidarsson, ..., Bartlett. Subs Not Used: Fish, Jeffers": the line goes on with the bench
        whole_line = line_start and (rugby or rest[:1] in ("", "\n") or bool(_BENCH.match(rest)))
        if not label and not whole_line:
            continue
        # "A Jones; (Neath-Swansea), B Cockbain": a club in brackets astray is no player
        items = [i for i in _ITEM_SEPARATOR.split(match.group("list")) if not _BRACKETED.fullmatch(i)]
        bench = bool(_LINEUP_LABELS & set(label.split()))  # "Subs", "Booked": players, but of no one team
        if len(items) < (2 if bench else 10 if rugby else 4):  # a rugby side is 15
            continue
        labelled = bench or rugby
        matches = [_LINEUP_ITEM.fullmatch(item) for item in items]
        if not all(matches):
            continue
        if all(m.group("minutes") for m in matches if m) and not labelled:
            continue  # "Arsenal 2, Chelsea 1, ...": results, not scorers
        players = [name for m in matches if m for name in (m.group("name"), m.group("sub")) if name]
        # "D Garland": an initial and a surname is a person's name, whatever town has the surname
        placed = sum(any(map(is_place, name.split(" "))) for name in players if not _INITIAL.match(name))
        if not labelled and placed * 2 > len(players):
            continue  # "Barcelona, Bayern Munich, PSV Eindhoven, Real Madrid": clubs in a draw
        team = "" if bench else match.group("label") or ""
        found.append((match.start("list"), match.end("list"), players, team))
    return found


_TEAM = r"[A-Z][\w'\u2019.&-]*(?: (?:of |de )?[A-Z][\w'\u2019.&-]*){0,3}"
_SIDES = rf"{_TEAM}(?:(?: or |/){_TEAM})*"
_FIXTURE = rf"{_SIDES} (?:v|vs|\d+-\d+) {_SIDES}"
_FIXTURE_LINE = re.compile(rf"^{_FIXTURE}(?:; {_FIXTURE})*\.?(?: \([^()]*\))?$", re.MULTILINE)
_SIDE_SEPARATOR = re.compile(r" (?:v|vs|\d+-\d+|or) |/|; ")


def fixture_teams(text: str) -> list[tuple[int, int, list[str], str]]:
    """Teams in fixture or result lines: (start, end, teams, "") for each line that is only "Derby v
    Watford or Fulham", "France v Israel; Switzerland v Faroe Islands." or, in a headline,
    "Newcastle 27-27 Gloucester". Either side of the "v" is a club or a national side, whatever town
    or country it is named after."""
    found = []
    for match in _FIXTURE_LINE.finditer(text):
        line = re.sub(r"\.?(?: \([^()]*\))?$", "", match.group(0))  # "(Fri)", the closing full stop
        found.append((match.start(), match.end(), _SIDE_SEPARATOR.split(line), ""))
    return found


def _unit(ent: Span) -> bool:
    """ "30GB", "2GHz": capitals written onto a number are a unit."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.like_num and not before.whitespace_ and ent[0].is_upper


def _describes(ent: Span) -> bool:
    """ "The Ballymena man", "the Edinburgh MSP", "Newport-based", "Surrey's Lionhead Studios": a name
    used to describe something else, as a town's often is and a firm's or a club's seldom."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return before == "the" or after in ("-", "'s", "\u2019s")


def _club_name(words: list[str], is_place: Callable[[str], bool]) -> bool:
    """ "Charlton Athletic", "Sheffield United", or a town and "City" that is not a city's own name
    ("Exeter City", not "Mexico City")."""
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if words[-1] in _CLUB_WORDS:
        return True
    town = " ".join(words[:-1])
    return words[-1] in _TOWN_CLUB_WORDS and is_place(town) and not is_place(" ".join(words))


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
    return len(words) == 1 and bool(_NATIONALITY.match(words[0]))  # however tagged: "The Scottish" as a work


def things(doc: Doc) -> Counter[str]:
    """Casefolded names the model tagged as a product, a work or a law somewhere in the doc; a name
    introduced as a work or product ("the comedy Sideways") outvotes any other tag."""
    votes: Counter[str] = Counter()
    ents = list(doc.ents)
    works = []  # indices in ents
    for i, ent in enumerate(ents):
        category = LABELS.get(ent.label_, "organisations")  # cleaned as its mentions are
        cleaned = clean_name(ent.text, category)
        name = cleaned.casefold()
        if _introduced_as_work(ent):
            works.append(i)
            votes[name] += 1000
            if len(ent) > 1:  # "Comedy Meet The Fockers" is also "Meet The Fockers"
                votes[clean_name(ent[1:].text, category).casefold()] += 1000
        elif ent.label_ in THING_LABELS:
            votes[name] += 1
        elif (
            _spelt_out_term(ent)
            or _expanded_term(ent)
            or any(_PRODUCT_WORD.match(t.text) for t in ent)
            or _named_thing(ent)
            or _title_cased_title(cleaned)
        ):
            votes[name] += 1000
        followed_by_thing = ent.end < len(doc) and doc[ent.end].is_lower and doc[ent.end].text in THING_AFTER_WORDS
        if followed_by_thing and ent.label_ != "PERSON" and not ent[0].text.isupper():
            votes[name] += 1  # not "the Jonathan Dimbleby programme" nor "the BBC World Service programme"
    for title in _work_titles(doc):
        # "Eternal Sunshine of the Spotless Mind" is tagged "Eternal Sunshine" where the model cuts it
        head = next((t.i for t in title if t.is_lower), title.end)
        for name in {title.text, doc[title.start : head].text}:
            votes[clean_name(name, "organisations").casefold()] += 1000
        for ent in ents:  # "Meet The Fockers" tagged "Fockers"
            if ent.label_ == "ORG" and title.start < ent.start and ent.end == title.end:
                votes[clean_name(ent.text, "organisations").casefold()] += 1000
    for ent in _listed_with(ents, works):  # "comedy Napoleon Dynamite, The Door in the Floor and Garden State"
        votes[clean_name(ent.text, LABELS.get(ent.label_, "organisations")).casefold()] += 1000
    return votes


def _work_titles(doc: Doc) -> list[Span]:
    """Titles of works named by what is said of them, tagged or not: "starred in Meet The Fockers",
    "nominated for Ray", "the critically acclaimed Hotel Rwanda", "films including The Aviator", "the
    stage version of Billy Elliot"; "Sideways, which stars", "Million Dollar Baby won best film"."""
    titles: list[Span] = []
    for token in doc[1:]:
        word = token.lower_
        if word not in _CUE_WORDS:  # most tokens: no lookups, no calls
            continue
        previous = doc[token.i - 1].lower_
        title: Span | None = None
        cast = word == "in" and previous in _CAST_CUES
        if (
            (cast and not _about_team_games(doc))  # "starred in Chelsea's win": a side, not a film
            or (word == "for" and previous == "nominated")
            or word == "acclaimed"
            or (word == "including" and previous in WORK_WORDS)
            or (word == "of" and previous == "version" and token.i >= 2 and doc[token.i - 2].lower_ in _SCREEN_WORDS)
        ):
            title = _title_after(doc, token.i + 1)
        elif _praised_as_work(doc, token.i):
            title = _title_before(doc, token.i)
            people = {e.text for e in doc.ents if e.label_ == "PERSON"}
            if title is not None and title.text in people:  # "Dave Stewart won the best original song award"
                title = None
        if title is not None and not _where_or_an_award(title, cast):
            titles.append(title)
    return titles


def _praised_as_work(doc: Doc, i: int) -> bool:
    """At token i: ", which stars", "also stars", "starring" (not "starring in" nor "as"), or "won best
    film", "was named best musical" (not "won best actress")."""
    word = doc[i].lower_
    if word not in _PRAISE_WORDS:
        return False
    following = [t.lower_ for t in doc[i + 1 : i + 5]]
    if word == "starring":
        return following[:1] not in (["in"], ["as"])
    if word == "stars":
        return i >= 2 and (doc[i - 1].lower_ == "also" or [t.lower_ for t in doc[i - 2 : i]] == [",", "which"])
    if word not in ("won", "wins", "named") or "best" not in following:
        return False
    return any(w in WORK_WORDS for w in following) and not any(w in _PERFORMERS for w in following)


def _title_after(doc: Doc, i: int) -> Span | None:
    """The title-case run from token i ("The Aviator", "Pride and Prejudice"), its owner cut off ("Martin
    Scorsese's The Aviator"); none where the run is an owner or a modifier ("Dan Brown's novel", "BBC
    series Ballykissangel")."""
    start = end = j = i
    while j < len(doc) and not (j > i and _sentence_initial(doc[j])):
        token = doc[j]
        if _POSSESSIVE.fullmatch(token.lower_):  # the owner's name ends; "Dan Brown's novel" leaves no title
            start = end = j + 1
        elif not (_title_word(token) or (token.like_num and j > start) or (j > start and _joins_title(doc, j))):
            break
        elif not (token.is_lower or token.is_punct):
            end = j + 1
        j += 1
    if end == start or (end < len(doc) and doc[end].lower_ in _WORK_NOUNS):
        return None
    return doc[start:end]


def _title_before(doc: Doc, i: int) -> Span | None:
    """The title-case run ending right before token i ("Million Dollar Baby won"; "which", "also", "was",
    "has been" skipped, and a comma before "starring" or "stars"); not a sentence's first word if it opens
    sentences ("But Sideways won", "It was named best film")."""
    end = i
    skipped = {"which", "also", "was", "has", "been", "is"} | ({","} if doc[i].lower_.startswith("star") else set())
    while end > 0 and doc[end - 1].lower_ in skipped:
        end -= 1
    start = end
    while start > 0 and (_title_word(doc[start - 1]) or (start < end and _joins_title(doc, start - 1))):
        if _sentence_initial(doc[start - 1]):
            start -= doc[start - 1].lower_ not in _SENTENCE_OPENERS
            break
        start -= 1
    while start < end and (doc[start].is_lower or doc[start].is_punct):
        start += 1
    if start > 0 and doc[start - 1].lower_ in _LOCATIVES | {"of", "by", "with"}:
        return None  # "The Sea Inside from Spain won best foreign film": not what won
    return doc[start:end] if end > start else None


def _title_word(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def _sentence_initial(token: Token) -> bool:
    """First word of a sentence, or of a paragraph the parser did not split off."""
    doc = token.doc
    return bool(token.is_sent_start) or (token.i > 0 and (doc[token.i - 1].is_space or doc[token.i - 1].text == "."))


def _joins_title(doc: Doc, j: int) -> bool:
    """Small words inside a title ("Pride and Prejudice", "The Passion of the Christ"), or a hyphen inside a
    name ("Jean-Pierre"); not beside a person ("Ray and Jamie Foxx", "Collateral with Tom Cruise")."""
    token = doc[j]
    if j == 0:
        return False
    if token.text == "-":
        return not doc[j - 1].whitespace_ and not token.whitespace_ and j + 1 < len(doc) and _title_word(doc[j + 1])
    k = j
    while k < len(doc) and doc[k].lower_ in _TITLE_JOINERS:
        k += 1
    if k == j or k >= len(doc) or not _title_word(doc[k]):
        return False
    return doc[k].ent_type_ != "PERSON" and doc[j - 1].ent_type_ != "PERSON"


def _where_or_an_award(title: Span, cast: bool) -> bool:
    """ "appeared in Glasgow", "performances in Minneapolis and Chicago", "appearing in Birmingham Crown
    Court": after "in", a place or a court says where; so does a place after a small word in any title
    ("nominated for Leeds and York"). "Nominated for Oscars" names an award."""
    if (cast and title[-1].lower_ in _INSTITUTIONS | _BUILDINGS) or title[0].text in AWARDS:
        return True
    return any(
        ent.label_ in ("GPE", "LOC", "FAC")
        and title.start <= ent.start
        and ent.end <= title.end
        and ((ent.start == title.start and cast) or (ent.start > title.start and title.doc[ent.start - 1].is_lower))
        for ent in title.doc.ents
    )


def _listed_with(ents: list[Span], firsts: list[int]) -> list[Span]:
    """Names listed after each entity at the indices `firsts` ("A, B and C"), or going on with its
    title ("Maria Full" of "Grace"): separated only by commas, "and", "or", small words and title-case
    words, in one sentence. A comma alone is not a list: "..., Tote King shows" is the next sentence's
    subject."""
    listed: list[Span] = []
    for i in firsts:
        doc = ents[i].doc
        chain: list[Span] = []
        for previous, ent in pairwise(ents[i:]):
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


def _title_cased_title(name: str) -> bool:
    """ "Married With Children", "Ocarina Of Time", "Rise And Fall Of": names of bodies and people
    write their small words in lower case ("Bank of England"); titles of works capitalise them.
    (A letter at the end is no small word: "Serie A", "Group A".)"""
    words = name.split()
    inner, last = words[1:-1], words[-1] if len(words) > 1 else ""
    return any(w in _TITLE_SMALL_WORDS or w == "A" for w in inner) or last in _TITLE_SMALL_WORDS


def _named_thing(ent: Span) -> bool:
    """ "The technology, OMAP-Vox, is", "an industry conference, 3GSM, which": the name of that thing."""
    doc = ent.doc
    if ent.start < 2 or ent.end >= len(doc):
        return False
    return doc[ent.start - 1].text == "," and doc[ent.end].text == "," and doc[ent.start - 2].lower_ in _THING_NOUNS


def _spelt_out_term(ent: Span) -> bool:
    """ "a personal video recorder (PVR)": an abbreviation of common words is a term, not a name."""
    doc = ent.doc
    if not (ent.text.isupper() and ent.start >= 2 and ent.end < len(doc)):
        return False
    before = doc[ent.start - 2]  # "recorder (PVR)", not "USA Track & Field's (USATF)"
    return doc[ent.start - 1].text == "(" and doc[ent.end].text == ")" and before.is_lower and before.is_alpha


def _expanded_term(ent: Span) -> bool:
    """ "High Speed Downlink Packet Access (HSDPA)", "LCD (Liquid Crystal Display)": the spelt-out name of
    a technology is no name either."""
    doc = ent.doc
    after = ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")"
    if after and doc[ent.end + 1].lower_ in TECH_TERMS:
        return True
    inside = ent.start >= 2 and ent.end < len(doc) and doc[ent.start - 1].text == "(" and doc[ent.end].text == ")"
    return inside and doc[ent.start - 2].lower_ in TECH_TERMS


def _introduced_as_work(ent: Span) -> bool:
    """ "the comedy Sideways", "the film The Chorus", "games such as Populous", "Comedy Meet The
    Fockers" as tagged; "The Aviator, starring Leonardo DiCaprio", "Godzilla star Jean Reno",
    "Brookside actress Sue Jenkins"; "the Oscar-nominated Hotel Rwanda"."""
    doc = ent.doc
    start = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].text == "The" else ent.start  # "film The Chorus"
    before = list(doc[max(0, start - 3) : start])
    if before and before[-1].is_lower and before[-1].text in WORK_WORDS:
        return True
    after = [t.text for t in doc[ent.end : ent.end + 3]]
    starring = after[:1] == ["starring"] or after[:2] == [",", "starring"]
    then = after[after.index("starring") + 1 :] if starring else []
    if starring and then[:1] not in (["as"], ["in"]):  # not "Kevin Spacey, starring as Bobby Darin"
        return True
    if after[:1] and after[0] in _CAST_WORDS and ent.end + 1 < len(doc) and doc[ent.end + 1].ent_type_ == "PERSON":
        return ent.label_ != "GPE"  # not "Hollywood star Tom Hanks"
    awarded = len(before) >= 2 and before[-2].text == "-" and before[-1].lower_ in ("nominated", "winning")
    if awarded and ent.label_ != "PERSON":
        return True  # not "Oscar-winning Jamie Foxx", a person
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


def _for_tail(ent: Span, following: list[Span]) -> Span | None:
    """ "Court of Appeals" + "for the District of Columbia": a court, commission or the like named for
    a place goes on over "for (the)" and the place. (Not "Parliament for Sheffield Brightside": a seat.)"""
    doc = ent.doc
    head = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
    if not following or head.lower_ not in _INSTITUTIONS:
        return None
    gap = [t.lower_ for t in doc[ent.end : following[0].start]]
    if gap in (["for"], ["for", "the"]) and following[0].label_ in ("GPE", "LOC", "FAC", "ORG"):
        return doc[ent.start : following[0].end]
    return None


def _ampersand_head(ent: Span) -> Span | None:
    """ "Pew Internet & American Life Project": NER started after the "&"; title-case words before it
    that are no entity of their own belong to the name. (Not after "and": "Opel and Saab" are two.)"""
    doc = ent.doc
    start = ent.start
    if start < 2 or doc[start - 1].text != "&":
        return None
    start -= 1
    while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start and not doc[start - 1].ent_type_:
        start -= 1
    return doc[start : ent.end] if start < ent.start - 1 else None


def _listed_as_place(ent: Span) -> bool:
    before = [t.lower_ for t in ent.doc[max(0, ent.start - 4) : ent.start] if t.text != ","]
    return before[-2:] == ["such", "as"] and len(before) >= 3 and before[-3] in _PLACE_NOUNS


def _paired_with_a_person(ent: Span) -> bool:
    """ "Catherina McKiernan and Dermot Donnelly": a two-word name joined to a person's full name is one
    too, however NER typed it."""
    doc = ent.doc
    if len(ent) != 2 or not all(t.is_title and t.is_alpha and t.lower_ not in _ORGANISATION_HEADS for t in ent):
        return False
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.text == "and" and ent.start >= 3:
        other = doc[ent.start - 3 : ent.start - 1]
        return all(t.ent_type_ == "PERSON" for t in other)
    if after is not None and after.text == "and" and ent.end + 2 < len(doc):
        other = doc[ent.end + 1 : ent.end + 3]
        return all(t.ent_type_ == "PERSON" for t in other)
    return False


def _author_of_a_work(ent: Span) -> bool:
    """ "Bizet's tragic opera Carmen": the owner of a work is its author, a person."""
    doc = ent.doc
    after = list(doc[ent.end : ent.end + 4])
    if len(ent) != 1 or not after or after[0].text != "'s":
        return False
    for token in after[1:]:  # "'s tragic opera", not "ITV1's Jonathan Dimbleby programme"
        if not token.is_lower:
            return False
        if token.text in WORK_WORDS:
            return True
    return False


def _peer(ent: Span) -> Span | None:
    """ "Lord Carlile", "Lord Nicholls of Birkenhead", where NER took the surname only: a peer's title
    is the name the peer is known by, and the "of" place is part of it."""
    doc = ent.doc
    if len(ent) != 1 or ent.start == 0 or doc[ent.start - 1].text not in _PEERAGES:
        return None
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "of" and doc[end + 1].is_title:
        end += 2
    return doc[ent.start - 1 : end]


def _titled_person(ent: Span) -> Span | None:
    """ "Cardinal Cormac Murphy-O'Connor" where NER took only the surname, as an organisation."""
    doc = ent.doc
    if " " in ent.text or ent.start < 2:  # one word as written: "Murphy-O'Connor" is three tokens
        return None
    title, first = doc[ent.start - 2], doc[ent.start - 1]
    if title.is_title and title.lower_ in TITLES and first.is_title and not first.ent_type_:
        return doc[ent.start - 1 : ent.end]
    return None


def _numbered_channel(ent: Span) -> Span | None:
    """ "BBC One", "BBC Two": NER took the number for a count."""
    doc = ent.doc
    if (
        ent.end < len(doc)
        and doc[ent.end].text in ("One", "Two", "Three", "Four")
        and doc[ent.end].ent_type_ in ("", "CARDINAL")
    ):
        return doc[ent.start : ent.end + 1]
    return None


def _in_apposition_to_a_role(ent: Span) -> bool:
    """ "Holyrood leader, Nicola Sturgeon," or "Jean-Philippe Cotis, the OECD's chief economist": a
    person, whatever NER said."""
    doc = ent.doc
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if before[-1:] == [","] and before[0] in _ROLES_BEFORE_A_NAME:
        return True
    after = doc[ent.end : ent.end + 7]
    if len(after) < 3 or after[0].text != "," or after[1].lower_ not in ("the", "a", "an"):
        return False
    for token in after[2:]:
        if token.is_punct and token.text != "'s":
            return False
        if token.lower_ in _APPOSITION_ROLES:
            return True
    return False


def _in_a_title(ent: Span) -> bool:
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].text != "of":
        return False
    title = doc[ent.start - 2]
    return title.is_title and title.lower_ in _TITLE_WORDS


def _after_a_document_word(ent: Span) -> bool:
    doc = ent.doc
    before = [t for t in doc[max(0, ent.start - 3) : ent.start] if t.lower_ != "the"]
    return (
        len(before) >= 2
        and before[-1].lower_ in ("on", "of")
        and before[-2].is_title
        and (before[-2].lower_ in DOCUMENT_WORDS)
    )


def _before_a_bill(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end : ent.end + 8]
    if not after or after[0].text != "(":
        return False
    closing = next((t.i for t in after if t.text == ")"), None)
    return closing is not None and closing + 1 < len(doc) and doc[closing + 1].text in ("Bill", "Act")


def fold(found: list[Mention], is_place: Callable[[str], bool] = lambda name: False) -> list[Mention]:
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
    return _fold_abbreviations(folded)


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
    first; a headline adds no name of its own but the sides of a fixture or score ("Leeds v Saracens").
    `known` gives names a fixed category; `is_place` says whether a name is a country, state or city (a
    one-word "organisation" so named is the place); `is_region` whether it is a country, state or region
    (such a place is never folded into a person)."""
    found = [m for doc in docs for m in mentions(doc, known, is_place)]
    report = any(m.report for m in found)
    found = fold(found, is_region)
    found = [m for m in found if not m.facility]  # "Luciano Orquera" tagged a facility folded into the person
    # A name that is a side in a fixture, in the body or the headline, is that team in all the article:
    # "Chelsea host Birmingham" and "Birmingham manager Steve Bruce" after "Chelsea v Birmingham".
    headline_teams = [team for _, _, sides, _ in fixture_teams(title) for team in sides]
    teams = {name_key(m.text) for m in found if m.team} | {name_key(team) for team in headline_teams}
    found = [Mention(m.text, "organisations") if name_key(m.text) in teams else m for m in found]
    # A match report: a fixture, a score or a line-up. (Two sides seen playing, "against Italy", are not
    # enough: "England football kits" in a business story of Umbro's deals with Ireland and Sweden.)
    if report or headline_teams or any(map(_about_team_games, docs)):
        found = _sides_of_a_report(found, is_place, is_region, known or {})
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


def _destination(ent: Span) -> bool:
    """ "tour to South Africa", "came from England to Egypt": where someone goes."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "to":
        return False
    if doc[ent.start - 2].lower_ in _JOURNEYS:
        return True
    origin = next((e for e in doc.ents if e.end == ent.start - 1), None)  # "England" in "from England to"
    return origin is not None and origin.start > 0 and doc[origin.start - 1].lower_ == "from"


def _about_team_games(doc: Doc) -> bool:
    """A story of a team game ("the Italy skipper said the squad ... against Scotland"): three words of
    the game, a team competition counting as one."""
    words = {t.lower_ for t in doc if t.is_alpha or "-" in t.text} & _TEAM_SPORT_WORDS
    return len(words) + bool(_TEAM_COMPETITIONS.search(doc.text)) >= 3


def _sides_of_a_report(
    found: list[Mention], is_place: Callable[[str], bool], is_region: Callable[[str], bool], known: dict[str, Category]
) -> list[Mention]:
    """In a match report or preview, a country named other than as where something is ("Wales have
    beaten France", not "tour matches in Ireland") is its national side; a one-word "place" no
    gazetteer knows is a player's surname the model mistook ("O'Gara"), dropped as lone surnames are."""
    located = {name_key(m.text) for m in found if m.located}
    sides = []
    for m in found:
        if m.category != "places":
            sides.append(m)
        elif (known.get(m.text) == "places" or m.text in _HOME_NATIONS) and name_key(m.text) not in located:
            sides.append(Mention(m.text, "organisations"))
        elif " " in m.text or is_place(m.text) or is_region(m.text) or m.text.endswith("shire"):
            sides.append(m)  # "Europe", a region; "Gloucestershire", a county the gazetteer lacks
    return sides


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
    organisations the small model mistypes ("Labour" as a group, "Tories" as a person) are organisations;
    awards, competitions and trade shows are events, religions groups."""
    known: dict[str, Category] = dict.fromkeys(countries, "places")
    known.update(dict.fromkeys(ORGANISATIONS, "organisations"))
    known.update(dict.fromkeys(AWARDS + COMPETITIONS + TRADE_SHOWS, "events"))
    known.update(dict.fromkeys(RELIGIONS, "groups"))
    return known


RADIO_STATIONS: list[list[dict[str, Any]]] = [
    [{"TEXT": "BBC", "OP": "?"}, {"TEXT": "Radio"}, {"LIKE_NUM": True}, {"TEXT": "Live", "OP": "?"}],
]
"""Token patterns of stations named by a number ("BBC Radio 4", 75 times in the BBC corpus, "Radio 1"),
which the medium model cuts before the number ("BBC Radio", "4")."""


def add_rulers(nlp: Language, known: dict[str, Category]) -> None:
    """Known organisations and radio stations are set before NER, which keeps them ("Liberal
    Democrats", not the group "Liberal" and a stray "Democrats"). Known places are added after NER
    only where it found nothing: "United States" must not cut "United States Institute of Peace"
    short. NER's exact mistypes of known names are corrected in `mentions`."""
    organisations = nlp.add_pipe("entity_ruler", name="known_organisations", before="ner")
    places = nlp.add_pipe("entity_ruler", name="known_places", after="ner")
    for ruler, category, label in ((organisations, "organisations", "ORG"), (places, "places", "GPE")):
        ruler.add_patterns([{"label": label, "pattern": n} for n, c in known.items() if c == category])  # type: ignore[attr-defined]
    organisations.add_patterns([{"label": "ORG", "pattern": pattern} for pattern in RADIO_STATIONS])  # type: ignore[attr-defined]


def counts(entities: list[Entity]) -> dict[str, int]:
    totals: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    for entity in entities:
        totals[entity.category] += entity.mentions
    return totals
