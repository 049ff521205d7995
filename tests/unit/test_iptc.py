"""IPTC NITF and NewsML-G2 files: real IPTC, NITFr and dpa samples, and synthetic ones in the same
shape (tests/fixtures/README.md says which is which)."""

from datetime import date

import pytest

from shared.parsing import ParseError, parse_file
from tests.support.paths import FIXTURES

IPTC = FIXTURES / "iptc"


def parse(name: str):  # type: ignore[no-untyped-def]
    return parse_file(name, (IPTC / name).read_bytes())


def nitf(head: str = "", body_head: str = "", content: str = "<p>Some text.</p>") -> bytes:
    return (
        f"<nitf><head>{head}</head><body><body.head>{body_head}</body.head>"
        f"<body.content>{content}</body.content></body></nitf>"
    ).encode()


def test_nitf_sample_gives_headline_body_byline_dateline_date_and_agency() -> None:
    (article,) = parse("nitf-simple-article.xml").articles
    assert article.layout == "nitf"
    assert article.title == "Revolutionary Technology Changes Industry"
    assert article.authors == ["Jane Smith"]
    assert article.dateline == "SAN FRANCISCO, Dec 15"
    assert article.dateline_place == "SAN FRANCISCO"
    assert article.published == date(2024, 12, 15)
    assert article.agency == "Example News Corp"
    assert article.caption == "CEO John Doe presents the new platform at the launch event."
    assert article.photo_credit == "Photo by Alex Johnson"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("A groundbreaking new technology unveiled today")
    # Inline <org>, <person>, <location> and <em> keep their words in the sentence.
    assert article.paragraphs[1] == (
        "The platform, developed by TechCorp Inc, uses advanced algorithms to process information at"
        " unprecedented speeds. John Doe, the company's CEO, announced the launch at a press conference"
        " in San Francisco."
    )
    assert article.paragraphs[-1].endswith("visit our website.")
    for not_body in ("Senior Technology Reporter", "A new technology platform", "CEO John Doe presents", "press@"):
        assert not_body not in article.body


def test_nitf_with_namespace_reads_people_location_norm_dates_and_photo_credit() -> None:
    (article,) = parse("nitf-synthetic-wire.xml").articles
    assert article.title == "Dock strike halts container traffic at Harbourtown port"
    assert article.authors == ["Anna Visser", "Tom Baker"]
    assert article.dateline == "HARBOURTOWN, Netherlands, Jan 15"
    assert article.dateline_place == "HARBOURTOWN, Netherlands"
    assert article.dateline_date == date(2024, 1, 15)
    assert article.published == date(2024, 1, 15), "date.issue 20240115T120000Z, before date.release"
    assert article.agency == "Example Wire", "the copyright holder before the distributor"
    assert article.caption == "Idle cranes at the east terminal on Monday."
    assert article.credit_parts == ["Jan Smit", "Example Photo"]
    assert article.paragraphs == [
        "Container traffic at the port of Harbourtown came to a halt on Monday as all crane operators walked out.",
        "The port authority said 40 ships were waiting offshore.",
        "What happens next",
        "Talks are set for Wednesday.",
    ]
    assert "editor: confirm" not in article.body, "comments are not text"


def test_newsml_text_item_with_inline_nitf() -> None:
    (article,) = parse("newsml-g2-text-item.xml").articles
    assert article.layout == "newsml-g2"
    assert article.title == 'Fed to halt QE to avert "bubble"'
    assert article.authors == ["Meredith Jameson"]
    assert article.dateline_place == "New York, NY"
    assert article.published == date(2016, 11, 21), "contentCreated: the item has no firstCreated"
    assert article.agency == "Acme News and Media LLC"
    assert len(article.paragraphs) == 2
    assert article.paragraphs[0].startswith("(New York, NY - October 21) Et, sent luptat luptat, commy Nim")
    assert article.paragraphs[1].endswith("esto cons dolutpat, si.")
    assert "Staff Reporter" not in article.body


def test_newsml_sports_story_leaves_the_abstract_out_of_the_body() -> None:
    (article,) = parse("newsml-g2-sports-story.xml").articles
    assert article.title == "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m."
    assert article.published == date(2016, 10, 19)
    assert article.authors == ["The Sports Network"]
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("(Sports Network) - A pair of teams coming off big weekend sweeps")
    assert article.paragraphs[-1].endswith("Garcia has gone 0-2 over his last six starts.")


