"""The sentences of tests/unit/test_entity_rules.py, one table per family of entity rules, named after
its module in shared/enrichment/entities/: a sentence and the names that must, or must not, come out
of it. A sentence with entities marked "[Ballymena|ORG]" is tagged by hand, as NER might have tagged
it, and only the rules run on it (`tagged`, which the wire tests use too); one without marks runs
through the whole pipeline on the small model."""

import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span

from shared.contracts import Category

MARK = re.compile(r"\[([^|\]]+)\|([A-Z_]+)\]")  # "[Ballymena|ORG]": an entity tagged by hand
Where = Category | Literal["any"]  # a category, or "any": in whichever category


def tagged(nlp: Language, marked: str) -> Doc:
    """The text without its marks, with the marked entities as NER might have tagged them."""
    doc = nlp.make_doc(MARK.sub(r"\1", marked))
    spans: list[Span] = []
    shift = 0  # characters of the marks before this one
    for mark in MARK.finditer(marked):
        start = mark.start() - shift
        span = doc.char_span(start, start + len(mark[1]), label=mark[2])
        assert span is not None, mark[0]
        spans.append(span)
        shift += len(mark[0]) - len(mark[1])
    doc.ents = spans
    return doc


@dataclass(frozen=True)
class Case:
    rule: str
    text: str
    found: dict[Where, list[str]] = field(default_factory=dict)  # names that must be found there
    absent: dict[Where, list[str]] = field(default_factory=dict)  # names that must not be
    exact: tuple[Where, ...] = ()  # where `found` is all there is ("any": the whole article)
    title: str | None = None  # None: the synthetic headline of `enrich` or `found_in`


def cast(rule: str, work: str, text: str) -> Case:
    """A work the words around it give away: no name in its article, and the people beside it all kept
    (those marked PERSON with two words or more)."""
    people = [mark[1] for mark in MARK.finditer(text) if mark[2] == "PERSON" and " " in mark[1] and mark[1] != work]
    return Case(f"{rule}: {work}", text, found={"people": people}, absent={"any": [work]}, exact=("people",))


# ---------------------------------------------------------------- rulers: names known whatever NER says

KNOWN = [
    Case(
        "a party is an organisation whatever NER says, and is not cut in two",
        "The Liberal Democrats and the Tories both attacked Labour over the plans on Monday. "
        "A Tory MP said the Scottish Executive had not been asked.",
        found={"organisations": ["Liberal Democrats", "Tories", "Labour", "Tory", "Scottish Executive"]},
        absent={
            "organisations": ["Democrats"],
            "groups": ["Liberal", "Tories", "Labour"],
            "people": ["Liberal", "Tories", "Labour"],
        },
    ),
    Case(
        "a band the model takes for a person is an organisation, and only the band's own name is known",
        "Franz Ferdinand played in Glasgow, and Franz Beckenbauer sang along with Alan Reid.",
        found={"organisations": ["Franz Ferdinand"], "people": ["Franz Beckenbauer", "Alan Reid"]},
        absent={"people": ["Franz Ferdinand"]},
    ),
    Case(
        "a known country inside a longer name does not cut it",
        "Jake Sullivan spoke at the United States Institute of Peace in Washington on Tuesday.",
        found={"organisations": ["United States Institute of Peace"]},
        absent={"places": ["United States"]},
    ),
    Case(
        "a country is a place",
        "Officials from Qatar and Egypt have been mediating between the two sides for weeks.",
        found={"places": ["Qatar", "Egypt"]},
    ),
    Case(  # the small model's "BBC Radio 5 Live and Radio 1", the medium one's "BBC Radio" and "4"
        "a radio station keeps its number",
        "He told BBC Radio 4's Today programme he was sure. She spoke to BBC Radio 5 Live and Radio 1 on Monday.",
        found={"organisations": ["BBC Radio 4", "BBC Radio 5 Live", "Radio 1"]},
        absent={"organisations": ["BBC Radio"]},
    ),
    Case(
        "Holyrood is the Scottish Parliament",
        "The minister met [Holyrood|GPE] officials on Tuesday before the vote in [Edinburgh|GPE].",
        found={"organisations": ["Holyrood"], "places": ["Edinburgh"]},
    ),
    Case(
        "a trade show known by its abbreviation is an event",
        "[Sony|ORG] showed the handset at [CES|ORG] in [Las Vegas|GPE], said the [CEA|ORG], which runs the show.",
        found={"events": ["CES"], "organisations": ["CEA", "Sony"]},
    ),
    Case(
        "a competition or a trade show is an event, not an organisation",
        "The [Six Nations|ORG] clashes with the [Consumer Electronics Show|ORG], the [United Nations|ORG] said.",
        found={"events": ["Six Nations", "Consumer Electronics Show"], "organisations": ["United Nations"]},
    ),
]

# ---------------------------------------------------------------- names: one name cleaned and retyped, in a sentence

