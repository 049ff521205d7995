"""RSS and Atom feeds: real sample feeds (tests/fixtures/feeds, sources in tests/fixtures/README.md)
and small made-up ones for the edge cases."""

import socket
from datetime import date
from pathlib import Path

import pytest

from shared.parsing import ParseError, parse_file
from shared.parsing.base import ParseResult, SourceFile
from shared.parsing.feeds import html_paragraphs, parse_feed
from tests.support.paths import FIXTURES

FEEDS = FIXTURES / "feeds"


def feed(name: str, data: bytes | None = None) -> ParseResult:
    content = (FEEDS / name).read_bytes() if data is None else data
    return parse_feed(SourceFile(file_name=name, sha256="sha", encoding="utf-8"), content)


def rss(items: str, head: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>' + head + '<rss version="2.0"><channel><title>Example news</title>'
        f"<link>https://news.example.org/</link>{items}</channel></rss>"
    ).encode()


def test_rss_with_content_encoded_gives_every_item_with_its_fields() -> None:
    result = feed("medium-content-encoded.rss")
    assert result.errors == []
    assert [a.source.position for a in result.articles] == [1, 2, 3, 4, 5, 6, 7]
    assert {a.layout for a in result.articles} == {"rss"}
    first = result.articles[0]
    assert first.title == "THE CREATIVE FORAGER"
    assert (
        first.url == "https://medium.com/invironment/the-creative-forager-125af37d838f?source=rss----d12c403d4976--food"
    )
    assert first.published == date(2018, 4, 9)
    assert first.authors == ["Jeremy Puma"]
    assert first.source.file_name == "medium-content-encoded.rss"
    assert first.keywords == ["plants", "environment", "nature", "foraging", "food"]
    assert first.source_id == "https://medium.com/p/125af37d838f"
    # the body is content:encoded, split at block elements (h4, p, br, blockquote), not one blob
    assert first.paragraphs[:2] == [
        "Using Wild Ingredients in the Kitchen",
        "HEY, YOU! YES, YOU WITH THE EYEBALLS! GO OUTSIDE AND EAT SOME WILD FOODS!",
    ]
    assert first.paragraphs[2].startswith("Food is all around us, if you learn where to look")
    assert first.paragraphs[3:5] == ["Paperback: 154 pages", "Publisher: Strange Animal Publications (March 28, 2018)"]
    assert result.articles[2].authors == ["Thuận Sarzynski"]
    assert result.articles[4].published == date(2017, 12, 16), "pubDate, not atom:updated"
    for article in result.articles:
        assert len(article.paragraphs) > 3
        assert "<" not in article.body
        assert "&amp;" not in article.body
        assert article.body == "\n\n".join(article.paragraphs)


def test_atom_feed_gives_entries_with_content_and_the_feed_author() -> None:
    result = feed("heise-developer.atom")
    assert result.errors == []
    assert len(result.articles) == 15
    assert {a.layout for a in result.articles} == {"atom"}
    first = result.articles[0]
    assert first.title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert first.url == (
        "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html"
        "?wt_mc=rss.developer.beitrag.atom"
    )
    assert first.published == date(2016, 2, 1)
    assert first.paragraphs == [
        "Die nun verfügbare Version 10 des Enterprise-Java-Servers stellt die Basis für Red Hats kommerzielle JBoss"
        " Enterprise Application Platform 7 ist zugleich das dritte größere Release seit dem Namenswechsel des"
        " Open-Source-Projekts."
    ]
    assert result.articles[-1].published == date(2016, 1, 28)
    assert first.source_id == "http://heise.de/-3088438"
    assert first.keywords == []
    assert {tuple(a.authors) for a in result.articles} == {("heise online",)}, "entries inherit the feed's author"
    assert all(a.url and a.url.startswith("http://www.heise.de/developer/") for a in result.articles)
    assert not any("<" in a.body or "img" in a.body for a in result.articles)


def test_items_without_text_are_reported_and_the_others_kept() -> None:
    # a real feed declared as UTF-8 (by default) but written in Windows-1252, four items with no description
    result = feed("uol-noticias.rss")
    assert [a.source.position for a in result.articles] == [1, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15]
    assert [e.reason.split(" (")[0] for e in result.errors] == [f"item {n} has no text" for n in (2, 9, 11, 12)]
    assert {e.file_name for e in result.errors} == {"uol-noticias.rss"}
    assert "Promotoria abre inquérito" in result.errors[0].reason
    first = result.articles[0]
    assert first.title == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    assert first.encoding == "windows-1252"
    assert str(first.url).startswith("https://noticias.uol.com.br/politica/eleicoes/2018/")
    assert first.paragraphs == [
        "Líder na pesquisa Ibope de intenção de voto para o primeiro turno divulgada nesta segunda-feira (24), o"
        " candidato do PSL a presidente, Jair Bolsonaro, não tem o mesmo desempenho nas simulações de segundo"
        " turno feitas pela empresa no mesmo levantamento."
    ]


def test_rss_1_0_rdf_feed() -> None:
    (article,) = feed("rss1.0-with-modules.rdf").articles
    assert (article.layout, article.title) == ("rss", "Test Item - RSS 1.0")
    assert article.url == "http://www.pocketsoap.com/weblog/rssTests/rss1.0withModules.xml#1"
    assert article.published == date(2002, 9, 28)
    assert article.body.startswith("This is a fairly standard RSS 1.0 feed with a few modules")


def test_broken_xml_without_items_is_one_error() -> None:
    result = feed("illformed.xml")
    assert result.articles == []
    (error,) = result.errors
    assert error.file_name == "illformed.xml"
    assert error.reason.startswith("broken feed XML")


