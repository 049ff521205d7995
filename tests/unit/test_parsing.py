"""The parser on its own: no servers."""

from datetime import date

import pytest

from shared.delivery.ids import article_id
from shared.parsing import ParseError, parse_caption, parse_file
from tests.support.paths import SEEDS


def seed_articles() -> list:
    return [a for seed in SEEDS for a in parse_file(seed.name, seed.read_bytes(), "sha").articles]


def test_seed_files_give_every_field_of_the_three_articles() -> None:
    first, second = (parse_file(seed.name, seed.read_bytes(), "sha").articles for seed in SEEDS)
    assert [a.source.position for a in first] == [1, 2]
    assert [a.source.position for a in second] == [1, 2]

    iran, gaza = first
    assert iran.title == "Iran's President Pezeshkian Will Visit Moscow to Sign Partnership Treaty With Putin"
    assert iran.caption == (
        "08 January 2025, Iran, Tehran: Iranian President Masoud Pezeshkian speaks during a cabinet meeting"
        " in Tehran. (Iranian Presidency/dpa)"
    )
    assert iran.photo_credit == "Iranian Presidency/dpa"
    assert iran.credit_parts == ["Iranian Presidency", "dpa"]
    assert iran.dateline_date == date(2025, 1, 8)
    assert iran.dateline_place == "Iran, Tehran"
    assert iran.photo_date is None
    assert len(iran.paragraphs) == 4
    assert iran.paragraphs[1].startswith("The agreement, prepared over several months")
    assert iran.layout == "seed"
    assert iran.encoding == "utf-8"

    assert gaza.title == "Ben-Gvir Threatens to Quit Netanyahu Cabinet Over Gaza Ceasefire Deal"
    assert gaza.photo_credit == "AFP"
    assert gaza.credit_parts == ["AFP"]
    assert gaza.dateline_date is None
    assert gaza.photo_date == date(2025, 1, 14)
    assert len(gaza.paragraphs) == 4

    us, iran_again = second
    assert us.title == "Sullivan and Waltz Credit Joint Effort for Gaza Ceasefire Deal"
    assert us.photo_credit == "Reuters"
    assert us.photo_date is None
    assert us.dateline_date is None
    assert len(us.paragraphs) == 3
    # The second file ends without a newline; the shared article is the same article, same id.
    assert iran_again.paragraphs == iran.paragraphs
    assert iran_again.id == iran.id
    assert len({a.id for a in [*first, *second]}) == 3


def test_repeated_layout_lines_appear_once() -> None:
    for article in seed_articles():
        text = "\n".join(article.paragraphs)
        assert article.title not in text
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