NAMES = [
    Case(
        "a season is no place",
        "Sales of garden tools climb as [Spring|GPE] comes near, the retailer said.",
        absent={"any": ["Spring"]},
    ),
    Case(
        "a town that starts with a season is kept",
        "Sales of garden tools climb as [Springfield|GPE] comes near, the retailer said.",
        found={"any": ["Springfield"]},
    ),
    Case(
        "a broken name is dropped and a club is an organisation",
        "[The St Kitts and|PERSON] Nevis star played for his club [AS Roma|PERSON], said games maker "
        "[Peter Molyneux|PERSON].",
        found={"organisations": ["AS Roma"], "people": ["Peter Molyneux"]},
        exact=("any",),
    ),
]

# ---------------------------------------------------------------- mentions: the model's tag overruled

MENTIONS = [
    Case(
        "a one-word organisation the gazetteer knows is a place",
        "The Lisburn athlete, who trains with Annadale Striders, won the cross-country race.",
        absent={"organisations": ["Lisburn"]},
    ),
    Case(
        "a firm is no place",
        "Shares in Apple and Microsoft fell sharply in New York on Monday.",
        absent={"places": ["Apple"]},
    ),
    Case(
        "a name before an event word is the event",
        "She won gold at the Commonwealth Games in Manchester in 2002.",
        absent={"organisations": ["Commonwealth"], "places": ["Commonwealth"]},
    ),
    Case(
        "a person before an event word stays the person",
        "Sonia O'Sullivan's Olympic medal came in Sydney in 2000.",
        found={"people": ["Sonia O'Sullivan"]},
    ),
    Case(
        "a facility is not a place unless the gazetteer knows it",
        "The casino could be built at [Ibrox|FAC] in [Glasgow|GPE], or near [Wembley|FAC].",
        found={"places": ["Glasgow", "Wembley"]},  # Wembley is a district of London too
        absent={"any": ["Ibrox"]},
    ),
    Case(
        "a body tagged as a place is an organisation",
        "The [Greek Federation|GPE] cleared the pair, and the [United States Anti-Doping Agency|GPE] met in "
        "[Soviet Union|GPE].",
        found={"organisations": ["Greek Federation", "United States Anti-Doping Agency"]},
        absent={"organisations": ["Soviet Union"]},
    ),
    Case(
        "a one-word name after an organisation word is an organisation",
        "Drivers are sent to car firm [Carfax|GPE], says analyst [Gartner|PERSON], according to analyst "
        "[John Smith|PERSON].",
        found={"organisations": ["Carfax", "Gartner"], "people": ["John Smith"]},
        exact=("any",),
    ),
    Case(
        "a person known by one name after their trade is kept, an analyst firm is no trade",
        "The rapper [Eminem|ORG] beat the singer [Anastacia|PERSON] and [Kanye West|PERSON], said the analyst "
        "[Gartner|ORG].",
        found={"people": ["Eminem", "Anastacia", "Kanye West"], "organisations": ["Gartner"]},
    ),
    Case(
        "a lone surname without a trade is still dropped, and a town is no one's one name",
        "[Gillian Smith|PERSON] and Ms [Walker|PERSON] spoke; the comedian [Ballymena|PERSON] later denied it.",
        absent={"any": ["Walker"], "people": ["Ballymena"]},
    ),
    Case(
        "a lone name that names an administration or a report is a person, one with nothing to say so is not",
        "The [Hartley|PERSON] administration backed the [Pemberton|PERSON] report, [Okafor|PERSON] said.",
        found={"people": ["Hartley", "Pemberton"]},
        absent={"any": ["Okafor"]},
    ),
    Case(  # and no GCSE
        "awards, religions, exams and medals are not organisations or places, a body's title is",
        "After the [Oscars|ORG] he went to study [Islam|ORG] for his [GCSE|ORG] exams, and won a "
        "[Commonwealth|GPE] silver medal and the [AAA|ORG] title in [Canada|GPE].",
        found={
            "events": ["Oscars", "Commonwealth"],
            "groups": ["Islam"],
            "organisations": ["AAA"],
            "places": ["Canada"],
        },
        exact=("any",),
    ),
    Case(
        "a champion of the games is the games' event",
        "[Kim Collins|PERSON], the [Commonwealth|GPE] 100m champion, ran.",
        found={"events": ["Commonwealth"]},
    ),
]

# ---------------------------------------------------------------- cues: what the words around a name say of it

TYPED_OTHERWISE = (
    "Holyrood leader, [Nicola Sturgeon|ORG], agreed with [Jean-Philippe Cotis|ORG], the [OECD|ORG]'s chief "
    "economist. [Agnes Samaria|GPE], who came second, trains with [Catherina McKiernan|PERSON] and "
    "[Dermot Donnelly|ORG]. Cardinal Cormac [Murphy-O'Connor|ORG] spoke. [Goldman Sachs|ORG], the market "
    "leader, and [Tesco|ORG], which sponsors [Michael Grade|PERSON] and [Rank Group|ORG], did not."
)

