"""Every layout and encoding the parser supports, the BBC corpus, and properties over arbitrary bytes."""

import contextlib
import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.parsing import ParseError, decode, parse_file
from shared.parsing.base import collapse
from tests.support.paths import CORPUS, FIXTURES, bbc_files

PLAIN = "Storm hits the coast\n\nA powerful storm hit the coast on Tuesday.\n\nCrews worked through the night.\n"


def only(file_name: str, data: bytes):  # type: ignore[no-untyped-def]
    (article,) = parse_file(file_name, data).articles
    return article


def test_wire_copy_is_unwrapped_with_dateline_and_sign_off_as_fields() -> None:
    article = only("reuter-caps.txt", (FIXTURES / "wire" / "reuter-caps.txt").read_bytes())
    assert article.layout == "wire"
    assert article.title == "SYNTHETIC TEST STORY - U.S. STOCKS RISE AS OIL PRICES FALL"
    assert article.dateline == "NEW YORK, Feb 26"
    assert article.dateline_place == "NEW YORK"
    assert article.agency == "Reuters"
    assert article.paragraphs == [
        "U.S. stocks rose on Thursday as a drop in oil prices eased worries about the cost of energy for"
        " companies and consumers, traders said.",
        "The Dow Jones industrial average gained 0.8 pct, while the broader Standard and Poor's 500 index"
        " rose 0.6 pct in moderate trading.",
        '"The market is relieved to see crude come off its highs," said one trader at a large brokerage.',
    ]
    assert "REUTER" not in article.body


def test_wire_dateline_with_agency_in_parentheses() -> None:
    data = b"OIL FALLS ON SUPPLY NEWS\n\nLONDON (Reuters) - Oil prices fell on Monday.\n\nTraders cited supply.\n"
    article = only("wire2.txt", data)
    assert article.dateline_place == "LONDON"
    assert article.agency == "Reuters"
    assert article.paragraphs[0] == "Oil prices fell on Monday."


@pytest.mark.parametrize(
    ("name", "agency", "dateline", "last_paragraph_ends"),
    [
        ("reporting-by.txt", "Reuters", "FRANKFURT (Reuters)", "watch wage growth closely in the coming months."),
        ("ap-lowercase.txt", "AP", "SPRINGFIELD, Mar 3", "start running in the autumn, officials said."),
        ("copyright.txt", "Reuters", "ROTTERDAM, Jun 12", "delays to ease by the end of the month."),
        ("afp-inline.txt", "AFP", "ATHENS, Aug 2", "by Sunday evening, the fire service said."),
        ("no-sign-off.txt", None, "BRISTOL, Sep 9", "The change follows a survey of readers."),
    ],
)
def test_wire_sign_offs_of_every_shape_leave_the_body_and_name_the_agency(
    name: str, agency: str | None, dateline: str, last_paragraph_ends: str
) -> None:
    article = only(name, (FIXTURES / "wire" / name).read_bytes())
    assert article.layout == "wire", "detected from the dateline, though the headline is not in capitals"
    assert article.title.startswith("Synthetic test story: ")
    assert article.agency == agency
    assert article.dateline == dateline
    assert article.paragraphs[-1].endswith(last_paragraph_ends)
    for sign_off in ("Reporting by", "Editing by", "Writing by", "Copyright", "-- Reuters", " AFP", "\nap"):
        assert sign_off not in article.body


def test_a_sentence_that_merely_ends_with_an_agency_name_is_kept() -> None:
    data = (
        b"Synthetic test story: Talks resume\n\n"
        b"PARIS, May 4 - Negotiators met again on Monday.\n\nThe minister said so to AFP\n"
    )
    article = only("talks.txt", data)
    assert article.paragraphs[-1] == "The minister said so to AFP"
    assert article.agency is None


def test_html_page_gives_title_text_author_and_date() -> None:
    article = only("page.html", (FIXTURES / "page.html").read_bytes())
    assert article.layout == "html"
    assert article.title.startswith("Storm cuts power to thousands on the coast")
    assert article.authors == ["Jane Doe"]
    assert article.published == date(2025, 1, 14)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("A powerful storm hit the coast on Tuesday")
    assert "Home" not in article.body
    assert "Copyright" not in article.body
    assert "By Jane Doe" not in article.body


def test_json_array_and_common_field_names() -> None:
    records = [
        {"headline": "First", "maintext": "One.\n\nTwo.", "date_publish": "2025-01-14 08:00:00",
         "url": "https://example.org/1", "authors": ["A. Writer", "B. Editor"]},
        {"title": "Second", "text": "Body text.", "published": "2025-02-01T10:00:00Z", "author": "C. Reporter"},
    ]  # fmt: skip
    result = parse_file("feed.json", json.dumps(records).encode())
    first, second = result.articles
    assert (first.title, first.paragraphs, first.published) == ("First", ["One.", "Two."], date(2025, 1, 14))
    assert first.url == "https://example.org/1"
    assert first.authors == ["A. Writer", "B. Editor"]
    assert (second.title, second.body, second.authors) == ("Second", "Body text.", ["C. Reporter"])
    assert [a.source.position for a in result.articles] == [1, 2]
    assert {a.layout for a in result.articles} == {"json"}


