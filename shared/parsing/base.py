"""What every format parser shares: the result, the fields a format may extract, and the file being
parsed, which turns a title and paragraphs into an Article with its deterministic id."""

import re
from dataclasses import dataclass, field
from datetime import date

from shared.contracts import Article, Source
from shared.errors import ParseError
from shared.ids import article_id


@dataclass
class ParseResult:
    articles: list[Article]
    errors: list[ParseError] = field(default_factory=list)
    """Parts of the file that gave no article (e.g. one JSON object without text); the rest is kept."""
    skipped: list[str] = field(default_factory=list)
    """Parts that are not articles by design (a photo item in a NewsML-G2 message), with the reason:
    reported, but not errors."""


def collapse(text: str) -> str:
    """Whitespace runs (including newlines and non-breaking spaces) become one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ExtractedFields:
    """Everything a format can extract besides title and paragraphs."""

    caption: str | None = None
    photo_credit: str | None = None
    credit_parts: list[str] = field(default_factory=list)
    agency: str | None = None
    dateline: str | None = None
    dateline_date: date | None = None
    dateline_place: str | None = None
    photo_date: date | None = None
    published: date | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    keywords: list[str] = field(default_factory=list)
    slugline: str | None = None
    source_id: str | None = None


@dataclass
class SourceFile:
    """The file being parsed."""

    file_name: str
    sha256: str
    encoding: str

    def article(
        self, position: int, title: str, paragraphs: list[str], layout: str, fields: ExtractedFields
    ) -> Article:
        paragraphs = [p for p in (collapse(p) for p in paragraphs) if p]
        title = collapse(title)
        body = "\n\n".join(paragraphs)
        return Article(
            id=article_id(title, body),
            title=title,
            paragraphs=paragraphs,
            body=body,
            layout=layout,
            encoding=self.encoding,
            source=Source(file_name=self.file_name, position=position, file_sha256=self.sha256),
            **vars(fields),
        )