CUES = [
    Case(
        "a nationality before an organisation is part of its name, alone before a common noun a group",
        "[The Scottish|ORG] [Green Party|ORG] said so, and [Scottish|NORP] ministers met the [Green Party|ORG] later.",
        found={"organisations": ["Scottish Green Party", "Green Party"], "groups": ["Scottish"]},
    ),
    Case(
        "initials the model left out belong to the organisation",
        "Among the accused were RJ [Reynolds Tobacco|ORG] and [Altria|ORG], while in the [UK|GPE] [Tesco|ORG] "
        "was cleared.",
        found={"organisations": ["RJ Reynolds Tobacco", "Tesco"], "places": ["UK"]},
    ),
    Case(
        "a court cut short by the model is mended, a seat in Parliament is no body named for it",
        "The [Court of Appeals|ORG] for the [District of Columbia|GPE] ruled, and the [Parliament|ORG] for "
        "[Scotland|GPE] met.",
        found={"organisations": ["Court of Appeals for the District of Columbia"], "places": ["Scotland"]},
        absent={"any": ["District of Columbia"]},
    ),
    Case(
        "a name cut at an ampersand or before a channel's number is mended",
        "The Pew Internet & [American Life Project|ORG] and [Opel|ORG] and [Saab|ORG] said so on [BBC|ORG] One, "
        "not on [BBC|ORG].",
        found={"any": ["Pew Internet & American Life Project", "Opel", "Saab", "BBC One", "BBC"]},
        exact=("any",),
    ),
    Case(
        "people the model typed otherwise are people, organisations are not",
        TYPED_OTHERWISE,
        found={
            "people": ["Nicola Sturgeon", "Jean-Philippe Cotis", "Agnes Samaria", "Dermot Donnelly"],
            "organisations": ["OECD", "Goldman Sachs", "Tesco", "Rank Group"],
        },
    ),
    Case(
        "a titled person the model cut short and took for an organisation is the person",
        TYPED_OTHERWISE,
        found={"people": ["Cormac Murphy-O'Connor"]},
    ),
    Case(
        "what is inside a title, a law or a building is no name",
        "The Archbishop of [Canterbury|GPE] spoke at [Westminster Cathedral|ORG] about the [Health Service|ORG] "
        "(Miscellaneous Provisions) Bill and the Directive on the [Patentability of Computer-Implemented "
        "Inventions|ORG]. The [Cardinal|ORG] agreed. Later he flew from [Canterbury|GPE] to the "
        "[Westminster Council|ORG].",
        found={"places": ["Canterbury"], "organisations": ["Westminster Council"]},
        exact=("any",),
    ),
    Case(
        "regions such as a name make it a place and a named thing is no name",
        "Regions such as [Burgundy|ORG] struggle, unlike firms such as [Castel|ORG]. The technology, "
        "[OMAP-Vox|ORG], is tested by the firm, [Telewest|ORG], and by an industry conference, [3GSM|ORG], in "
        "[Cannes|GPE].",
        found={"places": ["Burgundy", "Cannes"], "organisations": ["Castel", "Telewest"]},
        exact=("any",),
    ),
    Case(  # "Bizet" folds into him, and is no organisation
        "the owner of a work is its author",
        "[Georges Bizet|PERSON] wrote it: a film of [Bizet|ORG]'s tragic opera Carmen was on [ITV1|ORG]'s "
        "[Jonathan Dimbleby|PERSON] show.",
        found={"people": ["Georges Bizet"], "organisations": ["ITV1"]},
        absent={"any": ["Bizet"]},
    ),
    Case(  # Tottenham: the club he joined
        "a town tagged as an organisation is the town only where it describes",
        "The [Ballymena|ORG] man said the [Newport|ORG]-based athlete would run. [Mido|PERSON] joined "
        "[Tottenham|ORG] in January.",
        found={"places": ["Ballymena", "Newport"], "organisations": ["Tottenham"]},
    ),
    Case(
        "capitals written onto a number are a unit",
        "The 30[GB|GPE] player costs less, say 3 [BBC|ORG] reporters.",
        found={"organisations": ["BBC"]},
        absent={"any": ["GB"]},
    ),
    Case(
        "a peer is named with the title",
        "The peer Lord [Carlile|PERSON] agreed with Lord [Nicholls|PERSON] of [Birkenhead|GPE], as did Lord "
        "[Peter Mandelson|PERSON].",
        found={"people": ["Lord Carlile", "Lord Nicholls of Birkenhead", "Peter Mandelson"]},
        absent={"any": ["Carlile", "Birkenhead", "Lord Peter Mandelson"]},
    ),
]

# ---------------------------------------------------------------- sport: line-ups, fixtures, clubs and national sides

MATCH_REPORT = (
    "[Wales|GPE] have beaten [France|GPE] twice, and [Scotland|GPE] travel to [Rome|GPE] next. Ronan played in "
    "[Ireland|GPE] as a boy, said [Sidoli|GPE] of [Gloucestershire|GPE]. Both sides play in [Europe|LOC]."
)

