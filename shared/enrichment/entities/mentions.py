"""One doc's mentions: spaCy's entities with every rule of `cues`, `sport` and `names` applied."""

from collections.abc import Callable

from spacy.tokens import Doc, Span

from shared import lexicon
from shared.contracts import Category
from shared.enrichment.entities.cues import (
    after_a_document_word,
    ampersand_head,
    and_tail,
    author_of_a_work,
    before_a_bill,
    describes,
    for_tail,
    in_a_title,
    in_apposition_to_a_role,
    initials,
    is_unit,
    listed_as_place,
    nationality_before_organisation,
    numbered_channel,
    paired_with_a_person,
    peer_name,
    person_cut_short,
    titled_person,
)
from shared.enrichment.entities.names import (
    INSTITUTIONS,
    LABELS,
    LOCATIVES,
    ORGANISATION_HEADS,
    Mention,
    clean_name,
    country_prefixed,
    retype,
)
from shared.enrichment.entities.sport import club_name, destination, fixture_teams, lineup_players, plays_as_team
from shared.enrichment.entities.wire import quoted_as_a_stock
from shared.lexicon.vocabulary import (
    EVENT_WORDS,
    MEDAL_WORDS,
    ORGANISATION_WORDS,
    PERSON_WORDS,
    PLACE_ALIASES,
    ROLE_WORDS,
)

