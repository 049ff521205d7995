"""The parser on its own: no servers."""

from datetime import date

import pytest

from shared.contracts import Article
from shared.ids import article_id
from shared.parsing import ParseError, parse_caption, parse_file
from tests.support.paths import SEEDS


def seed_articles() -> list[Article]:
    return [a for seed in SEEDS for a in parse_file(seed.name, seed.read_bytes(), "sha").articles]


IRAN_CAPTION = (
    "08 January 2025, Iran, Tehran: Iranian President Masoud Pezeshkian attends a joint press conference with"
    " Iraq's Prime Minister Mohammed Shia al-Sudani (not pictured) in Tehran. (Iranian Presidency/dpa)"
)


def test_seed_files_give_every_field_of_the_three_articles() -> None:
    first, second = (parse_file(seed.name, seed.read_bytes(), "sha").articles for seed in SEEDS)
    assert [seed.name for seed in SEEDS] == ["000_942254eafbba540f.txt", "002_444c9f28a56aa864.txt"]
    assert [a.source.position for a in first] == [1, 2]
    assert [a.source.position for a in second] == [1, 2]

    iran, us = first
    assert iran.title == "Russia Says Iran\u2019s President Will Visit This Week and Sign Partnership Pact with Putin"
    assert iran.caption == IRAN_CAPTION
    assert iran.photo_credit == "Iranian Presidency/dpa"
    assert iran.credit_parts == ["Iranian Presidency", "dpa"]
    assert iran.agency == "dpa"
    assert iran.dateline_date == date(2025, 1, 8)
    assert iran.dateline_place == "Iran, Tehran"
    assert iran.photo_date is None
    assert len(iran.paragraphs) == 11
    assert iran.paragraphs[0] == (
        "Russian President Vladimir Putin will host his Iranian counterpart this week for the signing of a broad"
        " partnership pact between Moscow and Tehran, the Kremlin said Monday."
    )
    assert iran.paragraphs[-1] == (
        "Last week, an audio recording leaked into the Iranian media with a Guard general blaming Russia for many"
        " of the woes Iran had suffered in Syria."
    )
    assert iran.layout == "seed"
    assert iran.encoding == "utf-8"

    assert us.title == "Biden, Trump Security Advisers Meet to Pass Ceremonial Baton"
    assert us.caption == (
        "US National Security Adviser Jake Sullivan (L) hands a baton to incoming National Security Advisor Mike"
        " Waltz during an event at the US Institute of Peace in Washington, DC, on January 14, 2025. (AFP)"
    )
    assert us.photo_credit == "AFP"
    assert us.credit_parts == ["AFP"]
    assert us.agency == "AFP"
    assert us.dateline_date is None
    assert us.dateline_place is None
    assert us.photo_date == date(2025, 1, 14), "the photo's date, not the article's"
    assert len(us.paragraphs) == 14
    assert us.paragraphs[0].startswith("Top advisers to US President Joe Biden and President-elect Donald Trump")
    assert us.paragraphs[-1] == '"Evil does exist," he said. "Sometimes you just have to put bombs on foreheads."'

    iran_again, gaza = second
    assert gaza.title == "Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet over Gaza Deal"
    assert gaza.caption == (
        "Israeli National Security Minister Itamar Ben-Gvir speaks while a conference on the resettlement of the"
        " Gaza Strip takes place, at an unspecified location in southern Israel, October 21, 2024. (Reuters)"
    )
    assert gaza.photo_credit == "Reuters"
    assert gaza.credit_parts == ["Reuters"]
    assert gaza.agency == "Reuters"
    assert gaza.dateline_date is None
    assert gaza.dateline_place is None
    assert gaza.photo_date == date(2024, 10, 21)
    assert len(gaza.paragraphs) == 10
    assert gaza.paragraphs[0].startswith("Israeli far-right police minister Itamar Ben-Gvir threatened on Tuesday")
    assert (
        gaza.paragraphs[-1] == "Successive surveys have shown broad support among the Israeli public for such a deal."
    )

    # The second file ends without a newline; the article in both files is the same article, same id.
    assert not SEEDS[1].read_bytes().endswith(b"\n")
    assert iran_again.model_dump(exclude={"source"}) == iran.model_dump(exclude={"source"})
    assert len({a.id for a in [*first, *second]}) == 3


def test_repeated_layout_lines_appear_once() -> None:
    for article in seed_articles():
        text = "\n".join(article.paragraphs)
        assert article.title not in text
        assert article.caption is not None  # every seed article has one
        assert article.caption not in text
        assert "TT" not in article.paragraphs


def test_title_and_body_file() -> None:
    data = b"A plain headline\n\nFirst paragraph of the story.\n\n\n\nSecond paragraph,\nwrapped over two lines.\n"
    (article,) = parse_file("plain.txt", data).articles
    assert article.layout == "title-body"
    assert article.title == "A plain headline"
    assert article.paragraphs == ["First paragraph of the story.", "Second paragraph, wrapped over two lines."]
    assert article.caption is None
    assert article.photo_credit is None


def test_windows_line_endings_give_the_same_article() -> None:
    seed = SEEDS[0]
    unix = parse_file(seed.name, seed.read_bytes()).articles
    windows = parse_file(seed.name, seed.read_bytes().replace(b"\n", b"\r\n")).articles
    assert [a.model_dump(exclude={"source"}) for a in windows] == [a.model_dump(exclude={"source"}) for a in unix]


def test_latin1_bytes_are_decoded_and_the_encoding_recorded() -> None:
    text = "Transfer news\n\nThe club paid a £15.8m fee for the striker, the manager said on Monday.\n"
    data = text.encode("latin-1")
    (article,) = parse_file("latin1.txt", data).articles
    assert "£15.8m" in article.body
    assert article.encoding != "utf-8"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"  \n\t\n\r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        (b"Just a title\n", "only a title"),
    ],
)
def test_unusable_files_raise_a_clear_error_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_file("inbox/bad.txt", data)
    assert str(info.value).startswith("inbox/bad.txt: ")
    assert reason in str(info.value)


def test_caption_with_photo_date_at_its_end() -> None:
    caption = parse_caption("People gather in a square on January 14, 2025. (AFP)")
    assert caption.photo_date == date(2025, 1, 14)
    assert caption.photo_credit == "AFP"
    assert caption.agency == "AFP"
    assert caption.dateline_date is None


def test_article_id_ignores_case_and_whitespace_but_not_words() -> None:
    assert article_id("A  Title", "Body\n\ntext") == article_id("a title", "body text")
    assert article_id("A title", "Body text") != article_id("A title", "Other text")