LIVERPOOL = (
    "Steven Gerrard scored twice as Liverpool beat Everton at Anfield on Sunday.\n\n"
    '"We were the better side," said the manager. Liverpool: Dudek, Finnan, Carragher, Hyypia, '
    "Traore (Biscan 67), Luis Garcia, Gerrard, Hamann, Riise. Subs Not Used: Pellegrino, Carson. "
    "Everton: Martyn, Hibbert, Yobo, Stubbs, Naysmith. Booked: Yobo, Stubbs."
)
LISTS = (
    "The tour visits cities such as London, Paris, Rome and Berlin in the spring.\n\n"
    "London, Paris, Rome, Berlin.\n\n"
    "He thanked Blair, Brown, Prescott, Straw and the rest of the cabinet.\n\n"
    "The final could go to one of four grounds. Anfield, Highbury, Ibrox, Parkhead. A choice is due soon.\n\n"
    "Barcelona, Bayern Munich, PSV Eindhoven, Real Madrid, Werder Bremen."
)
RUGBY = (
    "Kingsbridge came from behind to draw with Ashford at Marsh Lane on Sunday.\n\n"
    "Kingsbridge: Olsen; Pryce, Tandy, Bishop, Morrow; Quaid, Lister; Ibbot, Long, van der Merwe; "
    "Gatt, Hollis; Crane, Harris (capt), Dunmore.\n\n"
    "Goodwin (Bath, capt); Garner (Bath), Preston (Wasps), Fenn (Sale), Kellett (Leeds); Paul "
    "(Derby), Gorst (Bath); Wood (Bath), Cullen; (Wasps), Powley (Sale); Easton (Leeds), Brown "
    "(Bath). Replacements: Ellery, Sigsworth, Cornish, Narborough.\n\n"
    "Preston; Buxton, Bolton, Bishop, Derby; Hull, Bath; Ely, Wells, Poole; Stafford, Bury; Crewe, Harris, Dover."
)
HARTFIELD = (
    "Hartfield lost at home to Leyton Orient on Saturday.\n\n"
    "Pilbeam, Talbot, Buxton, Dimmock, Arnott, Corder, Murray, Curtis,Neil, Warne, Barker. "
    "Subs Not Used: White, McIntyre, Wood.\n\n"
    ": Harrison, Lockhart, Barnes, Mackie, Scott, Sahin, Simpson, Carlisle, Preston, Ibbotson, Lee."
)

