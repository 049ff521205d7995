"""Plain-text layouts: the seed layout, wire copy, Markdown, and title-and-body.

- seed: several articles per file; each is title, blank, caption, caption again, `TT`, blank,
  title again, blank, caption, caption again, blank, body paragraphs (README.md, "File layouts").
- wire: an all-capitals headline, a dateline opening the body (`NEW YORK, Feb 26 -`), hard-wrapped
  lines with indented paragraphs, an agency sign-off at the end.
- markdown: `# Title`, then the body.
- title-body: anything else; the first non-empty line is the title, the rest the body.
"""

import re
from datetime import date, datetime

from charset_normalizer import from_bytes

from shared.contracts import Article
from shared.errors import ParseError
from shared.parsing.base import ExtractedFields, SourceFile, collapse

SITE_MARKER = "TT"
CREDIT = re.compile(r"\s*\(([^()]+)\)\s*$")
CAPTION_DATELINE = re.compile(r"^(\d{1,2} [A-Z][a-z]+ \d{4}),\s*([^:]{2,80}):\s*")
PHOTO_DATE = re.compile(r"\b(?:on )?([A-Z][a-z]+ \d{1,2}, \d{4})\.?\s*$")
WIRE_DATELINE = re.compile(
    # "NEW YORK", "ANDALUSIA, Ala.", or as some desks write it, "Detroit", "Sao Paulo"
    r"^(?P<place>(?:[A-Z][A-Z.'\- ]{1,40}|[A-Z][a-z.']+(?:[ -][A-Z][a-z.']+){0,3})(?:, [A-Z][A-Za-z.]+)?)"
    r"(?:,\s+(?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?:\s+\((?P<agency>[A-Za-z][A-Za-z .\-]{1,30})\))?"
    r"\s*[-\u2013\u2014]+\s*"
)
AGENCIES = {
    "reuter": "Reuters", "reuters": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP",
    "agence france-presse": "AFP", "upi": "UPI", "dpa": "dpa", "bloomberg": "Bloomberg",
}  # fmt: skip
"""Sign-off and dateline spellings (case-folded) -> the agency's usual name."""
_AGENCY = "|".join(sorted((re.escape(name) for name in AGENCIES), key=len, reverse=True))
# Sign-offs, in any case: alone on the last line ("REUTER", "-- Reuters", "(Reporting by ...; Editing
# by ...)", "Writing by ...", "(c) Copyright Thomson Reuters 2024"), or ending the last paragraph.
SIGN_OFF_LINE = re.compile(rf"^(?:-+\s*)?(?P<agency>{_AGENCY})\.?$", re.IGNORECASE)
CREDITS_LINE = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)(?:\s+and\s+\w+)?\s+by\b[^()]*\)?\.?$",
    re.IGNORECASE,
)
COPYRIGHT_LINE = re.compile(r"^(?:\(c\)|\u00a9|copyright\b)", re.IGNORECASE)
TRAILING_SIGN_OFF = re.compile(rf"(?<=[.!?\"\u201d\u2019)])\s+(?:-+\s*)?(?P<agency>{_AGENCY})\.?$", re.IGNORECASE)
TRAILING_CREDITS = re.compile(
    r"(?<=[.!?\"\u201d\u2019])\s*\(\s*(?:additional\s+)?(?:reporting|writing|editing)\b[^()]*\)\s*$",
    re.IGNORECASE,
)
AGENCY_WORD = re.compile(rf"\b(?P<agency>{_AGENCY})\b", re.IGNORECASE)


BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(file_name: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM) first, then charset detection."""
    if not data:
        raise ParseError(file_name, "empty file (0 bytes)")
    bom = next((enc for mark, enc in BOMS if data.startswith(mark)), None)
    if bom:
        text, encoding = data.decode(bom, "replace"), bom
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise ParseError(file_name, "binary file (contains NUL bytes)") from None
            text, encoding = _detect(file_name, data)
    if "\x00" in text:
        raise ParseError(file_name, "binary file (contains NUL characters)")
    if not text.strip():
        raise ParseError(file_name, "no text, only whitespace")
    return text, encoding


def _detect(file_name: str, data: bytes) -> tuple[str, str]:
    # Mostly-ASCII text with a few high bytes is Western text in Windows-1252 (e.g. one raw 0xA3
    # "£"): from so little evidence detectors guess a CJK code page, so that case is settled first.
    if sum(b > 0x7F for b in data) <= len(data) // 100:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ParseError(file_name, "undecodable bytes: no text encoding fits")
    # Single-byte code pages often tie; among equals, Windows-1252 is by far the most common.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos and match.coherence >= best.coherence - 0.05:
            best = match
            break
    return str(best), best.encoding


def split_lines(text: str) -> list[str]:
    """CRLF and CR become LF; trailing spaces go; whitespace-only lines become blank."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,3}[.)])\s+\S")


