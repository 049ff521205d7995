"""The entity rules for agency wire copy (shared/enrichment/entities/wire.py and the wire cases of
names.py, folding.py and the dateline places), each pinned with a story where it must act and one
where it must not. Stories are synthetic, written in the style of 1987 Reuters copy (the wire set of
`make bench-nlp`), on the small model like tests/unit/test_entity_rules.py."""

from dataclasses import dataclass, field

import pytest

from shared.contracts import NlpResult
from shared.enrichment.entities import mentions, retype
from shared.enrichment.entities.folding import headline_mentions
from shared.enrichment.entities.wire import legal_forms
from shared.enrichment.pipeline import NlpPipeline
from shared.parsing import parse_file
from tests.unit.entity_cases import MARK, tagged


@pytest.fixture(scope="module")
def analyzer() -> NlpPipeline:
    return NlpPipeline("en_core_web_sm", tagger=False)  # as the enricher runs by default


def wire(analyzer: NlpPipeline, story: str, title: str = "SYNTHETIC TEST STORY") -> NlpResult:
    (article,) = parse_file("synthetic.txt", f"{title}\n\n{story}\n Reuter\n".encode()).articles
    return analyzer.analyse_one(article)


@dataclass(frozen=True)
class Case:
    rule: str
    story: str
    found: dict[str, list[str]] = field(default_factory=dict)  # category -> names that must be found
    absent: dict[str, list[str]] = field(default_factory=dict)  # category -> names that must not be