SPORT = [
    Case(
        "players in a line-up are people even by surname alone",
        LIVERPOOL,
        found={"people": ["Dudek", "Finnan", "Carragher", "Hyypia", "Traore", "Biscan", "Luis Garcia"]},
        absent={"any": ["Liverpool: Dudek", "Everton: Martyn", "Subs Not Used"]},
    ),
    Case(
        "players on the bench and in the other side's line-up are people",
        LIVERPOOL,
        found={"people": ["Pellegrino", "Carson", "Martyn", "Yobo", "Stubbs"]},
    ),
    Case(
        "a surname in a line-up folds into the full name",
        LIVERPOOL,
        found={"people": ["Steven Gerrard"]},
        absent={"people": ["Gerrard"]},
    ),
    Case(
        "a list of places, or a list in a sentence, is no line-up",
        LISTS,
        found={"places": ["London", "Paris", "Rome", "Berlin"]},
        absent={"people": ["London", "Paris", "Rome", "Berlin", "Prescott", "Straw"]},
    ),
    Case(
        "a list of grounds, or of clubs in a draw, is no line-up",
        LISTS,
        absent={
            "people": [
                "Anfield",
                "Highbury",
                "Ibrox",
                "Parkhead",
                "Barcelona",
                "Bayern Munich",
                "PSV Eindhoven",
                "Real Madrid",
            ]
        },
    ),
    Case(
        "a team of initials and surnames is people though a town has the surname",
        "The Welsh team for the cross-country event was named on Friday.\n\n"
        "D Cossins, R Davenport, D Garland, R Preddy, G Warburton.",
        found={"people": ["D Cossins", "R Davenport", "D Garland", "R Preddy", "G Warburton"]},
    ),
    Case(
        "a rugby line-up in semicolons is players, and its label is the team",
        RUGBY,
        found={
            "people": ["Olsen", "Tandy", "Bishop", "van der Merwe", "Harris", "Dunmore"],
            "organisations": ["Kingsbridge"],
        },
        absent={
            "places": ["Bishop", "Long", "Preston", "Bath", "Buxton", "Crewe"],
            "organisations": ["Bishop", "Long", "Preston", "Bath", "Buxton", "Crewe"],
        },
    ),
    Case(
        "a rugby line-up that ends mid-line is players",
        RUGBY,
        found={"people": ["Goodwin", "Preston", "Paul", "Brown", "Ellery", "Narborough"]},
    ),
    Case(
        "a rugby line-up of surnames that are towns, in semicolons, is players",
        RUGBY,
        found={"people": ["Buxton", "Bolton", "Crewe", "Dover"]},
    ),
    Case(
        "a few names in semicolons are no rugby line-up",
        "The company has offices in three regions.\n\n"
        "London; Paris, Rome; Berlin.\n\n"
        "Sales rose in Leeds; Bristol, Cardiff and Bath lagged behind.",
        found={"places": ["London", "Paris", "Rome", "Berlin"]},
        absent={"people": ["London", "Paris", "Rome", "Berlin", "Bristol", "Cardiff", "Bath"]},
    ),
    Case(
        "sides in fixture lines are teams in the whole article",
        "Birmingham face a trip to Chelsea in the fourth round of the FA Cup. "
        "Birmingham manager Steve Bruce was not pleased with the draw.\n\n"
        "Derby v Watford or Fulham\n\nChelsea v Birmingham\n\nFrance v Israel; Switzerland v Faroe Islands.",
        found={"organisations": ["Birmingham", "Chelsea", "Derby", "Watford", "Fulham", "France", "Faroe Islands"]},
        absent={"places": ["Birmingham", "Chelsea", "Derby", "France"]},
    ),
    Case(
        "a v inside a sentence or a city without a fixture stays a place",
        "The case of Smith v Jones was heard in Birmingham on Monday. "
        "Lawyers flew in from Chelsea and from Derby for the hearing.",
        found={"places": ["Birmingham"]},
        absent={"organisations": ["Birmingham"]},
    ),
    Case(
        "sides of a score in the headline are teams",
        "Newcastle were level at half-time after heavy rain in the north east.",
        title="Newcastle 27-27 Gloucester",
        found={"organisations": ["Newcastle"]},
    ),
    Case(
        "a town in a headline without a score stays a place",
        "Newcastle were level at half-time after heavy rain in the north east.",
        title="Floods close roads around Newcastle",
        found={"places": ["Newcastle"]},
    ),
    Case(
        "a club is an organisation though named after its town",
        "Exeter City held Manchester United to a draw at Old Trafford, and Charlton Athletic beat "
        "Leicester City. The winners will be in Mexico City next summer.",
        found={
            "organisations": ["Exeter City", "Manchester United", "Charlton Athletic", "Leicester City"],
            "places": ["Mexico City"],
        },
        absent={
            "people": ["Exeter City", "Manchester United", "Charlton Athletic"],
            "places": ["Exeter City", "Manchester United", "Charlton Athletic"],
        },
    ),
    Case(
        "a line-up that runs on into the bench is players",
        HARTFIELD,
        found={"people": ["Talbot", "Buxton", "Dimmock", "Curtis", "Neil", "White", "Wood"]},
        absent={"places": ["Buxton", "Preston"]},
    ),
    Case(
        "a line-up whose label was lost is players",
        HARTFIELD,
        found={"people": ["Harrison", "Preston", "Ibbotson"]},
    ),
    Case(
        "a list that runs on into a sentence is no line-up",
        "Prices fell in the north.\n\nLeeds, Bradford, Preston, Buxton, Wakefield. Sales there rose by 2%.",
        absent={"people": ["Leeds", "Bradford", "Preston", "Buxton", "Wakefield"]},
    ),
    Case(
        "a country playing a match is the team, not one a sanction is against",
        "[Egypt|GPE] won 4-0 when they played against [Belgium|GPE], after losing at home to [Cameroon|GPE]. "
        "Sales of [England|GPE] football kits rose, despite sanctions against [Iran|GPE]. [Newcastle|GPE] boss "
        "[Graeme Souness|PERSON] was happy.",
        found={"organisations": ["Belgium", "Cameroon", "England", "Newcastle"], "places": ["Egypt", "Iran"]},
    ),
    Case(
        "a place seen playing as a side is that team in all the article",
        "[Egypt|GPE] lost at home to [Cameroon|GPE]. [Cameroon|GPE] scored twice, and [Cameroon|GPE] now lead "
        "the group.",
        found={"organisations": ["Cameroon"]},
    ),
    Case(
        "a place never seen playing stays a place",
        "Exports to [Cameroon|GPE] rose. [Cameroon|GPE] scored well on growth, and [Cameroon|GPE] now leads the "
        "region.",
        found={"places": ["Cameroon"]},
    ),
    Case(  # Sidoli: a surname the model took for a place
        "in a match report a country is its side unless it is where something is",
        MATCH_REPORT,
        title="Wales 24-18 France",
        found={
            "organisations": ["Wales", "France", "Scotland"],
            "places": ["Rome", "Ireland", "Gloucestershire", "Europe"],
        },
        absent={"any": ["Sidoli"]},
    ),
    Case(
        "outside a match report the countries are places",
        MATCH_REPORT,
        found={"places": ["Wales", "France", "Sidoli"]},
    ),
    Case(
        "in a story of a team game a country is its side unless it is where someone goes",
        "The [Italy|GPE] skipper expects a scrappy Six Nations match against [Scotland|GPE], who lost to "
        "[France|GPE]. The squad flew from [Scotland|GPE] to [Italy|GPE] on Friday; the tour to [Argentina|GPE] "
        "comes later.",
        found={"organisations": ["Scotland", "France"], "places": ["Italy", "Argentina"]},
    ),
    Case(
        "the same countries with one word of the game are a story of countries, not of sides",
        "The [Italy|GPE] minister expects a scrappy meeting with [Scotland|GPE], which lost to [France|GPE] over "
        "the match.",
        found={"places": ["Italy", "Scotland", "France"]},
    ),
]

