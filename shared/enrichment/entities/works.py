"""Titles of works and products (films, albums, games, consoles): things, not names. They vote
against the model's tag of the same name in the whole article."""

import re
from collections import Counter
from itertools import pairwise

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from shared import lexicon
from shared.enrichment.entities.names import (
    BUILDINGS,
    CONNECTORS,
    INSTITUTIONS,
    LABELS,
    LOCATIVES,
    POSSESSIVE,
    clean_name,
)
from shared.enrichment.entities.sport import about_team_games
from shared.lexicon.vocabulary import (
    AWARDS,
    TECH_TERMS,
    THING_AFTER_WORDS,
    WORK_WORDS,
)

THING_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW"})
"""spaCy labels of things, not names: their votes count against a name's other labels in the article."""
_PRODUCT_WORD = re.compile(
    r"^i(?:Pod|Tunes|Mac|Phone|Pad|Book|Player|Life|Cloud|Movie|Photo|Sight)"
)  # not "iRiver", a firm
_CAST_WORDS = lexicon.words("cast_words")
_TITLE_SMALL_WORDS = lexicon.words("title_small_words")
_THING_NOUNS = lexicon.words("thing_nouns")
_CAST_CUES = lexicon.words("cast_cues")
_PRAISE_WORDS = lexicon.words("praise_words")
_CUE_WORDS = _PRAISE_WORDS | {"in", "for", "acclaimed", "including", "of"}
"""Every word at which `_work_titles` looks for a title."""
_CUE_IDS = np.array(sorted(get_string_id(w) for w in _CUE_WORDS), dtype=np.uint64)
_SCREEN_WORDS = lexicon.words("screen_words")
_PERFORMERS = lexicon.words("performers")
_TITLE_JOINERS = lexicon.words("title_joiners")
_SENTENCE_OPENERS = lexicon.words("sentence_openers")
_WORK_NOUNS = WORK_WORDS | THING_AFTER_WORDS | lexicon.words("work_nouns")


def thing_votes(doc: Doc) -> Counter[str]:
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
    cues = np.flatnonzero(np.isin(doc.to_array(LOWER)[1:], _CUE_IDS)) + 1  # found in numpy, not token by token
    for token in (doc[int(i)] for i in cues):
        word = token.lower_
        previous = doc[token.i - 1].lower_
        title: Span | None = None
        cast = word == "in" and previous in _CAST_CUES
        if (
            (cast and not about_team_games(doc))  # "starred in Chelsea's win": a side, not a film
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
        if POSSESSIVE.fullmatch(token.lower_):  # the owner's name ends; "Dan Brown's novel" leaves no title
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
    if start > 0 and doc[start - 1].lower_ in LOCATIVES | {"of", "by", "with"}:
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
    if (cast and title[-1].lower_ in INSTITUTIONS | BUILDINGS) or title[0].text in AWARDS:
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
                t.text in (",", "and", "or") or t.is_title or t.lower_ in CONNECTORS for t in between
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
