"""IPTC news formats: NITF 3.x articles and NewsML-G2 items (newsItem, packageItem, newsMessage).

The root element comes already parsed by `shared.parsing.safexml`. Every lookup uses lxml's `{*}`
namespace wildcard: NITF arrives with or without its namespace, and NewsML-G2 carries XHTML or NITF
inline in their own namespaces. NewsML-G2 items are read without their catalogs: a qcode such as
`ninat:picture` is taken at its IPTC meaning.
"""

import re
from collections.abc import Iterable
from datetime import date

from lxml import etree

from shared.contracts import Article
from shared.errors import ParseError
from shared.parsing.base import ExtractedFields, ParseResult, SourceFile, collapse
from shared.parsing.plaintext import paragraphs_of, split_lines
from shared.parsing.xmltext import XhtmlBody, blocks, is_element, local, loose_text, read_xhtml, text_of

NORM_DATE = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})")
"""NITF norm dates (20240115, 20240115T120000Z) and ISO dates (2024-01-15T12:00:00+01:00): the
date as the provider wrote it, without moving it to UTC (that day is the one the story was dated)."""
BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
NAME_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
JOB_TITLE = re.compile(r"\b(?:writer|correspondent|reporter|editor|staff|press|news|bureau)\b", re.IGNORECASE)
"""A byline part that is the author's job or employer, not a name: "By JOHN DOE, Associated Press Writer"."""
WHEN = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d"
)
DATELINE_PLACE = re.compile(rf"^(?P<place>.+?)(?:,\s*(?:{WHEN})|\s*\(|\s+[-\u2013\u2014]|$)", re.DOTALL)
"""The place that opens a dateline: "VALENCIA, March 3", "MOSCOW, Monday (Reuters)", "New York, NY - Oct 21"."""

NITF_BLOCKS = frozenset({"p", "hl2", "li"})
BYLINE_EXTRAS = frozenset({"byttl", "org", "location", "virtloc"})
"""Inside an NITF byline: the author's job title, employer and place, which are not names."""
NON_TEXT_ITEMS = frozenset({"picture", "graphic", "video", "audio", "interactive"})


# ---------------------------------------------------------------- XML helpers


def _find_text(element: etree._Element | None, *paths: str) -> str | None:
    """The text of the first element on any of the paths (in order) that has some."""
    if element is None:
        return None
    for path in paths:
        for found in element.iterfind(path):
            if text := text_of(found):
                return text
    return None