# ---------------------------------------------------------------- works: titles of works and products are things

SURROUNDS, SAID_OF = "a work is known by what surrounds it", "a work is known by what is said of it"

WORKS = [
    Case(  # from a BBC tech story: NER called AutoLink a product four times and an organisation once
        "a name the model mostly calls a product is not an organisation",
        "Some users said [AutoLink|ORG] was unfair. The [AutoLink|PRODUCT] code sends users to [Amazon|ORG]. "
        "Users can disable the [AutoLink|PRODUCT] button. [Google|ORG] said the [AutoLink|PRODUCT] tool would "
        "stay, and [AutoLink|PRODUCT] users agreed.",
        found={"organisations": ["Google", "Amazon"]},
        absent={"any": ["AutoLink"]},
    ),
    Case(
        "a name the model mostly calls an organisation stays one",
        "Some users said [AutoLink|ORG] was unfair. The [AutoLink|ORG] code sends users to [Amazon|ORG]. Users "
        "can disable the [AutoLink|PRODUCT] button. Google said the AutoLink tool would stay, and AutoLink users "
        "agreed.",
        found={"organisations": ["AutoLink"]},
    ),
    Case(  # "comedian" is no work
        "a name introduced as a work is not a name in its article",
        "Critics praised the comedy [Sideways|GPE]. [Sideways|GPE] star [Paul Giamatti|PERSON] thanked the "
        "comedian [Ricky Gervais|PERSON].",
        found={"people": ["Paul Giamatti", "Ricky Gervais"]},
        absent={"any": ["Sideways"]},
    ),
    Case(
        "a name introduced as a work by a word starting its sentence is not a name",
        "[Comedy Meet The Fockers|PERSON] held on to the top spot, ahead of [Ben Stiller|PERSON]'s next film.",
        found={"any": ["Ben Stiller"]},
        exact=("any",),
    ),
    cast(  # "The" of the title between the work word and the name
        SURROUNDS,
        "Chorus",
        "[Gerard Jugnot|PERSON], star of the film The [Chorus|ORG], topped the list. The [Chorus|ORG] drew nine "
        "million.",
    ),
    cast(SURROUNDS, "Aviator", "The [Aviator|ORG], starring [Leonardo DiCaprio|PERSON], opened on Friday."),
    cast(SURROUNDS, "Godzilla", "[Godzilla|ORG] star [Jean Reno|PERSON] was the best paid."),
    cast(
        SURROUNDS, "Hotel Rwanda", "He had a cameo in the Oscar-nominated [Hotel Rwanda|GPE], said [Jean Reno|PERSON]."
    ),
    cast(SURROUNDS, "Friends", "[Friends|ORG] actress [Lisa Kudrow|PERSON] met [Jean Reno|PERSON]."),
    cast(  # small words in capitals: a title
        SURROUNDS, "Married With Children", "He starred in [Married With Children|ORG], said [Jean Reno|PERSON]."
    ),
    cast(SURROUNDS, "Carry On", "Kenneth Williams made [Carry On|ORG] with [Jean Reno|PERSON]."),
    cast(
        f"{SURROUNDS}, a dash ending the name the model ran on",
        "Chorus",
        "[Jugnot|PERSON] - star of [The Chorus - has|WORK_OF_ART] beaten [Jean Reno|PERSON]. The [Chorus|ORG] "
        "drew nine million.",
    ),
    Case(
        "a place or a person beside those words is kept",
        "[Hollywood|GPE] star [Tom Hanks|PERSON] met the Oscar-winning [Jamie Foxx|PERSON] and the "
        "Oscar-nominated [Chorus|ORG] in [Paris|GPE].",
        found={"places": ["Hollywood"], "people": ["Tom Hanks", "Jamie Foxx"]},
        absent={"any": ["Chorus"]},
    ),
    Case(
        "an organisation beside those words is kept",
        "The [Bank of England|ORG] and [Radio One|ORG] presenter [Zoe Ball|PERSON] backed [Juventus|ORG], top of "
        "[Serie A|ORG] this year.",
        found={"organisations": ["Bank of England", "Radio One", "Serie A"]},
    ),
    Case(
        "names listed with a work are works",
        "Nominees include the comedy [Napoleon Dynamite|PERSON], The Door in the Floor and [Garden State|GPE], "
        "says [Zach Braff|PERSON].",
        found={"people": ["Zach Braff"]},
        exact=("any",),
    ),
    Case(
        "names listed with a game are games",
        "Games such as [Populous|LOC], Theme Park and [Dungeon Keeper|PERSON] made [Peter Molyneux|PERSON] famous.",
        found={"people": ["Peter Molyneux"]},
        exact=("any",),
    ),
    Case(  # after a comma alone: not listed with the track
        "the next sentence's subject is not listed with a work",
        "On his track [Uno Contra Veinte Emcees|ORG], [Tote King|PERSON] shows he is the leader. [Tote King|PERSON] "
        "is from [Seville|GPE].",
        found={"people": ["Tote King"]},
    ),
    cast(SAID_OF, "Collateral", "[Jamie Foxx|PERSON] was nominated for [Collateral|GPE] with [Tom Cruise|PERSON]."),
    cast(SAID_OF, "Sideways", "[Paul Giamatti|PERSON] was nominated for [Sideways|GPE]."),
    cast(SAID_OF, "Motorcycle Diaries", "[Walter Salles|PERSON] made the acclaimed [Motorcycle Diaries|ORG]."),
    cast(SAID_OF, "Jungle Fever", "[Spike Lee|PERSON] made films including [Jungle Fever|ORG]."),
    cast(SAID_OF, "Billy Elliot", "[Stephen Daldry|PERSON] made the film version of [Billy Elliot|PERSON]."),
    cast(SAID_OF, "Million Dollar Baby", "[Clint Eastwood|PERSON] said [Million Dollar Baby|ORG] won best film."),
    cast(SAID_OF, "Meet the Fockers", "[Meet the Fockers|ORG], which also stars [Robert De Niro|PERSON], opened."),
    cast(SAID_OF, "Fockers", "[Ben Stiller|PERSON] starred in Meet The [Fockers|ORG] last year."),
    cast(
        f"{SAID_OF}, its owner cut off and still a person",
        "A Very Long Engagement",
        "[Audrey Tautou|PERSON] starred in [Jean-Pierre Jeunet|PERSON]'s [A Very Long Engagement|ORG].",
    ),
    cast(
        f"{SAID_OF}, small words in lower case inside it",
        "Lord of the Rings",
        "[Cate Blanchett|PERSON] starred in [The Lord of the Rings|ORG], said [Jean Reno|PERSON].",
    ),
    Case(
        "works listed after those words are all works",
        "[Kate Winslet|PERSON] had roles in [Eternal Sunshine|ORG] of the Spotless Mind and [Finding Neverland|ORG].",
        found={"people": ["Kate Winslet"]},
        exact=("any",),
    ),
    Case(
        "works listed after those words end before a place",
        "[Jamie Foxx|PERSON] starred in [Collateral|ORG] and [Ray|ORG], and in [Chicago|GPE].",
        found={"people": ["Jamie Foxx"], "places": ["Chicago"]},
        exact=("any",),
    ),
    Case(  # Sideways, tagged a place, is the film
        "a sentence-opening word is not part of a title",
        "Critics cheered. But Sideways won best film, said Paul Giamatti.",
        found={"people": ["Paul Giamatti"]},
        exact=("people", "organisations", "places"),
    ),
    Case(
        "people beside award words are kept",
        "[Imelda Staunton|PERSON] was named best film actress. [Mick Jagger|PERSON] and [Dave Stewart|PERSON] won "
        "the best original song award.",
        found={"any": ["Imelda Staunton", "Mick Jagger", "Dave Stewart"]},
        exact=("any",),
    ),
    Case(
        "people beside cast words are kept",
        "[Kevin Spacey|PERSON], starring as [Bobby Darin|PERSON], met [Jean Reno|PERSON]. The movie version of "
        "[Dan Brown|PERSON]'s novel is out.",
        found={"any": ["Kevin Spacey", "Bobby Darin", "Jean Reno", "Dan Brown"]},
        exact=("any",),
    ),
    Case(
        "a person the model took for an organisation is no work before an award word",
        "Reporters said [Imelda Staunton|ORG] was named best film actress.",
        found={"any": ["Imelda Staunton"]},
    ),
    Case(
        "a person the model took for an organisation is no work, starring as someone",
        "Reporters met [Kevin Spacey|ORG], starring as Bobby Darin.",
        found={"any": ["Kevin Spacey"]},
    ),
    Case(
        "a person the model took for an organisation is no work, starring in something",
        "Reporters met [Kevin Spacey|ORG], starring in Ray.",
        found={"any": ["Kevin Spacey"]},
    ),
    Case(
        "where someone appeared or performed is no work",
        "He appeared in [Glasgow|GPE], then appeared in [Birmingham Crown Court|ORG] after performances in "
        "[Leeds|GPE] and [York|GPE].",
        found={"places": ["Glasgow", "Leeds", "York"], "organisations": ["Birmingham Crown Court"]},
        exact=("any",),
    ),
    Case(
        "where a film is from is no work",
        "Critics said [The Sea Inside|ORG] from [Spain|GPE] won best foreign film.",
        found={"places": ["Spain"]},
    ),
    Case(
        "an award nominated for is no work but an event",
        "Both were nominated for [Oscars|ORG] last year.",
        found={"events": ["Oscars"]},
        exact=("any",),
    ),
    Case(
        "a side starred in a match report is no work",
        "[Thierry Henry|PERSON] starred in [Arsenal|ORG] win over [Chelsea|ORG], the coach said of his captain "
        "and the squad.",
        found={"organisations": ["Arsenal"]},
    ),
    Case(
        "a name before a common noun is no title",
        "Nesbitt has appeared in BBC series Ballykissangel since 1999, the BBC said.",
        found={"organisations": ["BBC"]},
    ),
    Case(
        "products are not organisations, nor is a term spelt out before its abbreviation",
        "[Apple|ORG] said sales of the [iPod|ORG] and [iTunes|ORG] grew, while [eBay|ORG] and [Telewest|ORG] "
        "offer a personal video recorder ([PVR|ORG]).",
        found={"organisations": ["Apple", "eBay", "Telewest"]},
        exact=("any",),
    ),
    Case(
        "a name before a programme word is a programme unless mostly an organisation",
        "She told the [Focus on Africa|ORG] programme that the [BBC|ORG] had called. A [BBC|ORG] programme followed.",
        found={"organisations": ["BBC"]},
        exact=("any",),
    ),
    Case(  # nor elsewhere in the article; MSA is the association's abbreviation
        "a technology spelt out before its abbreviation is no name",
        "The network uses [High Speed Downlink Packet Access|ORG] ([HSDPA|ORG]), said the [Mobile Suppliers "
        "Association|ORG] ([MSA|ORG]), which met the [High Speed Downlink Packet Access|ORG] group again.",
        found={"organisations": ["Mobile Suppliers Association"]},
        absent={"any": ["High Speed Downlink Packet Access", "HSDPA", "MSA"]},
    ),
    Case(
        "a technology spelt out after its abbreviation is no name",
        "[Sharp|ORG] sells UWB ([Ultra Wide Band|ORG]) radios through the [BT|ORG] ([British Telecom|ORG]) shops.",
        found={"organisations": ["British Telecom", "Sharp"]},
        absent={"any": ["Ultra Wide Band"]},
    ),
]

