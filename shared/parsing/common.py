"""What every format parser shares: the error type, the result, and building an Article."""

import re
from dataclasses import dataclass, field
from datetime import date

from shared.models import Article, Source, article_id


class ParseError(Exception):
    """A file (or part of one) the parser cannot use; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


@dataclass
class ParseResult:
    articles: list[Article]
    errors: list[ParseError] = field(default_factory=list)
    """Parts of the file that gave no article (e.g. one JSON object without text); the rest is kept."""


def collapse(text: str) -> str:
    """Whitespace runs (including newlines and non-breaking spaces) become one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Fields:
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


@dataclass
class Context:
    """The file being parsed."""

    file_name: str
    sha256: str
    encoding: str

    def article(self, position: int, title: str, paragraphs: list[str], layout: str, fields: Fields) -> Article:
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