def test_newsml_picture_item_alone_is_refused_with_its_guid() -> None:
    with pytest.raises(ParseError) as caught:
        parse("newsml-g2-photo-item.xml")
    assert caught.value.reason == "picture item tag:gettyimages.com,2010:GYI0062134533 has no text, skipped"


def test_newsml_package_alone_is_refused_not_crashed() -> None:
    with pytest.raises(ParseError) as caught:
        parse("newsml-g2-package.xml")
    assert caught.value.reason == (
        "package item tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658 has no text,"
        " only references to 2 other items"
    )


def test_newsml_message_gives_each_text_item_and_skips_the_picture_with_a_reason() -> None:
    result = parse("newsml-g2-message-synthetic.xml")
    assert [a.source.position for a in result.articles] == [2, 4], "positions in the itemSet, package first"
    assert result.errors == [], "a photo is not an article by design: reported, not an error"
    assert result.skipped == ["picture item urn:newsml:example.org:20240304:floods-photo has no text, skipped"]

    floods, rail = result.articles
    assert floods.title == "Floods close schools in Riverton"
    assert floods.authors == ["Lucia Romero", "Pablo Ortega"], "the by-line before the creator"
    assert floods.dateline == "RIVERTON, March 3"
    assert floods.dateline_place == "Riverton, Spain"
    assert floods.published == date(2024, 3, 3), "firstCreated, in the provider's own time zone"
    assert floods.agency == "Example Wire"
    assert floods.paragraphs == [
        "Schools across Riverton stayed shut on Sunday after the river burst its banks.",
        "The city council said two bridges were closed to traffic.",
        "Rain to ease",
        "Forecasters expect the rain to ease by Tuesday.",
    ]
    assert "flooded market square" not in floods.body, "the figure caption is not body text"

    assert rail.title == "Rail line reopens after flooding"
    assert rail.paragraphs == [
        "The coastal rail line reopened on Monday morning.",
        "Trains run every hour until repairs are finished.",
    ]
    assert rail.published == date(2024, 3, 4)


def test_newsml_text_item_with_empty_content_is_refused() -> None:
    data = (
        b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1"><itemMeta>'
        b'<itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>H</headline></contentMeta>'
        b'<contentSet><inlineXML contenttype="application/nitf+xml"><!-- nothing --></inlineXML></contentSet>'
        b"</newsItem>"
    )
    with pytest.raises(ParseError, match=r"text item urn:x:1 has no text, skipped"):
        parse_file("empty.xml", data)


def test_newsml_message_with_only_a_package_is_refused() -> None:
    data = (
        b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">'
        b'<itemSet><packageItem guid="p"/></itemSet></newsMessage>'
    )
    with pytest.raises(ParseError, match="news message without news items"):
        parse_file("message.xml", data)


def test_nitf_without_hl1_takes_head_title_and_without_text_is_refused() -> None:
    (article,) = parse_file("t.xml", nitf(head="<title>Head title</title>")).articles
    assert article.title == "Head title"
    assert article.paragraphs == ["Some text."]
    with pytest.raises(ParseError, match=r"NITF document without text in body\.content"):
        parse_file("t.xml", nitf(head="<title>Head title</title>", content=""))


@pytest.mark.parametrize(
    ("norm", "expected"),
    [
        ("20240115", date(2024, 1, 15)),
        ("20240115T120000Z", date(2024, 1, 15)),
        ("2024-01-15T23:30:00-05:00", date(2024, 1, 15)),
        ("20241345", None),
        ("soon", None),
    ],
)
def test_nitf_issue_dates(norm: str, expected: date | None) -> None:
    data = nitf(head=f'<title>T</title><docdata><date.issue norm="{norm}"/></docdata>')
    assert parse_file("t.xml", data).articles[0].published == expected