# ---------------------------------------------------------------- folding: one name per entity in an article

HOLMES = (
    "Kelly Holmes won the 800m in Birmingham on Saturday.\n\n"
    "Kelly said afterwards that the crowd had carried her over the line."
)

FOLDING = [
    Case(
        "a lone first name folds into the full name",
        HOLMES,
        found={"people": ["Kelly Holmes"]},
        absent={"people": ["Kelly"]},
    ),
    Case(
        "a lone name without a full name is dropped but a full name is kept",
        "Shares in Altria rose 3% after the ruling, analyst Sarah Collins said in New York.",
        found={"people": ["Sarah Collins"]},
        absent={"people": ["Altria"]},
    ),
    Case(
        "a surname tagged as a place folds into the person but a country does not",
        "Darren Campbell finished second in the 100m final.\n\n"
        "Campbell said the race in Jordan had been his best of the season.",
        found={"people": ["Darren Campbell"], "places": ["Jordan"]},
        absent={"places": ["Campbell"]},
    ),
    Case(
        "a name with a country in it is one name",
        "The Bank of England and the Royal Bank of Scotland both raised their forecasts.",
        found={"organisations": ["Bank of England", "Royal Bank of Scotland"]},
    ),
    Case(
        "an abbreviation folds into the organisation it spells, a hyphen parting two words",
        "Leaders met at the [Asia-Pacific Economic Cooperation|ORG] summit; [APEC|ORG] said so.",
        found={"organisations": ["Asia-Pacific Economic Cooperation"]},
        exact=("any",),
    ),
    Case(
        "an abbreviation that could spell two names stays",
        "The [ID|ORG] said so to the [Israel Defense|ORG] and the [Islamic Dawa|ORG].",
        found={"any": ["ID", "Israel Defense", "Islamic Dawa"]},
        exact=("any",),
    ),
    Case(
        "an initial and surname folds into the full name with that initial, not another",
        "Coach Alan Robson has picked the teenager Martin Tolley to start against Wales on Saturday.\n\n"
        "J Robson (Sale, capt); M Carey (Sale), M Tolley (Newcastle), J Nunn (Newcastle), J Lacey (Wasps); "
        "C Hobbs (Sale), M Dyer (Wasps); G Rowley (Leicester), S Thorpe (Northampton), J Whitely "
        "(Leicester), D Greaves (Bath), B Kemp (Leicester).",
        found={"people": ["Martin Tolley", "Alan Robson", "J Robson"]},
        absent={"people": ["M Tolley"]},
    ),
]