def paragraphs_of(lines: list[str], indent_breaks: bool = False) -> list[str]:
    """Paragraphs are separated by blank lines (any number); wrapped lines of one paragraph are
    joined, but a list item starts a paragraph of its own. With `indent_breaks`, an indented line
    also starts a paragraph (wire copy)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        indented = indent_breaks and line[:1] in (" ", "\t")
        starts_new = bool(line.strip()) and (indented or bool(LIST_ITEM.match(line)))
        if (not line.strip() or starts_new) and current:
            paragraphs.append(collapse(" ".join(current)))
            current = []
        if line.strip():
            current.append(line)
    return paragraphs


def _parse_date(text: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def parse_caption(text: str) -> ExtractedFields:
    """Credit in final parentheses, dateline at the start, or a photo date at the end."""
    caption = collapse(text)
    fields = ExtractedFields(caption=caption)
    rest = caption
    if m := CREDIT.search(rest):
        fields.photo_credit = m.group(1).strip()
        fields.credit_parts = [p.strip() for p in fields.photo_credit.split("/") if p.strip()]
        fields.agency = fields.credit_parts[-1] if fields.credit_parts else None
        rest = rest[: m.start()]
    if (m := CAPTION_DATELINE.match(rest)) and (when := _parse_date(m.group(1), "%d %B %Y")):
        fields.dateline_date = when
        fields.dateline_place = collapse(m.group(2))
    elif (m := PHOTO_DATE.search(rest)) and (when := _parse_date(m.group(1), "%B %d, %Y")):
        fields.photo_date = when
    return fields


def seed_starts(lines: list[str]) -> list[int]:
    """Where seed-layout articles start: the title 4 lines above a `TT` marker that follows a
    caption printed twice. Boundaries come from this structure, not from counting blank lines."""
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
        if rest and collapse(rest[0]) == expected:
            rest.pop(0)
    return rest


def parse_seed(source: SourceFile, lines: list[str], starts: list[int]) -> list[Article]:
    articles = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        title = collapse(lines[start])
        fields = parse_caption(lines[start + 2])
        paragraphs = paragraphs_of(_strip_repeat(lines[start + 5 : end], title, fields.caption or ""))
        if paragraphs:
            articles.append(source.article(n + 1, title, paragraphs, "seed", fields))
    return articles


def _is_headline_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters) and len(line.split()) >= 2


_NOT_PLACES = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Yesterday"}
)


def wire_dateline(paragraph: str) -> re.Match[str] | None:
    """`LONDON, Feb 26 -`, `Detroit, March 26 -` or `WASHINGTON (Reuters) -`: a place with a date or an
    agency; a place in mixed case with a date or a known agency ("Monday, March 26 -" names a day)."""
    m = WIRE_DATELINE.match(paragraph)
    if m is None or not (m.group("when") or m.group("agency")):
        return None
    place = m.group("place").split(",")[0].strip()
    known_agency = (m.group("agency") or "").casefold() in AGENCIES
    if not place.isupper() and not (m.group("when") or known_agency):
        return None  # "Labour (and the Tories) - ...": prose, not a dateline
    return None if place in _NOT_PLACES else m


def is_sign_off(line: str) -> bool:
    line = line.strip()
    return bool(SIGN_OFF_LINE.match(line) or CREDITS_LINE.match(line) or COPYRIGHT_LINE.match(line))


def looks_like_wire(lines: list[str]) -> bool:
    """Wire copy: an all-capitals headline over a dateline or indented paragraphs; or any headline
    over a body that opens with a wire dateline or ends with an agency sign-off line."""
    content = [line for line in lines if line.strip()]
    if len(content) < 2:
        return False
    caps = _is_headline_caps(content[0])
    # Capital lines under a capital headline are its continuation. (Checked only then: it is the
    # costly test, and most files have an ordinary headline.)
    body = [line for line in content[1:] if not _is_headline_caps(line)] if caps else content[1:]
    if not body:
        return False
    if wire_dateline(body[0].strip()) or (len(body) > 1 and is_sign_off(body[-1])):
        return True
    return caps and sum(line[:1] in (" ", "\t") for line in body) >= 2


def named_agency(sign_off: str) -> str | None:
    """The agency a sign-off names: "REUTER", "-- Reuters", "(c) Copyright Thomson Reuters 2024"."""
    m = SIGN_OFF_LINE.match(sign_off) or (AGENCY_WORD.search(sign_off) if COPYRIGHT_LINE.match(sign_off) else None)
    return AGENCIES[m.group("agency").casefold()] if m else None


def strip_sign_offs(lines: list[str]) -> tuple[list[str], str | None]:
    """The body without its sign-offs, and the agency they name: sign-off lines at the end (blank
    lines between them or not), then one at the end of the last paragraph ("... said. AFP")."""
    lines = list(lines)
    agency = None
    while lines and (not lines[-1].strip() or is_sign_off(lines[-1])):
        line = lines.pop().strip()
        agency = agency or named_agency(line)
    paragraphs = paragraphs_of(lines, indent_breaks=True)
    while paragraphs and (m := TRAILING_SIGN_OFF.search(paragraphs[-1]) or TRAILING_CREDITS.search(paragraphs[-1])):
        if m.groupdict().get("agency"):
            agency = agency or AGENCIES[m.group("agency").casefold()]
        paragraphs[-1] = paragraphs[-1][: m.start()].rstrip()
    return paragraphs, agency


def parse_wire(source: SourceFile, lines: list[str]) -> Article:
    content_start = next(i for i, line in enumerate(lines) if line.strip())
    end = content_start + 1
    if _is_headline_caps(lines[content_start]):
        while end < len(lines) and lines[end].strip() and _is_headline_caps(lines[end]):
            end += 1  # a headline in capitals may wrap over several lines
    title = " ".join(line.strip() for line in lines[content_start:end])
    paragraphs, agency = strip_sign_offs(lines[end:])
    fields = ExtractedFields(agency=agency)
    if paragraphs and (m := wire_dateline(paragraphs[0])):
        fields.dateline_place = m.group("place").strip()
        fields.dateline = m.group(0).rstrip(" -\u2013\u2014")
        named = m.group("agency")
        fields.agency = fields.agency or (AGENCIES.get(named.casefold(), named) if named else None)
        paragraphs[0] = paragraphs[0][m.end() :]
    return source.article(1, title, paragraphs, "wire", fields)


MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _markdown_text(line: str) -> str:
    line = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)", "", line)
    return MD_EMPHASIS.sub(r"\2", MD_LINK.sub(r"\1", line))


def parse_markdown(source: SourceFile, lines: list[str]) -> Article:
    heading = next((i for i, line in enumerate(lines) if re.match(r"^#\s+\S", line)), None)
    if heading is None:
        return parse_title_body(source, lines, layout="markdown")
    title = _markdown_text(lines[heading])
    body: list[str] = []
    for line in lines[heading + 1 :]:
        if re.match(r"^\s*(?:---+|\*\*\*+|```.*)$", line):  # rules and code fences are layout
            continue
        if LIST_ITEM.match(line) or line.lstrip().startswith("#"):
            body.append("")  # list items and headings are paragraphs of their own
        body.append(_markdown_text(line))
    return source.article(1, title, paragraphs_of(body), "markdown", ExtractedFields())


def parse_title_body(source: SourceFile, lines: list[str], layout: str = "title-body") -> Article:
    first = next(i for i, line in enumerate(lines) if line.strip())
    paragraphs = paragraphs_of(lines[first + 1 :])
    if not paragraphs:
        raise ParseError(source.file_name, "only a title, no body text")
    return source.article(1, lines[first], paragraphs, layout, ExtractedFields())


def parse_text(source: SourceFile, text: str, markdown: bool = False) -> list[Article]:
    lines = split_lines(text)
    if starts := seed_starts(lines):
        return parse_seed(source, lines, starts)
    if markdown:
        return [parse_markdown(source, lines)]
    if looks_like_wire(lines):
        return [parse_wire(source, lines)]
    return [parse_title_body(source, lines)]
