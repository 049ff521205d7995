"""What the words around one mention say of it: a unit after a number, a job title, a peer, a
titled person, a numbered channel, a name in a title or a bill, a name cut short by the model."""

import re

from spacy.tokens import Span, Token

from shared import lexicon
from shared.enrichment.entities.names import INSTITUTIONS, ORGANISATION_HEADS
from shared.lexicon.vocabulary import (
    DOCUMENT_WORDS,
    ROLE_WORDS,
    TITLES,
    WORK_WORDS,
)

_INITIAL_WITH_DOT = re.compile(r"[A-Z]\.")
NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ish|ian|an|ese|i)$|^(?:Welsh|French|Dutch|Greek|Thai|Swiss)$")
_APPOSITION_ROLES = (ROLE_WORDS - {"leader", "chief"}) | lexicon.words(
    "apposition_roles"
)  # not "leader" after a name: "Goldman Sachs, the market leader"
_PEERAGES = lexicon.words("peerages")
_PLACE_NOUNS = lexicon.words("place_nouns")
_ROLES_BEFORE_A_NAME = _APPOSITION_ROLES | {"leader"}  # "Holyrood leader, Nicola Sturgeon,"
_TITLE_WORDS = TITLES | lexicon.words("title_words")


def is_unit(ent: Span) -> bool:
    """ "30GB", "2GHz": capitals written onto a number are a unit."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.like_num and not before.whitespace_ and ent[0].is_upper


def describes(ent: Span) -> bool:
    """ "The Ballymena man", "the Edinburgh MSP", "Newport-based", "Surrey's Lionhead Studios": a name
    used to describe something else, as a town's often is and a firm's or a club's seldom."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return before == "the" or after in ("-", "'s", "\u2019s")


def initials(token: Token) -> bool:
    return token.is_upper and token.is_alpha and 2 <= len(token) <= 4 and not token.ent_type_


def nationality_before_organisation(ents: list[Span], i: int) -> bool:
    ent = ents[i]
    following = ents[i + 1] if i + 1 < len(ents) else None
    if following is None or following.start != ent.end or following.label_ != "ORG":
        return False
    words = [t.text for t in ent if t.lower_ != "the"]
    return len(words) == 1 and bool(NATIONALITY.match(words[0]))  # however tagged: "The Scottish" as a work


def and_tail(ent: Span) -> Span | None:
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


def for_tail(ent: Span, following: list[Span]) -> Span | None:
    """ "Court of Appeals" + "for the District of Columbia": a court, commission or the like named for
    a place goes on over "for (the)" and the place. (Not "Parliament for Sheffield Brightside": a seat.)"""
    doc = ent.doc
    head = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
    if not following or head.lower_ not in INSTITUTIONS:
        return None
    gap = [t.lower_ for t in doc[ent.end : following[0].start]]
    if gap in (["for"], ["for", "the"]) and following[0].label_ in ("GPE", "LOC", "FAC", "ORG"):
        return doc[ent.start : following[0].end]
    return None


def ampersand_head(ent: Span) -> Span | None:
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


def listed_as_place(ent: Span) -> bool:
    before = [t.lower_ for t in ent.doc[max(0, ent.start - 4) : ent.start] if t.text != ","]
    return before[-2:] == ["such", "as"] and len(before) >= 3 and before[-3] in _PLACE_NOUNS


def paired_with_a_person(ent: Span) -> bool:
    """ "Catherina McKiernan and Dermot Donnelly": a two-word name joined to a person's full name is one
    too, however NER typed it."""
    doc = ent.doc
    if len(ent) != 2 or not all(t.is_title and t.is_alpha and t.lower_ not in ORGANISATION_HEADS for t in ent):
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


def author_of_a_work(ent: Span) -> bool:
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


def person_cut_short(ent: Span) -> Span | None:
    """A person's name the model cut short: an initial before it ("V. Jerome Kaplan"), or one more
    capitalised word after it that no entity holds, before a word in lower case ("Alejandro Martinez
    Cuenca told reporters")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if start > 0 and _INITIAL_WITH_DOT.fullmatch(doc[start - 1].text) and not doc[start - 1].ent_type_:
        start -= 1
    possessive = ent.text.endswith(("'", "\u2019")) or doc[end - 1].lower_ in ("'s", "\u2019s")
    ends_in_a_name = doc[end - 1].is_title  # not "The St Kitts and" + "Nevis": a place cut short
    if (
        end + 1 < len(doc)
        and ends_in_a_name
        and not possessive
        and _loose_name_word(doc[end])
        and not doc[end + 1].is_title
    ):
        end += 1  # not "Joshua Reynolds' Portrait"
    return doc[start:end] if (start, end) != (ent.start, ent.end) else None


def _loose_name_word(token: Token) -> bool:
    return token.is_title and token.is_alpha and not token.ent_type_ and not token.is_stop


def peer_name(ent: Span) -> Span | None:
    """ "Lord Carlile", "Lord Nicholls of Birkenhead", where NER took the surname only: a peer's title
    is the name the peer is known by, and the "of" place is part of it."""
    doc = ent.doc
    if len(ent) != 1 or ent.start == 0 or doc[ent.start - 1].text not in _PEERAGES:
        return None
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "of" and doc[end + 1].is_title:
        end += 2
    return doc[ent.start - 1 : end]


def titled_person(ent: Span) -> Span | None:
    """ "Cardinal Cormac Murphy-O'Connor" where NER took only the surname, as an organisation."""
    doc = ent.doc
    if " " in ent.text or ent.start < 2:  # one word as written: "Murphy-O'Connor" is three tokens
        return None
    title, first = doc[ent.start - 2], doc[ent.start - 1]
    if title.is_title and title.lower_ in TITLES and first.is_title and not first.ent_type_:
        return doc[ent.start - 1 : ent.end]
    return None


def numbered_channel(ent: Span) -> Span | None:
    """ "BBC One", "BBC Two": NER took the number for a count."""
    doc = ent.doc
    if (
        ent.end < len(doc)
        and doc[ent.end].text in ("One", "Two", "Three", "Four")
        and doc[ent.end].ent_type_ in ("", "CARDINAL")
    ):
        return doc[ent.start : ent.end + 1]
    return None


def in_apposition_to_a_role(ent: Span) -> bool:
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


def in_a_title(ent: Span) -> bool:
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].text != "of":
        return False
    title = doc[ent.start - 2]
    return title.is_title and title.lower_ in _TITLE_WORDS


def after_a_document_word(ent: Span) -> bool:
    doc = ent.doc
    before = [t for t in doc[max(0, ent.start - 3) : ent.start] if t.lower_ != "the"]
    return (
        len(before) >= 2
        and before[-1].lower_ in ("on", "of")
        and before[-2].is_title
        and (before[-2].lower_ in DOCUMENT_WORDS)
    )


def before_a_bill(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end : ent.end + 8]
    if not after or after[0].text != "(":
        return False
    closing = next((t.i for t in after if t.text == ")"), None)
    return closing is not None and closing + 1 < len(doc) and doc[closing + 1].text in ("Bill", "Act")
