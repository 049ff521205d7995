"""Turn the bytes of one file into articles. Pure code: no servers, no I/O.

Layouts understood so far:
- "seed": several articles per file; each is title, blank, caption, caption again, `TT`, blank,
  title again, blank, caption, caption again, blank, body paragraphs (ARCHITECTURE.md).
- "title-body": anything else; the first non-empty line is the title, the rest the body.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from charset_normalizer import from_bytes

from shared.models import Article, Source, article_id

SITE_MARKER = "TT"
CREDIT = re.compile(r"\s*\(([^()]+)\)\s*$")
DATELINE = re.compile(r"^(\d{1,2} [A-Z][a-z]+ \d{4}),\s*([^:]{2,80}):\s*")
PHOTO_DATE = re.compile(r"\b(?:on )?([A-Z][a-z]+ \d{1,2}, \d{4})\.?\s*$")


class ParseError(Exception):
    """A file the parser cannot use; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


def decode(file_name: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM) first, then charset detection."""
    if not data.strip():
        raise ParseError(file_name, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(file_name, "binary file (contains NUL bytes)")
    best = from_bytes(data).best()
    if best is None:
        raise ParseError(file_name, "undecodable bytes: no text encoding fits")
    return str(best), best.encoding


def _lines(text: str) -> list[str]:
    # CRLF, CR and trailing spaces normalised; whitespace-only lines become blank.
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs are separated by blank lines; lines inside one paragraph are joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(_collapse(" ".join(current)))
            current = []
    return paragraphs


@dataclass
class Caption:
    text: str
    credit: str | None = None
    credit_parts: list[str] | None = None
    dateline_date: date | None = None
    dateline_place: str | None = None
    photo_date: date | None = None


def _parse_date(text: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def parse_caption(text: str) -> Caption:
    caption = Caption(text=_collapse(text))
    rest = caption.text
    if m := CREDIT.search(rest):
        caption.credit = m.group(1).strip()
        caption.credit_parts = [p.strip() for p in caption.credit.split("/") if p.strip()]
        rest = rest[: m.start()]
    if (m := DATELINE.match(rest)) and (when := _parse_date(m.group(1), "%d %B %Y")):
        caption.dateline_date = when
        caption.dateline_place = _collapse(m.group(2))
    elif (m := PHOTO_DATE.search(rest)) and (when := _parse_date(m.group(1), "%B %d, %Y")):
        caption.photo_date = when
    return caption


def _seed_starts(lines: list[str]) -> list[int]:
    """Line numbers where a seed-layout article starts: the title 4 lines above a `TT` marker that
    follows a caption printed twice."""
    starts = []
    for i, line in enumerate(lines):
        if line.strip() != SITE_MARKER or i < 4:
            continue
        title, blank, cap1, cap2 = lines[i - 4 : i]
        if title.strip() and not blank.strip() and cap1.strip() and cap1.strip() == cap2.strip():
            starts.append(i - 4)
    return starts


def _strip_repeat(block: list[str], title: str, caption: str) -> list[str]:
    """Drop the repeated title and caption lines that follow the marker (layout, not content)."""
    rest = list(block)
    for expected in (title, caption, caption):
        while rest and not rest[0].strip():
            rest.pop(0)
        if rest and _collapse(rest[0]) == expected:
            rest.pop(0)
    return rest


def _article(
    file_name: str,
    sha: str,
    position: int,
    title: str,
    paragraphs: list[str],
    layout: str,
    encoding: str,
    caption: Caption | None = None,
) -> Article:
    body = "\n\n".join(paragraphs)
    return Article(
        id=article_id(title, body),
        title=title,
        caption=caption.text if caption else None,
        photo_credit=caption.credit if caption else None,
        credit_parts=(caption.credit_parts or []) if caption else [],
        dateline_date=caption.dateline_date if caption else None,
        dateline_place=caption.dateline_place if caption else None,
        photo_date=caption.photo_date if caption else None,
        paragraphs=paragraphs,
        body=body,
        layout=layout,
        encoding=encoding,
        source=Source(file_name=file_name, position=position, file_sha256=sha),
    )


def parse_file(file_name: str, data: bytes, sha256: str = "") -> list[Article]:
    """All articles in one file. Raises ParseError when the file holds no usable article."""
    text, encoding = decode(file_name, data)
    lines = _lines(text)
    starts = _seed_starts(lines)
    articles: list[Article] = []
    if starts:
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            title = _collapse(lines[start])
            caption = parse_caption(lines[start + 2])
            body = _strip_repeat(lines[start + 5 : end], title, caption.text)
            paragraphs = _paragraphs(body)
            if paragraphs:
                articles.append(_article(file_name, sha256, n + 1, title, paragraphs, "seed", encoding, caption))
    else:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None:
            paragraphs = _paragraphs(lines[first + 1 :])
            if not paragraphs:
                raise ParseError(file_name, "only a title, no body text")
            title = _collapse(lines[first])
            articles.append(_article(file_name, sha256, 1, title, paragraphs, "title-body", encoding))
    if not articles:
        raise ParseError(file_name, "no article text after cleaning")
    return articles