@pytest.mark.parametrize(
    ("byline", "dateline", "authors", "place"),
    [
        ("By JOHN DOE, Associated Press Writer", "WASHINGTON (AP) -", ["JOHN DOE"], "WASHINGTON"),
        ("by Jane Roe; Max Mustermann", "MOSCOW, Monday (Reuters)", ["Jane Roe", "Max Mustermann"], "MOSCOW"),
        ("", "New York, NY - Oct 21", [], "New York, NY"),
        ("", "Jan 15", [], None),
    ],
)
def test_nitf_bylines_and_datelines_as_printed(
    byline: str, dateline: str, authors: list[str], place: str | None
) -> None:
    body_head = f"<hedline><hl1>T</hl1></hedline><byline>{byline}</byline><dateline>{dateline}</dateline>"
    (article,) = parse_file("t.xml", nitf(body_head=body_head)).articles
    assert article.authors == authors
    assert article.dateline_place == place


def test_subjects_keywords_slugline_and_the_providers_id_are_kept() -> None:
    (fed,) = parse("newsml-g2-text-item.xml").articles
    assert fed.keywords == ["economy, business and finance", "central bank", "money and monetary policy"]
    assert fed.slugline == "US-Finance-Fed"
    assert fed.source_id == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    (dock,) = parse("nitf-synthetic-wire.xml").articles
    assert dock.keywords == ["labour dispute", "shipping"]
    assert dock.source_id == "NFX-20240115-0042"
    (simple,) = parse("nitf-simple-article.xml").articles
    assert simple.keywords == []
    assert simple.source_id == "article-2024-001"


# ---------------------------------------------------------------- dpa digitalwires: XHTML header and dateline


def test_dpa_xhtml_header_is_not_body_and_the_dateline_span_leaves_the_paragraph() -> None:
    (article,) = parse("newsml-g2-dpa-with-dateline.xml").articles
    assert article.title == "DeepSeek-Schock aus China: Zeichen für KI-Zeitenwende?"
    # The header: slugline items, the kicker <h3>, the by-line and the time are no paragraphs.
    header = ["Internet", "Börse", "USA", "Künstliche Intelligenz", "Von Andrej Sokolow, dpa", "28.01.2025 09:18"]
    assert not set(header) & set(article.paragraphs)
    assert "28.01.2025" not in article.body
    assert {"Internet", "Börse", "USA"} <= set(article.keywords)
    assert article.dateline == "New York (dpa) -"
    assert article.dateline_place == "New York"
    assert article.published == date(2025, 1, 28)
    assert article.paragraphs[0].startswith("Dass ein Start-up aus China"), "the teaser"
    assert article.paragraphs[1].startswith("Ein Chatbot aus China schockt die Wall Street: Panische Anleger")
    assert "(dpa)" not in article.body
    assert len(article.paragraphs) == 16


def test_dpa_regional_story_keeps_the_teaser_and_the_text_after_the_dateline() -> None:
    (article,) = parse("newsml-g2-dpa-regional-nsb-n1.xml").articles
    assert article.title == "Baum auf Bahnstrecke bei Peine - Verspätungen"
    assert article.dateline == "Peine (dpa/lni) -"
    assert article.dateline_place == "Peine"
    assert article.agency == "dpa"
    assert article.keywords == ["vm", "Niedersachsen", "Verkehr", "Bahn", "Peine"]
    assert len(article.paragraphs) == 2
    assert article.paragraphs[0] == (
        "Ein umgestürzter Baum behindert den Bahnverkehr zwischen Peine und Hämelerwald."
        " Berufspendler mussten am Abend Geduld haben."
    )
    assert article.paragraphs[1].startswith(
        "Ein umgestürzter Baum hat auf der Bahnstrecke zwischen Hämelerwald und Peine vorübergehend"
    )
    assert not {"Verkehr", "Bahn", "Niedersachsen", "Behinderung auf Strecke"} & set(article.paragraphs)


def test_dpa_story_without_dateline_keeps_its_text_and_the_spaces_around_links() -> None:
    (article,) = parse("newsml-g2-dpa-factcheck-with-infobox.xml").articles
    assert article.title == "Bild von Brandschäden stammt aus dem Jahr 2018"
    assert article.dateline is None
    assert article.dateline_place is None
    assert not {"Feuer", "Umwelt", "Waffen", "Deutschland", "Behauptungen ohne Grundlage"} & set(article.paragraphs)
    assert article.paragraphs[1].startswith("Die Brände, die seit Anfang Januar 2025 in Los Angeles")
    assert "fragt ein Post auf Facebook, warum Bäume" in article.paragraphs[1]
    # Links that end in a space (`<a>im Jahr 2018 </a>aufgenommen`) keep it; the others add none.
    facts = next(p for p in article.paragraphs if p.startswith("Mithilfe einer"))
    assert (
        "es wurde aber bereits im Jahr 2018 aufgenommen. Damals war die Stadt von verheerenden Bränden betroffen."
        in facts
    )
    assert "Mithilfe einer Bilderrückwärtssuche lässt sich" in facts