CASES = [
    Case(
        "a company's commas and 'and' belong to its name when a legal form ends it",
        "    NEW YORK, March 3 - Merrill Lynch, Pierce, Fenner and Smith Inc said it would manage the "
        "offering with Prescott, Ball and Turben Inc.",
        found={"organisations": ["Merrill Lynch, Pierce, Fenner and Smith Inc", "Prescott, Ball and Turben Inc"]},
        absent={"organisations": ["Pierce", "Fenner and Smith Inc"], "people": ["Prescott"]},
    ),
    Case(
        "companies listed each with its legal form stay several",
        "    BOSTON, April 2 - The group sold Enro Shirt Co Inc, Warnaco Inc and Foxcroft Shirt Ltd to "
        "an investor group, it said.",
        found={"organisations": ["Enro Shirt Co Inc", "Warnaco Inc", "Foxcroft Shirt Ltd"]},
        absent={"organisations": ["Enro Shirt Co Inc, Warnaco Inc and Foxcroft Shirt Ltd"]},
    ),
    Case(
        "a possessive inside a company's name is kept, and the full stop after its legal form dropped",
        "    NEW YORK, March 3 - Moody's Investors Service Inc said it cut the ratings of Amoco Corp.",
        found={"organisations": ["Moody's Investors Service Inc", "Amoco Corp"]},
        absent={"organisations": ["Moody", "Amoco Corp."]},
    ),
    Case(
        "a name the model left before its legal form takes it",
        "    MILAN, March 3 - Shares of Sige Spa rose after the Milan bourse opened, dealers said.",
        found={"organisations": ["Sige Spa"]},
    ),
    Case(
        "a company named without its legal form is that company",
        "    SAN FRANCISCO, June 29 - Di Giorgio Corp said it received a letter. Di Giorgio said it would "
        "study the offer.",
        found={"organisations": ["Di Giorgio Corp"]},
        absent={"people": ["Di Giorgio"], "organisations": ["Di Giorgio"]},
    ),
    Case(
        "a ticker in angle brackets is no name of its own",
        "    PITTSBURGH, March 3 - USX Corp <X> said its steel unit would close the plant in May.",
        found={"organisations": ["USX Corp"]},
        absent={"organisations": ["X"], "people": ["X"]},
    ),
    Case(
        "a state's abbreviation after a town is the state, and a dateline's places are the story's",
        "    TOPEKA, Kan., March 3 - The company said its plant in Marysville, Ohio, and a mill in "
        "Andover, Mass., would close.",
        found={"places": ["Topeka", "Kansas", "Ohio", "Massachusetts"]},
    ),
    Case(
        "an abbreviation after a comma and no place is no state, and Washington, DC is one place",
        "    WASHINGTON, March 3 - Output rose 5 pct, Mo. Smith of the union said at an event in Washington, "
        "DC, on Monday.",
        found={"places": ["Washington"]},
        absent={"places": ["Missouri", "DC"]},
    ),
    Case(
        "legislatures are organisations, also after a country",
        "    WASHINGTON, March 3 - The Senate passed the bill on Tuesday and the House voted on it, "
        "but the U.S. Congress must still agree with the Japanese Diet, officials said.",
        found={"organisations": ["Senate", "House", "Congress"], "places": ["United States"]},
        absent={"organisations": ["U.S. Congress"]},
    ),
    Case(
        "a house is no legislature, nor is a name that starts with a country",
        "    LONDON, March 3 - He bought a house in the town, said a director of US Airways and UK Athletics.",
        found={"organisations": ["US Airways", "UK Athletics"]},
        absent={"organisations": ["House", "Airways", "Athletics"]},
    ),
    Case(
        "a name in angle brackets with a space or lower case is a company, as Reuters marks them",
        "    ROME, June 16 - The chairman of <Italiana Olii e Sifi> said the bid was fair.",
        found={"organisations": ["Italiana Olii e Sifi"]},
        absent={"people": ["Italiana Olii e Sifi"]},
    ),
    Case(
        "a ticker in angle brackets is no company name of its own",
        "    NEW YORK, March 3 - Enro Holding Corp <ENRO> said it would sell two units.",
        found={"organisations": ["Enro Holding Corp"]},
        absent={"organisations": ["ENRO"]},
    ),
    Case(
        "a bank or company 'of' a place keeps the place in its name",
        "    CHICAGO, April 2 - The company repaid loans from Morgan Guaranty Trust Co of New York and "
        "the Merchants Bank of Kansas City.",
        found={"organisations": ["Morgan Guaranty Trust Co of New York", "Merchants Bank of Kansas City"]},
        absent={"organisations": ["Morgan Guaranty Trust Co", "Merchants Bank"]},
    ),
    Case(
        "a title of office makes one name a person's, though no full name follows",
        "    WASHINGTON, April 8 - The bill would require President Reagan to retaliate, and "
        "Senator Bentsen said he would support it.",
        found={"people": ["Reagan", "Bentsen"]},
    ),
    Case(
        "a courtesy title alone does not",
        "    LONDON, April 8 - Mr Howard said the tax would rise, officials said.",
        absent={"people": ["Howard"]},
    ),
    Case(
        "a nationality's party is an organisation",
        "    ROME, June 16 - The vote dealt a blow to the Communist party, officials said.",
        found={"organisations": ["Communist"]},
        absent={"groups": ["Communist"]},
    ),
    Case(
        "a nationality without 'party' stays a group",
        "    MOSCOW, June 16 - Communist leaders met to discuss the plan, officials said.",
        absent={"organisations": ["Communist"]},
    ),
    Case(
        "groups of nations are organisations",
        "    PARIS, April 8 - The Group of Seven (G-7) industrial countries should respect the accord, "
        "and finance ministers of the G-5 met in Washington.",
        found={"organisations": ["Group of Seven", "G-7", "G-5"]},
        absent={"places": ["G-5", "G-7"]},
    ),
    Case(
        "securities, money-supply measures and institutions' adjectives name nothing",
        "    CHICAGO, April 3 - Eurodollars fell 4 to 7 basis points. Australia's M-3 money supply rose "
        "1.5 pct, and Congressional sources said East-West talks would resume.",
        absent={c: ["Eurodollars", "M-3", "Congressional", "East-West"] for c in ("organisations", "places")},
    ),
    Case(
        "but a longer name that starts with one is kept, and so are the compass points' places",
        "    WASHINGTON, April 3 - The Congressional Budget Office said aid to the West Bank and East "
        "Timor would rise.",
        found={"organisations": ["Congressional Budget Office"], "places": ["West Bank"]},
    ),
    Case(
        "a newspaper's name in quotes after 'daily' is an organisation",
        '    DHAKA, April 8 - The pro-government Bengali daily "Dainik Janata" reported the arrests.',
        found={"organisations": ["Dainik Janata"]},
        absent={"people": ["Dainik Janata"]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_wire_rules(analyzer: NlpPipeline, case: Case) -> None:
    result = wire(analyzer, case.story)
    for category, names in case.found.items():
        assert set(names) <= set(getattr(result, category)), f"{category}: {getattr(result, category)}"
    for category, names in case.absent.items():
        assert not set(names) & set(getattr(result, category)), f"{category}: {getattr(result, category)}"


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("He sold it to V. [Jerome Kaplan|PERSON], the officer.", "V. Jerome Kaplan"),
        ("Minister [Alejandro Martinez|PERSON] Cuenca told reporters.", "Alejandro Martinez Cuenca"),
        ("A painting by [Joshua Reynolds'|PERSON] Portrait Studio.", "Joshua Reynolds"),
        ("Talks with [Tony Blair|PERSON] Labour Party aides.", "Tony Blair"),
    ],
)
def test_a_person_the_model_cut_short_gets_an_initial_or_a_last_word_back(
    analyzer: NlpPipeline, marked: str, expected: str
) -> None:
    doc = tagged(analyzer.nlp, marked)
    assert [m.text for m in mentions(doc) if m.category == "people"] == [expected]


def test_a_story_filed_from_a_place_lists_it_though_the_body_does_not_name_it(analyzer: NlpPipeline) -> None:
    filed = wire(analyzer, "    NEW YORK, March 3 - Shares rose sharply in early trading, dealers said.")
    assert "New York" in filed.places
    assert filed.dateline_location is not None
    assert filed.dateline_location.name == "New York"
    unfiled = wire(analyzer, "Shares rose sharply in early trading, dealers said.")
    assert unfiled.places == []


@pytest.mark.parametrize(
    ("name", "category", "expected"),
    [
        ("Valhi Inc", "people", ("Valhi Inc", "organisations")),
        ("Hemlo Gold Mines Ltd", "places", ("Hemlo Gold Mines Ltd", "organisations")),
        ("Tony Blair", "people", ("Tony Blair", "people")),
        ("Inc", "people", None),  # a legal form alone is no name
    ],
)
def test_a_name_ending_in_a_legal_form_is_a_company(name: str, category: str, expected: tuple[str, str] | None) -> None:
    assert retype(name, category) == expected  # type: ignore[arg-type]


def test_a_headline_in_capitals_counts_names_in_any_case() -> None:
    forms = {"Reagan": "ronald reagan", "US": "united states"}
    assert headline_mentions("REAGAN SIGNS US TRADE BILL", forms) == {"ronald reagan": 1, "united states": 1}
    assert headline_mentions("Reagan signs trade bill with us", forms) == {"ronald reagan": 1}


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        (
            "Loans from [Morgan Guaranty Trust Co|ORG] of [New York|GPE].",
            [("Morgan Guaranty Trust Co of New York", "ORG")],
        ),
        ("Loans from the [Merchants Bank|ORG] of [Kansas City|GPE].", [("Merchants Bank of Kansas City", "ORG")]),
        # not a company's last word: the company and the place
        (
            "Cars from [San-Yan Industries|ORG] of [Taiwan|GPE].",
            [("San-Yan Industries", "ORG"), ("Taiwan", "GPE")],
        ),
        # not a place after "of"
        ("A unit of [Amoco Co|ORG] of [Amoco Chemicals|ORG].", [("Amoco Co", "ORG"), ("Amoco Chemicals", "ORG")]),
    ],
)
def test_a_company_of_a_place_keeps_the_place_in_its_name(
    analyzer: NlpPipeline, marked: str, expected: list[tuple[str, str]]
) -> None:
    doc = legal_forms(tagged(analyzer.nlp, marked))
    assert [(e.text, e.label_) for e in doc.ents] == expected


