"""Sport: line-ups ("Walder; May, Tait") and fixture lines ("Leeds v Saracens") read from the text,
football clubs by their last word, and countries named as the sides of a match report."""

import re
from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from shared import lexicon
from shared.contracts import Category
from shared.enrichment.entities.names import Mention, name_key

_MATCH_WORDS = lexicon.words("match_words")
_TEAM_SPORT_WORDS = lexicon.words("team_sport_words")
# Their ids in spaCy's string store, to count them in the doc without visiting its tokens in Python
_TEAM_SPORT_IDS = frozenset(get_string_id(w) for w in _TEAM_SPORT_WORDS if w.isalpha() or "-" in w)
_TEAM_COMPETITIONS = re.compile(r"\b(?:Six|Tri) Nations\b|\bPremiership\b|\bHeineken Cup\b|\bChampions League\b")
_SPORTS = lexicon.words("sports")
_SIDE_WORDS = lexicon.words("side_words")
_CLUB_WORDS = lexicon.words("club_words")
_TOWN_CLUB_WORDS = lexicon.words("town_club_words")
_JOURNEYS = lexicon.words("journeys")
_HOME_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})
"""Parts of the United Kingdom that field national sides of their own."""
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
_BRACKETED = re.compile(r"\([^()]*\)")
_INITIAL = re.compile(r"[A-Z]\.? ")
_LINEUP_LABELS = lexicon.words("lineup_labels")


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


def club_name(words: list[str], is_place: Callable[[str], bool]) -> bool:
    """ "Charlton Athletic", "Sheffield United", or a town and "City" that is not a city's own name
    ("Exeter City", not "Mexico City")."""
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if words[-1] in _CLUB_WORDS:
        return True
    town = " ".join(words[:-1])
    return words[-1] in _TOWN_CLUB_WORDS and is_place(town) and not is_place(" ".join(words))


def plays_as_team(ent: Span) -> bool:
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


def destination(ent: Span) -> bool:
    """ "tour to South Africa", "came from England to Egypt": where someone goes."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "to":
        return False
    if doc[ent.start - 2].lower_ in _JOURNEYS:
        return True
    origin = next((e for e in doc.ents if e.end == ent.start - 1), None)  # "England" in "from England to"
    return origin is not None and origin.start > 0 and doc[origin.start - 1].lower_ == "from"


def about_team_games(doc: Doc) -> bool:
    """A story of a team game ("the Italy skipper said the squad ... against Scotland"): three words of
    the game, a team competition counting as one."""
    words = _TEAM_SPORT_IDS.intersection(doc.count_by(LOWER))
    return len(words) + bool(_TEAM_COMPETITIONS.search(doc.text)) >= 3


def sides_of_a_report(
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
