"""The text of IPTC XML as a reader sees it (NITF, and the XHTML that NewsML-G2 carries inline).

Inline elements (`<em>`, `<a>`, `<span>`, NITF's `<person>`) are joined with the text around them
exactly as written: a space inside or after one stays, and none is added. Block elements (`<p>`,
`<li>`, `<h2>`...) and `<br/>` break the words on either side apart, and the blocks of a body are
its paragraphs. Comments are no text.

dpa's digitalwires XHTML opens the body with a `<header>` that repeats the story's metadata, which
is not body text:

    <header><time data-datetime="2025-01-28T09:18:34+01:00">28.01.2025 09:18</time>
      <ul class="slugline"><li class="subject">Internet</li><li class="geo">USA</li></ul>
      <h1>the headline</h1><h3>the kicker</h3><p class="byline">Von ..., dpa</p></header>

and puts the dateline in a span opening a paragraph, which `read_xhtml` takes out of the text:

    <p><span class="dateline">New York <span class="credit">(dpa)</span> - </span>Ein Chatbot...</p>
"""

from dataclasses import dataclass, field

from lxml import etree

from shared.parsing.base import collapse
from shared.parsing.plaintext import paragraphs_of, split_lines

XHTML_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li"})
NOT_BODY = frozenset({"media", "table", "figure", "head", "header", "script", "style", "nav", "aside"})
"""Photos, tables and page furniture: their text is no paragraph of the story (NITF media captions
become the article's caption instead; an XHTML `<header>` gives title, keywords and byline)."""
BREAKS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"}
    | {"section", "article", "header", "footer", "blockquote", "block", "pre", "address", "figure", "figcaption"}
    | {"table", "thead", "tbody", "tr", "td", "th", "caption"}
)
"""Elements that end a line of text: the words on either side of one never run together."""


def local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def is_element(node: etree._Element) -> bool:
    return isinstance(node.tag, str)  # comments, processing instructions and entities are not


def _raw_text(element: etree._Element, omit: frozenset[str], skip: etree._Element | None) -> str:
    parts = [element.text or ""]
    for child in element:
        if is_element(child) and child is not skip and (name := local(child)) not in omit:
            inner = "" if name == "br" else _raw_text(child, omit, skip)
            parts.append(f" {inner} " if name in BREAKS else inner)
        parts.append(child.tail or "")  # a comment's or a skipped element's tail is still text
    return "".join(parts)


def text_of(element: etree._Element, omit: frozenset[str] = frozenset(), skip: etree._Element | None = None) -> str:
    """The element's text with its inline children, whitespace collapsed once over the whole, so
    that `<span>Brüssel (dpa) - </span>Die` stays "Brüssel (dpa) - Die". Children named in `omit`
    and the one element `skip` (with their text, not their tails) are left out."""
    return collapse(_raw_text(element, omit, skip))


def blocks(container: etree._Element, names: frozenset[str], skip: etree._Element | None = None) -> list[str]:
    """Paragraph-like elements in document order, at any depth: a block inside a block (a `<p>` in a
    `<li>`) stays within its parent's text, and nothing is taken from photos, tables or headers."""
    found: list[str] = []
    for child in container:
        if not is_element(child):
            continue
        name = local(child)
        if name in names:
            found.append(text_of(child, skip=skip))
        elif name not in NOT_BODY:
            found.extend(blocks(child, names, skip))
    return [block for block in found if block]


def loose_text(container: etree._Element, omit: frozenset[str] = frozenset()) -> list[str]:
    """Text written straight into a container without paragraph elements: split at blank lines."""

    def pieces(element: etree._Element) -> list[str]:
        found = [element.text or ""]
        for child in element:
            if is_element(child) and local(child) not in omit:
                found.extend(pieces(child))
            found.append(child.tail or "")
        return found

    return paragraphs_of(split_lines("".join(pieces(container))))


# ---------------------------------------------------------------- XHTML bodies (dpa digitalwires)


@dataclass
class XhtmlBody:
    paragraphs: list[str]
    title: str | None = None
    """The header's `<h1>`: the headline, for an item without a better one."""
    keywords: list[str] = field(default_factory=list)
    """The header's list items: dpa's slugline (subjects, places, keywords)."""
    byline: str | None = None
    published: str | None = None
    """The header's `<time>`, as its `data-datetime` (or `datetime`) attribute states it."""
    dateline: str | None = None
    """The `<span class="dateline">` opening a paragraph, as printed: "New York (dpa) -"."""


def _classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def _opens_block(span: etree._Element) -> bool:
    """Whether nothing but whitespace comes before the span in a paragraph-like parent."""
    parent = span.getparent()
    if parent is None or local(parent) not in XHTML_BLOCKS or (parent.text or "").strip():
        return False
    return all(
        not is_element(before) and not (before.tail or "").strip() for before in span.itersiblings(preceding=True)
    )


def _dateline(body: etree._Element) -> etree._Element | None:
    """The first `<span class="dateline">` that opens a paragraph of the body; one within a sentence
    is left in the text."""
    for span in body.iter("{*}span"):
        if "dateline" in _classes(span) and _opens_block(span) and not _within(span, body, NOT_BODY):
            return span
    return None


def _within(element: etree._Element, body: etree._Element, names: frozenset[str]) -> bool:
    """Whether an element between `element` and `body` has one of the names."""
    for above in element.iterancestors():
        if above is body:
            return False
        if local(above) in names:
            return True
    return False


def _header(body: etree._Element) -> etree._Element | None:
    return next((child for child in body if is_element(child) and local(child) == "header"), None)


def read_xhtml(body: etree._Element) -> XhtmlBody:
    """Paragraphs of an XHTML `<body>` without its header and opening dateline, and what those say."""
    dateline = _dateline(body)
    paragraphs = blocks(body, XHTML_BLOCKS, skip=dateline) or loose_text(body, omit=NOT_BODY)
    result = XhtmlBody(paragraphs, dateline=text_of(dateline) or None if dateline is not None else None)
    if (header := _header(body)) is None:
        return result
    for found in header.iter(etree.Element):
        name = local(found)
        if name == "h1" and result.title is None:
            result.title = text_of(found) or None
        elif name == "li" and (item := text_of(found)):
            result.keywords.append(item)
        elif name == "p" and "byline" in _classes(found) and result.byline is None:
            result.byline = text_of(found) or None
        elif name == "time" and result.published is None:
            result.published = found.get("data-datetime") or found.get("datetime")
    return result