_TRADES = lexicon.words("trades")
_EPONYMOUS = lexicon.words("eponymous")
_BODY_WORDS = (INSTITUTIONS - {"court", "tribunal"}) | lexicon.words("body_words")
_OPEN_PLACES = lexicon.words("open_places")
_OFFICES = lexicon.words("offices")


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
        if is_unit(ent):
            continue  # "a 30GB version": gigabytes, not Great Britain
        text = ent.kb_id_ if category == "places" and ent.kb_id_ else ent.text  # "Calif." -> "California"
        if nationality_before_organisation(ents, i):
            # "The Scottish" + "Green Party": the nationality is part of the name
            ent, category = doc[ent.start : ents[i + 1].end], "organisations"
            text = ent.text
            merged_into_previous.add(i + 1)
        if category == "organisations" and ent.start > 0 and initials(doc[ent.start - 1]):
            ent = doc[ent.start - 1 : ent.end]  # "RJ" + "Reynolds Tobacco": the model dropped the initials
            text = ent.text
        if category == "organisations" and (extended := and_tail(ent) or for_tail(ent, ents[i + 1 : i + 2])):
            text = extended.text  # "Department for Education" + "and Skills"
            merged_into_previous |= {j for j in range(i + 1, len(ents)) if ents[j].start < extended.end}
        if category == "organisations" and (extended := ampersand_head(ent)):
            ent, text = extended, extended.text  # "Pew Internet &" + "American Life Project"
        if category == "people" and (whole := person_cut_short(ent)):
            ent, text = whole, whole.text  # "V." + "Jerome Kaplan", "Alejandro Martinez" + "Cuenca"
        if category == "people" and (peer := peer_name(ent)):
            ent, text = peer, peer.text  # "Lord" + "Carlile": a peer is known by the title
            merged_into_previous |= {j for j in range(i + 1, len(ents)) if ents[j].start < peer.end}
        if category == "organisations" and (person := titled_person(ent)):
            ent, text, category = person, person.text, "people"  # "Cardinal Cormac" + "Murphy-O'Connor"
        if category == "organisations" and (channel := numbered_channel(ent)):
            ent, text = channel, channel.text  # "BBC" + "One"
        if category == "places" and in_a_title(ent):
            continue  # "Archbishop of Canterbury": part of a title, not a mention of the city
        if before_a_bill(ent) or after_a_document_word(ent):
            continue  # "Health Service (Miscellaneous Provisions) Bill", "Directive on the Patentability of...": laws
        following = doc[ent.end] if ent.end < len(doc) else None
        if (
            category in ("organisations", "places")
            and following is not None
            and following.is_title
            and (following.lower_ in EVENT_WORDS)
        ):
            text, category = f"{text} {following.text}", "events"  # "Commonwealth" + "Games"
        if category == "groups" and following is not None and following.text == "party":
            text, category = f"{text} {following.text}", "organisations"  # "the Communist party"
        name = clean_name(text, category)
        words = name.split(" ")
        # A stadium, square, prison or building: where something is, not a place on the map.
        facility = ent.label_ == "FAC" and not (
            is_place(name) or name.casefold() in PLACE_ALIASES or words[-1].casefold() in _OPEN_PLACES
        )
        if category == "events":
            pass
        elif known and name in known:
            category = known[name]
        elif category == "organisations" and len(words) == 1 and is_place(name) and describes(ent):
            category = "places"  # "The Ballymena man", "Newport-based", "Surrey's": the town; not "joined Tottenham"
        before = doc[ent.start - 1] if ent.start > 0 else None
        cue = doc[ent.start - 2] if before is not None and before.is_quote and ent.start > 1 else before
        if (
            cue is not None
            and cue.is_lower
            and (cue.text in ORGANISATION_WORDS or (len(words) == 1 and cue.text in PERSON_WORDS))
        ):
            category = "organisations"  # "car firm Carfax", "analyst Gartner", 'the daily "Dainik Janata"'
        if category == "people" and quoted_as_a_stock(ent):
            category = "organisations"  # "Hemlo Gold advanced 7/8"
        # "rapper Eminem", "singer Anastacia": a person known by one name, kept though no full name follows
        named_by_trade = len(words) == 1 and before is not None and before.is_lower and before.text in _TRADES
        named_by_trade = named_by_trade and not (known and name in known) and not is_place(name)
        if named_by_trade:
            category = "people"
        # "President Reagan", "Chancellor Kohl": a title makes one name a person's
        office = before is not None and before.is_title and before.lower_.rstrip(".") in _OFFICES
        titled = category == "people" and len(words) == 1 and office
        after = [t.lower_ for t in doc[ent.end : ent.end + 3]]
        country = known is not None and known.get(name) == "places"
        if category in ("organisations", "places") and not country and not name.isupper() and after:
            distance = after[0].isdigit() and after[1:2] in (["m"], ["km"], ["metres"])
            if after[0] in MEDAL_WORDS or distance:
                category = "events"  # "a Commonwealth silver medal", "Commonwealth 100m champion"; not "AAA title"
        two_words_or_more = len(words) > 1 and category in ("organisations", "places") and not is_place(name)
        two_words_or_more = two_words_or_more and not ORGANISATION_HEADS & {w.casefold() for w in words}
        if two_words_or_more and (after[:2] == [",", "who"] or in_apposition_to_a_role(ent)):
            category = "people"  # "Agnes Samaria, who came second": organisations are "which"
        if category == "organisations" and listed_as_place(ent):
            category = "places"  # "regions such as Burgundy"
        if category in ("organisations", "places") and (paired_with_a_person(ent) or author_of_a_work(ent)):
            category = "people"  # "Richard McCourt and Dominic Wood"; "Bizet's tragic opera"
        team = category == "places" and plays_as_team(ent)
        if team:
            category = "organisations"  # "at home to Cameroon", "England football kits": the side, not the country
        if category == "places" and len(words) > 1 and words[-1].casefold() in _BODY_WORDS and not is_place(name):
            category = "organisations"  # "United States Anti-Doping Agency", "Greek Federation" tagged GPE
        if category in ("people", "places") and club_name(words, is_place):
            category = "organisations"  # "Manchester United", "Exeter City": a club, not a person or the city
        kept = retype(name, category) if name else None
        if kept and kept[1] == "organisations" and (parts := country_prefixed(kept[0])):
            found += [Mention(part, part_category) for part, part_category in parts]
        elif kept and kept[0]:
            eponym = len(words) == 1 and bool(after) and after[0] in _EPONYMOUS and doc[ent.end].is_lower
            listed = (named_by_trade or eponym or titled) and kept[1] == "people"
            located = before is not None and (before.lower_ in LOCATIVES or destination(ent))
            found.append(
                Mention(*kept, facility=facility and kept[1] == "places", listed=listed, team=team, located=located)
            )
    return found
