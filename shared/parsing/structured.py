"""Structured formats: HTML pages saved from news sites (via trafilatura) and JSON / NDJSON records."""

import json
import re
from datetime import date
from typing import Any

import trafilatura
from trafilatura.settings import Document

from shared.contracts import Article
from shared.errors import ParseError
from shared.parsing.base import ExtractedFields, ParseResult, SourceFile, collapse

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("body", "text", "content", "maintext", "articleBody", "article", "description")
DATE_KEYS = ("date", "published", "date_publish", "datePublished", "published_at", "pubDate", "publish_date")
URL_KEYS = ("url", "link", "source_url")
AUTHOR_KEYS = ("authors", "author", "byline", "creator")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: Any) -> date | None:
    if not isinstance(value, str) or not (m := ISO_DATE.search(value)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; text without any blank line is split at line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [p for p in (collapse(part) for part in parts) if p]


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value not in (None, "", []):
            return value
    return None


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        return [a for a in (collapse(x) for x in re.split(r";|\band\b|,(?![^()]*\))", value)) if a]
    if isinstance(value, list):
        names = [v.get("name") if isinstance(v, dict) else v for v in value]
        return [collapse(n) for n in names if isinstance(n, str) and n.strip()]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [collapse(value["name"])]
    return []


def parse_html(source: SourceFile, text: str) -> Article:
    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    doc: dict[str, Any] = extracted.as_dict() if isinstance(extracted, Document) else (extracted or {})
    body = doc.get("text") or ""
    if not body.strip():
        raise ParseError(source.file_name, "HTML page without article text")
    title = collapse(doc.get("title") or "")
    paragraphs = split_paragraphs(body)
    if title and paragraphs and paragraphs[0] == title:  # the page's <h1> repeats the title
        paragraphs = paragraphs[1:]
    if not title:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    if not paragraphs:
        raise ParseError(source.file_name, "HTML page with a title but no article text")
    fields = ExtractedFields(
        published=iso_date(doc.get("date")), authors=_authors(doc.get("author")), url=doc.get("url")
    )
    return source.article(1, title, paragraphs, "html", fields)


def _records(source: SourceFile, text: str) -> list[Any]:
    stripped = text.strip()
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as whole:
        # NDJSON: one record per line.
        records = []
        for n, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                if n == 1:
                    raise ParseError(source.file_name, f"not JSON: {whole.msg} at line {whole.lineno}") from None
                records.append(ParseError(source.file_name, f"line {n} is not JSON: {exc.msg}"))
        return records
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results"):  # common envelopes
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    if isinstance(data, list):
        return data
    raise ParseError(source.file_name, f"JSON holds no article object or list ({type(data).__name__})")


def parse_json(source: SourceFile, text: str) -> ParseResult:
    result = ParseResult(articles=[])
    for position, record in enumerate(_records(source, text), 1):
        if isinstance(record, ParseError):
            result.errors.append(record)
            continue
        where = f"record {position}"
        if not isinstance(record, dict):
            result.errors.append(ParseError(source.file_name, f"{where} is not an object ({type(record).__name__})"))
            continue
        title, body = _first(record, TITLE_KEYS), _first(record, BODY_KEYS)
        if isinstance(body, list):
            body = "\n\n".join(str(p) for p in body)
        if not isinstance(title, str) or not title.strip() or not isinstance(body, str) or not body.strip():
            keys = ", ".join(sorted(record)[:10]) or "none"
            reason = f"{where} has no title and body (fields: {keys})"
            result.errors.append(ParseError(source.file_name, reason))
            continue
        url = _first(record, URL_KEYS)
        fields = ExtractedFields(
            published=iso_date(_first(record, DATE_KEYS)),
            authors=_authors(_first(record, AUTHOR_KEYS)),
            url=url if isinstance(url, str) else None,
        )
        result.articles.append(source.article(position, title, split_paragraphs(body), "json", fields))
    return result