def _date(value: str | None) -> date | None:
    if not value or not (m := NORM_DATE.match(value)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _first_date(element: etree._Element | None, *paths: str) -> date | None:
    """First parseable date on the paths; a path ending in `/@name` reads that attribute."""
    if element is None:
        return None
    for path in paths:
        path, _, attribute = path.partition("/@")
        for found in element.iterfind(path):
            if when := _date(found.get(attribute) if attribute else found.text):
                return when
    return None


def _names(text: str | None) -> list[str]:
    """Author names from a byline: "By Jane Smith and John Doe" -> ["Jane Smith", "John Doe"]."""
    if not text:
        return []
    parts = (collapse(part) for part in NAME_SEPARATORS.split(BY.sub("", text)))
    return [name for name in parts if name and not JOB_TITLE.search(name)]


def _unique(values: Iterable[str | None]) -> list[str]:
    """Non-empty values, whitespace collapsed, first spelling kept, in order."""
    seen: dict[str, str] = {}
    for value in values:
        if value and (text := collapse(value)):
            seen.setdefault(text.casefold(), text)
    return list(seen.values())


def _dateline_place(dateline: str | None) -> str | None:
    if not dateline or not (m := DATELINE_PLACE.match(dateline)):
        return None
    place = m.group("place").strip(" ,")
    return place if place and not re.match(WHEN, place) else None


# ---------------------------------------------------------------- NITF


def _nitf_body(nitf: etree._Element) -> list[str]:
    content = nitf.find("{*}body/{*}body.content")
    if content is None:
        return []
    return blocks(content, NITF_BLOCKS) or loose_text(content)


def _nitf_authors(body_head: etree._Element | None) -> list[str]:
    authors: list[str] = []
    for byline in body_head.iterfind("{*}byline") if body_head is not None else ():
        people = [text_of(person) for person in byline.iterfind(".//{*}person")]
        authors.extend([p for p in people if p] or _names(text_of(byline, BYLINE_EXTRAS)))
    return authors


def _nitf_fields(nitf: etree._Element) -> ExtractedFields:
    head, body_head = nitf.find("{*}head"), nitf.find("{*}body/{*}body.head")
    copyright_ = head.find("{*}docdata/{*}doc.copyright") if head is not None else None
    fields = ExtractedFields(
        authors=_nitf_authors(body_head),
        published=_first_date(
            head, "{*}docdata/{*}date.issue/@norm", "{*}docdata/{*}date.release/@norm", "{*}pubdata/@date.publication"
        ),
        # The copyright holder before the distributor, which may only resell the agency's copy.
        agency=collapse(copyright_.get("holder") or "") if copyright_ is not None else None,
    )
    fields.agency = fields.agency or _find_text(body_head, "{*}distributor")
    if head is not None:
        fields.keywords = _unique(k.get("key") for k in head.iterfind("{*}docdata/{*}key-list/{*}keyword"))
        doc_id = head.find("{*}docdata/{*}doc-id")
        fields.source_id = doc_id.get("id-string") if doc_id is not None else None
        du_key = head.find("{*}docdata/{*}du-key")  # NITF's slug: the story's short label
        fields.slugline = du_key.get("key") if du_key is not None else None
    dateline = body_head.find("{*}dateline") if body_head is not None else None
    if dateline is not None:
        fields.dateline = text_of(dateline) or None
        location = dateline.find("{*}location")
        if location is not None:  # <city>, <state>, <country>...: the parts the gazetteer can narrow by
            parts = [text_of(part) for part in location if is_element(part)]
            fields.dateline_place = ", ".join(p for p in parts if p) or text_of(location) or None
        fields.dateline_place = fields.dateline_place or _dateline_place(fields.dateline)
        fields.dateline_date = _first_date(dateline, ".//{*}story.date/@norm")
    media = nitf.find("{*}body/{*}body.content//{*}media[@media-type='image']")
    if media is not None:
        fields.caption = _find_text(media, "{*}media-caption")
        fields.photo_credit = _find_text(media, "{*}media-producer")
        fields.credit_parts = [p.strip() for p in (fields.photo_credit or "").split("/") if p.strip()]
    return fields


def parse_nitf(source: SourceFile, root: etree._Element) -> ParseResult:
    """One NITF document is one article: headline `hl1` (else `head/title`), `body.content` paragraphs."""
    paragraphs = _nitf_body(root)
    title = _find_text(root, "{*}body/{*}body.head//{*}hl1", "{*}head/{*}title")
    if not title and len(paragraphs) > 1:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    if not title or not paragraphs:
        missing = "text in body.content" if not paragraphs else "headline (hl1 or head/title)"
        return ParseResult([], [ParseError(source.file_name, f"NITF document without {missing}")])
    return ParseResult([source.article(1, title, paragraphs, "nitf", _nitf_fields(root))])


# ---------------------------------------------------------------- NewsML-G2


def _guid(item: etree._Element) -> str:
    return item.get("guid") or "without guid"


def _item_class(item: etree._Element) -> str | None:
    """The item's kind ("text", "picture"...) from `itemMeta/itemClass` (qcode `ninat:text` or a NewsCodes URI)."""
    item_class = item.find("{*}itemMeta/{*}itemClass")
    if item_class is None:
        return None
    code = item_class.get("qcode") or item_class.get("uri") or ""
    return re.split(r"[:/]", code.rstrip("/"))[-1].lower() or None


Content = tuple[list[str], etree._Element | None, XhtmlBody | None]
"""An item's paragraphs, and the inline NITF document or XHTML body they came from, which may say more."""


def _inline_xml(rendition: etree._Element) -> Content:
    """Paragraphs of XHTML or NITF carried in `inlineXML`, and the document they came from."""
    for document in rendition:
        if not is_element(document):
            continue
        if local(document) == "nitf":
            return _nitf_body(document), document, None
        body = document.find("{*}body") if local(document) == "html" else document
        if body is not None and (xhtml := read_xhtml(body)).paragraphs:
            return xhtml.paragraphs, None, xhtml
    return [], None, None


def _content(item: etree._Element) -> Content:
    """The first rendition in `contentSet` with text; `remoteContent` (a photo, a video) has none."""
    for rendition in item.iterfind("{*}contentSet/*"):
        name = local(rendition)
        if name == "inlineXML" and (found := _inline_xml(rendition))[0]:
            return found
        # Only plain text: base64 or HTML in inlineData would need decoding of their own.
        plain = (rendition.get("contenttype") or "text/plain").startswith("text/plain")
        if name == "inlineData" and plain and not rendition.get("encoding"):
            paragraphs = paragraphs_of(split_lines(rendition.text or ""))
            if paragraphs:
                return paragraphs, None, None
    return [], None, None


def _located(located: etree._Element | None) -> str | None:
    """ "Berlin, Germany" from `<located><name>Berlin</name><broader><name>Germany</name>...`."""
    if located is None:
        return None
    parts: list[str] = []
    for place in (located, *located.iterfind("{*}broader")):
        name = _find_text(place, "{*}name")
        if name and name.lower() not in (p.lower() for p in parts):
            parts.append(name)
    return ", ".join(parts) or None


def _agency(item: etree._Element) -> str | None:
    """The provider (the party that manages the item: the agency), else the copyright holder."""
    provider = item.find("{*}itemMeta/{*}provider")
    name = _find_text(provider, "{*}name") or (provider.get("literal") if provider is not None else None)
    name = name or _find_text(item, "{*}rightsInfo/{*}copyrightHolder/{*}name")
    if not name and provider is not None and (provider.get("qcode") or "").startswith("nprov:"):
        name = (provider.get("qcode") or "").partition(":")[2]  # IPTC's provider codes: nprov:REUTERS
    return collapse(name) if name else None


def _newsml_fields(item: etree._Element, nitf: etree._Element | None, xhtml: XhtmlBody | None) -> ExtractedFields:
    meta, content = item.find("{*}itemMeta"), item.find("{*}contentMeta")
    inline = _nitf_fields(nitf) if nitf is not None else ExtractedFields()
    header = xhtml or XhtmlBody([])  # an XHTML body's header and opening dateline
    creators = [_find_text(c, "{*}name") for c in content.iterfind("{*}creator")] if content is not None else []
    dateline = _find_text(content, "{*}dateline") or header.dateline
    subjects: list[str | None] = list(inline.keywords)
    if content is not None:  # subjects by name where the item names them, else by code ("medtop:20000106")
        subjects = [_find_text(sub, "{*}name") or sub.get("qcode") for sub in content.iterfind("{*}subject")]
        subjects += [text_of(keyword) for keyword in content.iterfind("{*}keyword")]
    return ExtractedFields(
        # The printed by-line before the creators, which dpa gives as logins ("nickel.valeria").
        authors=_names(_find_text(content, "{*}by"))
        or _names(header.byline)
        or [c for c in creators if c]
        or inline.authors,
        dateline=dateline or inline.dateline,
        dateline_place=_located(content.find("{*}located") if content is not None else None)
        or _dateline_place(dateline)
        or inline.dateline_place,
        dateline_date=inline.dateline_date,
        # First publication before this version's date: a correction does not move the story in time.
        published=_first_date(meta, "{*}firstCreated")
        or _first_date(content, "{*}contentCreated")
        or _first_date(meta, "{*}versionCreated")
        or inline.published
        or _date(header.published),
        agency=_agency(item) or inline.agency,
        caption=inline.caption,
        photo_credit=inline.photo_credit,
        credit_parts=inline.credit_parts,
        # The subjects, then the XHTML header's slugline, which mostly repeats them.
        keywords=_unique([*subjects, *header.keywords]),
        slugline=_find_text(content, "{*}slugline") or inline.slugline,
        source_id=item.get("guid") or inline.source_id,
    )


def _news_item(source: SourceFile, item: etree._Element, position: int) -> Article | ParseError | str:
    """The item's article; a reason (str) for a media item, which is skipped by design; an error."""
    kind = _item_class(item)
    if kind in NON_TEXT_ITEMS:
        return f"{kind} item {_guid(item)} has no text, skipped"
    paragraphs, nitf, xhtml = _content(item)
    if not paragraphs:
        return ParseError(source.file_name, f"{kind or 'news'} item {_guid(item)} has no text, skipped")
    # The XHTML header's <h1> before itemMeta's title, which is often a slug ("LT--Argentina-Milei").
    title = _find_text(item, "{*}contentMeta/{*}headline") or (xhtml.title if xhtml else None)
    title = title or _find_text(item, "{*}itemMeta/{*}title")
    if not title and nitf is not None:
        title = _find_text(nitf, "{*}body/{*}body.head//{*}hl1", "{*}head/{*}title")
    if not title and len(paragraphs) > 1:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    if not title:
        return ParseError(source.file_name, f"text item {_guid(item)} has no headline, skipped")
    return source.article(position, title, paragraphs, "newsml-g2", _newsml_fields(item, nitf, xhtml))


def parse_newsml(source: SourceFile, root: etree._Element) -> ParseResult:
    """Each text newsItem is an article: the root itself, or each item in a newsMessage's itemSet.
    Photos and other media items are skipped with a reason, and so is a packageItem sent alone: it
    only points at other items."""
    in_message = local(root) == "newsMessage"
    items = [i for i in root.iterfind("{*}itemSet/*") if is_element(i)] if in_message else [root]
    result = ParseResult(articles=[])
    for position, item in enumerate(items, 1):
        name = local(item)
        if name == "newsItem":
            outcome = _news_item(source, item, position)
            if isinstance(outcome, str):
                result.skipped.append(outcome)
            elif isinstance(outcome, ParseError):
                result.errors.append(outcome)
            else:
                result.articles.append(outcome)
        elif name == "packageItem" and in_message:
            continue  # its items travel beside it in the itemSet and are read there
        elif name == "packageItem":
            refs = len(item.findall(".//{*}itemRef"))
            reason = f"package item {_guid(item)} has no text, only references to {refs} other items"
            result.errors.append(ParseError(source.file_name, reason))
        else:
            result.errors.append(ParseError(source.file_name, f"{name} {_guid(item)} is not a news item, skipped"))
    if not result.articles and not result.errors and not result.skipped:  # an empty itemSet, or packages alone
        result.errors.append(ParseError(source.file_name, "NewsML-G2 news message without news items"))
    return result