def test_broken_xml_keeps_the_items_that_came_out() -> None:
    data = rss(
        "<item><title>One</title><description>&lt;p&gt;First body&lt;/p&gt;</description></item>"
        "<item><title>Two</title><description>Second body<br></description></item>"
    ).removesuffix(b"</rss>")
    result = feed("broken.rss", data)
    assert [(a.title, a.body) for a in result.articles] == [("One", "First body"), ("Two", "Second body")]


def test_a_feed_without_items_is_one_error() -> None:
    (error,) = feed("empty.rss", rss("")).errors
    assert error.reason == "feed has no items"


def test_entry_without_title_is_reported() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        b"<entry><summary>Text but no title</summary></entry>"
        b'<entry><title type="html">A &lt;em&gt;good&lt;/em&gt; one</title><content type="xhtml">'
        b'<div xmlns="http://www.w3.org/1999/xhtml"><p>Para one.</p><p>Para two.</p></div></content></entry></feed>'
    )
    result = feed("titles.atom", data)
    assert [e.reason for e in result.errors] == ["entry 1 has no text (no title)"]
    (article,) = result.articles
    assert (article.source.position, article.title, article.paragraphs) == (2, "A good one", ["Para one.", "Para two."])


def test_dates_links_and_authors() -> None:
    items = (
        "<item><title>Late edition</title><link>/2024/late</link><description>Body.</description>"
        "<pubDate>Mon, 01 Jan 2024 23:30:00 -0500</pubDate><author>desk@example.org (Ann Writer)</author>"
        "<dc:creator>Bo Reporter</dc:creator></item>"
        "<item><title>Second</title><guid isPermaLink='true'>https://news.example.org/2</guid>"
        "<description>Body two.</description><dc:date>2024-03-05T00:30:00+02:00</dc:date>"
        "<author>desk@example.org</author></item>"
    )
    data = rss(items).replace(b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" ')
    late, second = feed("dates.rss", data).articles
    assert late.published == date(2024, 1, 1), "the date as written, not converted to UTC"
    assert late.url == "https://news.example.org/2024/late", "relative links resolved against the feed's link"
    assert late.authors == ["Ann Writer", "Bo Reporter"]
    assert second.published == date(2024, 3, 5)
    assert second.url == "https://news.example.org/2"
    assert second.authors == [], "an e-mail address alone is not a name"


def test_html_is_split_at_block_elements() -> None:
    html = (
        "<h2>Head</h2><p>One <b>bold</b> &amp; more</p><p>Two<br/>Three</p><ul><li>A</li><li>B</li></ul>"
        "<script>alert(1)</script><style>p {}</style><figure><img src='x.jpg'><figcaption>Cap</figcaption></figure>"
        "Tail text<p><a href='/x'>Continue reading...</a></p>"
    )
    assert html_paragraphs(html) == ["Head", "One bold & more", "Two", "Three", "A", "B", "Cap", "Tail text"]


def test_no_network_no_entities_no_local_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    connections: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        connections.append(args)
        raise OSError("network used by a test that must not use it")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doctype = (
        f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd" [<!ENTITY file SYSTEM "file://{secret}">'
        '<!ENTITY web SYSTEM "http://127.0.0.1:9/web"><!ENTITY % pe SYSTEM "http://127.0.0.1:9/pe.dtd"> %pe;'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    item = "<item><title>Hi &file; &web;</title><description>Body &c;</description></item>"
    (article,) = feed("xxe.rss", rss(item, doctype)).articles
    assert "TOP-SECRET" not in article.model_dump_json()
    assert len(article.body) < 100, "nested entities are not expanded"
    # bytes that happen to name a file (or a URL) are feed text, never a path to read or a URL to fetch
    local = feed("path.xml", str(FEEDS / "heise-developer.atom").encode())
    remote = feed("url.xml", b"http://127.0.0.1:9/feed.xml")
    assert local.articles == remote.articles == []
    assert connections == []


@pytest.mark.parametrize(
    ("name", "layout", "articles", "errors"),
    [
        ("medium-content-encoded.rss", "rss", 7, 0),
        ("heise-developer.atom", "atom", 15, 0),
        ("uol-noticias.rss", "rss", 11, 4),
        ("rss1.0-with-modules.rdf", "rss", 1, 0),
    ],
)
def test_parse_file_sends_feeds_here_by_their_root_element(name: str, layout: str, articles: int, errors: int) -> None:
    data = (FEEDS / name).read_bytes()
    result = parse_file(name, data, "f00d")
    assert (len(result.articles), len(result.errors)) == (articles, errors)
    assert {a.layout for a in result.articles} == {layout}
    assert {(a.source.file_name, a.source.file_sha256) for a in result.articles} == {(name, "f00d")}
    expected = feed(name).articles
    assert [a.model_dump(exclude={"source"}) for a in result.articles] == [
        a.model_dump(exclude={"source"}) for a in expected
    ]
    # the same bytes under another name still are a feed
    assert len(parse_file("inbox/feed.xml", data).articles) == articles


def test_parse_file_raises_for_a_feed_that_gives_no_article() -> None:
    with pytest.raises(ParseError, match="broken feed XML"):
        parse_file("illformed.xml", (FEEDS / "illformed.xml").read_bytes())
    with pytest.raises(ParseError, match="feed has no items"):
        parse_file("empty.rss", rss(""))
    doctype = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>'
    with pytest.raises(ParseError, match="declares entities"):
        parse_file("bomb.rss", rss("<item><title>T</title><description>&a;</description></item>", doctype))