def xhtml_item(body: str, content_meta: str = "") -> bytes:
    """A synthetic NewsML-G2 text item in dpa's shape: XHTML with a header, no headline of its own."""
    return (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:nato"><itemMeta>'
        f'<itemClass qcode="ninat:text"/></itemMeta><contentMeta>{content_meta}</contentMeta><contentSet>'
        '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        '<header><ul class="slugline"><li class="subject">Nato</li><li class="subject">Verteidigung</li>'
        '<li class="geo">International</li></ul>'
        '<time class="publicationDate" data-datetime="2017-06-29T12:00:00+02:00">29.06.2017 12:00</time>'
        "<h1>Nato-Staaten wollen mehr ausgeben</h1></header>"
        f'<section class="main">{body}</section></body></html></inlineXML></contentSet></newsItem>'
    ).encode()


@pytest.mark.parametrize(
    ("body", "dateline", "first"),
    [
        (  # a dateline span opening the paragraph: taken out, its trailing space no longer lost
            '<p><span class="dateline">Brüssel <span class="credit">(dpa)</span> - </span>'
            "Die Nato-Staaten wollen mehr ausgeben.</p>",
            "Brüssel (dpa) -",
            "Die Nato-Staaten wollen mehr ausgeben.",
        ),
        (  # a span within the sentence is text, whatever its class
            '<p>Die Minister trafen sich in <span class="dateline">Brüssel</span> zu Gesprächen.</p>',
            None,
            "Die Minister trafen sich in Brüssel zu Gesprächen.",
        ),
        (  # a span opening the paragraph that is no dateline is text too
            '<p><span class="credit">Brüssel</span> ist Sitz der <em>Nato</em>, <a href="#">seit 1967</a>.</p>',
            None,
            "Brüssel ist Sitz der Nato, seit 1967.",
        ),
    ],
    ids=["dateline-opens-paragraph", "span-mid-sentence", "other-span-opens-paragraph"],
)
def test_xhtml_dateline_span_only_where_it_opens_a_paragraph(body: str, dateline: str | None, first: str) -> None:
    (article,) = parse_file("nato.xml", xhtml_item(body + "<p>Zweiter Absatz.</p>")).articles
    assert article.paragraphs == [first, "Zweiter Absatz."]
    assert article.dateline == dateline
    assert article.dateline_place == ("Brüssel" if dateline else None)
    # The header: its h1 is the title, its slugline the keywords, its time the date; none is body.
    assert article.title == "Nato-Staaten wollen mehr ausgeben"
    assert article.keywords == ["Nato", "Verteidigung", "International"]
    assert article.published == date(2017, 6, 29)


def test_xhtml_header_adds_to_the_items_own_headline_keywords_and_dateline_without_replacing_them() -> None:
    meta = "<keyword>Nato</keyword><keyword>Gipfel</keyword><headline>Gipfel in Brüssel</headline>"
    meta += "<dateline>BRÜSSEL (dpa) -</dateline>"
    body = '<p><span class="dateline">Brüssel <span class="credit">(dpa)</span> - </span>Die Nato-Staaten.</p>'
    (article,) = parse_file("nato.xml", xhtml_item(body, meta)).articles
    assert article.title == "Gipfel in Brüssel"
    assert article.keywords == ["Nato", "Gipfel", "Verteidigung", "International"], "deduplicated, item's first"
    assert article.dateline == "BRÜSSEL (dpa) -"
    assert article.paragraphs == ["Die Nato-Staaten."]


def test_nitf_inline_elements_keep_the_spacing_of_the_text() -> None:
    content = "<p>Prices rose <em>sharply </em>on <b>Monday</b>.<br/>More<!-- note --> later.</p><p>Two<br/>lines</p>"
    (article,) = parse_file("t.xml", nitf(head="<title>T</title>", content=content)).articles
    assert article.paragraphs == ["Prices rose sharply on Monday. More later.", "Two lines"]
