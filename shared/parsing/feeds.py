"""RSS (0.9x, 1.0, 2.0) and Atom feeds, read with feedparser: every item (entry) is an article.

- title, link (made absolute against the feed's link), date (pubDate, dc:date, Atom published or
  updated, as written in the feed), authors (author names, dc:creator, Atom authors, or the Atom
  feed's authors when an entry has none), categories as keywords, guid / Atom id as source_id;
- body: content:encoded or Atom content, else description or summary, with the HTML split into
  paragraphs at block elements (p, div, li, br, headings...);
- an item without a title or without body text is an error of its own, the other items go on;
- broken XML: feedparser recovers what it can (it sets `bozo`); the file fails only when no item
  came out.

No network and no local file: feedparser gets the bytes wrapped in a stream, since a `str` or `bytes`
argument may be taken for a URL (which it would fetch) or a file name (which it would read). Its
XML parser runs with external entities off, and it drops every DOCTYPE entity whose value is not
plain text before parsing, so neither an external entity nor an entity expansion bomb gets through
(and `parse_file` refuses any file that declares entities before it gets here: safexml.py).
"""

import io
import re
from dataclasses import replace
from datetime import date
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from time import struct_time
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from shared.errors import ParseError
from shared.parsing.base import ExtractedFields, ParseResult, SourceFile, collapse
from shared.parsing.structured import iso_date, split_paragraphs

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul",
})  # fmt: skip
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})
BOILERPLATE = re.compile(r"^(?:continue reading|read more|read the full (?:story|article))\W*$", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml")
DATE_KEYS = ("published", "updated", "created")


class _BlockText(HTMLParser):
    """The text of an HTML fragment, one paragraph per block element; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._run: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._run.append(data)

    def flush(self) -> None:
        text = collapse("".join(self._run))
        self._run = []
        if text and not BOILERPLATE.match(text):
            self.paragraphs.append(text)


def html_paragraphs(html: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed item's content or description)."""
    parser = _BlockText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.paragraphs


def _paragraphs(value: Any, kind: Any) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return html_paragraphs(value) if kind in HTML_TYPES else split_paragraphs(value)


def _title(entry: Any) -> str:
    detail = entry.get("title_detail") or {}
    return " ".join(_paragraphs(entry.get("title"), detail.get("type")))


def _body(entry: Any) -> list[str]:
    """content:encoded / Atom content first, then description / summary: the first with text."""
    candidates = [(c.get("value"), c.get("type")) for c in entry.get("content") or []]
    candidates.append((entry.get("summary"), (entry.get("summary_detail") or {}).get("type")))
    for value, kind in candidates:
        if paragraphs := _paragraphs(value, kind):
            return paragraphs
    return []


def _date(entry: Any) -> date | None:
    """The date as written in the feed (ISO 8601 or RFC 822 with its own offset), else feedparser's
    reading of it (other formats, which it converts to UTC)."""
    for key in DATE_KEYS:
        raw = dict.get(entry, key)  # not entry.get: it answers `updated` with `published`, and warns
        if not isinstance(raw, str) or not raw.strip():
            continue
        if found := iso_date(raw):
            return found
        try:
            return parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = dict.get(entry, f"{key}_parsed")
        if isinstance(parsed, struct_time):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _authors(entry: Any, feed_authors: list[Any]) -> list[str]:
    """Names of the entry's authors (an e-mail address alone is not a name)."""
    names: list[str] = []
    for person in entry.get("authors") or feed_authors:
        name = collapse(str(person.get("name") or "")) if isinstance(person, dict) else ""
        if name and name not in names:
            names.append(name)
    return names


def _keywords(entry: Any) -> list[str]:
    """The item's categories (RSS <category>, Atom category label or term)."""
    keywords: list[str] = []
    for tag in entry.get("tags") or []:
        word = collapse(str(tag.get("label") or tag.get("term") or "")) if isinstance(tag, dict) else ""
        if word and word not in keywords:
            keywords.append(word)
    return keywords


def _url(entry: Any, base: str) -> str | None:
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    url = urljoin(base, link.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _failure(parsed: Any) -> str:
    """Why a feed gave no item at all."""
    if parsed.get("bozo"):
        return f"broken feed XML, no item could be read ({parsed.get('bozo_exception')})"
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    return "feed has no items"


def parse_feed(source: SourceFile, data: bytes) -> ParseResult:
    """One article per item (RSS) or entry (Atom), at its 1-based position in the feed."""
    parsed = feedparser.parse(io.BytesIO(data))  # a stream: never taken for a URL or a file name
    entries: list[Any] = parsed.get("entries") or []
    if not entries:
        return ParseResult(articles=[], errors=[ParseError(source.file_name, _failure(parsed))])
    version = str(parsed.get("version") or "")
    atom = version.startswith("atom")
    layout, noun = ("atom", "entry") if atom else ("rss", "item")
    feed = parsed.get("feed") or {}
    feed_authors: list[Any] = (feed.get("authors") or []) if atom else []  # Atom entries inherit them
    base = str(feed.get("link") or "")
    if parsed.get("encoding"):  # feedparser decoded the text: say with what
        source = replace(source, encoding=str(parsed["encoding"]))

    result = ParseResult(articles=[])
    for position, entry in enumerate(entries, 1):
        title, paragraphs = _title(entry), _body(entry)
        if paragraphs and paragraphs[0] == title:  # a body that opens with the headline
            paragraphs = paragraphs[1:]
        if not title or not paragraphs:
            missing = "no title" if not title else f"no body under {title[:80]!r}"
            result.errors.append(ParseError(source.file_name, f"{noun} {position} has no text ({missing})"))
            continue
        fields = ExtractedFields(
            published=_date(entry),
            authors=_authors(entry, feed_authors),
            url=_url(entry, base),
            keywords=_keywords(entry),
            source_id=collapse(str(entry.get("id") or "")) or None,  # RSS guid, Atom id
        )
        result.articles.append(source.article(position, title, paragraphs, layout, fields))
    if not result.articles and parsed.get("bozo"):  # say why the items may have come out empty
        result.errors.append(ParseError(source.file_name, f"broken feed XML ({parsed.get('bozo_exception')})"))
    return result