@pytest.mark.parametrize(
    ("marked", "category"),
    [
        ("[Hemlo Gold|PERSON] advanced 7/8 to 27-1/4 in active trading.", "organisations"),
        ("[Inland Gas|PERSON] fell 12 cents to 4.50 dlrs.", "organisations"),
        ("[Glaxo Wellcome|PERSON] rose 3.5 pct on the news.", "organisations"),
        ("[Steve Cram|PERSON] climbed 3 places to second.", "people"),  # places are no price
        ("[Steve Cram|PERSON] fell 2 metres short.", "people"),
        ("[Steve Cram|PERSON] rose to speak.", "people"),
    ],
)
def test_a_name_whose_price_moves_is_a_company(analyzer: NlpPipeline, marked: str, category: str) -> None:
    (name,) = [mark[1] for mark in MARK.finditer(marked)]
    assert [(m.text, m.category) for m in mentions(tagged(analyzer.nlp, marked))] == [(name, category)]


@pytest.mark.parametrize(
    ("name", "category", "expected"),
    [
        ("Eurodollars", "organisations", None),
        ("M-3", "organisations", None),
        ("Congressional", "organisations", None),
        ("East-West", "places", None),
        ("Congressional Budget Office", "organisations", ("Congressional Budget Office", "organisations")),
        ("M1", "places", ("M1", "places")),  # a motorway too
        ("West Bank", "places", ("West Bank", "places")),
        ("North-East", "places", ("North-East", "places")),  # a region, not a pair of opposites
    ],
)
def test_securities_and_adjectives_of_institutions_name_nothing(
    name: str, category: str, expected: tuple[str, str] | None
) -> None:
    assert retype(name, category) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("marked", "category"),
    [("It was a blow to the [Communist|NORP] party.", "organisations"), ("[Communist|NORP] leaders met.", "groups")],
)
def test_a_nationality_with_party_is_an_organisation(analyzer: NlpPipeline, marked: str, category: str) -> None:
    assert [(m.text, m.category) for m in mentions(tagged(analyzer.nlp, marked))] == [("Communist", category)]