def test_ndjson_keeps_good_records_and_reports_the_bad_ones() -> None:
    lines = [
        json.dumps({"title": "Good one", "body": "Text of the good one."}),
        json.dumps({"id": 7, "views": 10}),
        "{not json",
        json.dumps({"title": "Good two", "content": "Text of the second."}),
    ]
    result = parse_file("dump.ndjson", "\n".join(lines).encode())
    assert [a.title for a in result.articles] == ["Good one", "Good two"]
    reasons = [str(e) for e in result.errors]
    assert reasons == [
        "dump.ndjson: record 2 has no title and body (fields: id, views)",
        "dump.ndjson: line 3 is not JSON: Expecting property name enclosed in double quotes",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"id": 1, "status": "ok"}', "record 1 has no title and body (fields: id, status)"),
        (b"[1, 2, 3]", "record 1 is not an object (int)"),
        (b'"just a string"', "JSON holds no article object or list (str)"),
        (b"{broken", "not JSON"),
    ],
)
def test_json_that_is_not_an_article_is_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=re.escape(reason)):
        parse_file("thing.json", data)


def test_markdown_title_and_body() -> None:
    data = b"# Storm hits the coast\n\nA **powerful** storm hit [the coast](https://x.org) on Tuesday.\n\n## Damage\n\n- Power cut to 10,000 homes\n- Schools closed\n"  # noqa: E501
    article = only("story.md", data)
    assert article.layout == "markdown"
    assert article.title == "Storm hits the coast"
    assert article.paragraphs == [
        "A powerful storm hit the coast on Tuesday.", "Damage", "Power cut to 10,000 homes", "Schools closed",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAIN.encode("utf-8"), "utf-8"),
        (PLAIN.encode("utf-8-sig"), "utf-8-sig"),
        (PLAIN.encode("utf-16"), "utf-16"),
        (PLAIN.replace("storm", "störm £").encode("cp1252"), "cp1252"),
        (PLAIN.replace("\n", "\r\n").encode(), "utf-8"),
        (PLAIN.replace("\n", "\r").encode(), "utf-8"),
        (PLAIN.replace("\n", "   \n").replace("\n\n", "\n \t \n").rstrip().encode(), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252", "crlf", "cr", "trailing-spaces-no-final-newline"],
)
def test_encodings_and_line_endings(data: bytes, encoding: str) -> None:
    article = only("story.txt", data)
    assert article.encoding == encoding
    assert article.title == "Storm hits the coast"
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1] == "Crews worked through the night."


def test_cp1252_text_with_many_accents_is_not_mistaken_for_another_code_page() -> None:
    text = "Überschrift hier\n\nDer Präsident reist am Freitag nach Moskau. Café, naïve — “quoted”.\n"
    article = only("de.txt", text.encode("cp1252"))
    assert article.paragraphs[0].endswith("Café, naïve — “quoted”.")


@pytest.mark.parametrize("name", ["photo.png", "report.pdf", "archive.zip"])
def test_unsupported_types_are_refused_by_name(name: str) -> None:
    with pytest.raises(ParseError, match=rf"^{name}: unsupported file type"):
        parse_file(name, b"%PDF-1.4 whatever")


def test_every_bbc_file_gives_one_article_with_its_first_line_as_title_and_every_paragraph() -> None:
    files = bbc_files()
    assert len(files) == 2225
    encodings: dict[str, list[str]] = {}
    for file in files:
        data = file.read_bytes()
        name = file.relative_to(CORPUS).as_posix()
        (article,) = parse_file(name, data).articles
        lines = data.decode(article.encoding).split("\n")
        assert article.title == collapse(lines[0]), name
        assert article.paragraphs == [collapse(line) for line in lines[1:] if line.strip()], name
        encodings.setdefault(article.encoding, []).append(name)
    # The one file with a raw Latin-1 byte is read as Windows-1252; every other file is UTF-8.
    assert encodings == {"utf-8": encodings["utf-8"], "cp1252": ["bbc/sport/199.txt"]}
    assert "£15.8m" in parse_file("199", (CORPUS / "bbc/sport/199.txt").read_bytes()).articles[0].body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_a_parse_error(data: bytes) -> None:
    for name in ("x.txt", "x.json", "x.html", "x.md"):
        with contextlib.suppress(ParseError):
            parse_file(name, data)


text_blocks = st.lists(
    st.one_of(
        st.text(min_size=1, max_size=80),
        st.sampled_from(["", "", "TT", "   ", "\t", "NEW YORK, Feb 26 - ", "(AFP)", "# T", "- item", "REUTER"]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(text_blocks, st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_paragraph_comes_from_the_input(lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8", "surrogatepass")
    try:
        text, _ = decode("x.txt", data)
        result = parse_file("x.txt", data)
    except (ParseError, UnicodeEncodeError):
        return
    source = collapse(text)
    for article in result.articles:
        assert article.title
        for paragraph in article.paragraphs:
            assert paragraph
            assert paragraph in source


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("    Detroit, March 26 - Synthetic test story: the carmaker said sales rose.", "Detroit"),
        ("    Sao Paulo, June 2 - Synthetic test story: the bank said rates would hold.", "Sao Paulo"),
        ("    Brussels (Reuters) - Synthetic test story: ministers met on Tuesday.", "Brussels"),
        ("    Monday, March 26 - Synthetic test story: a day, not a place.", None),
        ("    Labour (and the Tories) - synthetic test story - agreed on the plan.", None),
        ("    Officials said on March 26 - synthetic test story - that talks went on.", None),
    ],
)
def test_a_dateline_in_mixed_case_gives_its_place(opening: str, place: str | None) -> None:
    article = only("synthetic.txt", f"SYNTHETIC TEST STORY\n\n{opening}\n Reuter\n".encode())
    assert article.dateline_place == place
