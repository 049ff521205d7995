"""Reading XML from files nobody vetted: no entity expansion, no DTD loading, no network.

Entity declarations are how XML bombs (billion laughs) and external-entity attacks work, and no news
format needs its own: a file that declares any is refused with a clear reason before a parser sees it.
"""

import re

from lxml import etree

from shared.errors import ParseError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_PROLOG = re.compile(r"\A(?:\ufeff|\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL)


def refuse_entity_declarations(file_name: str, data: bytes) -> None:
    if _ENTITY_DECLARATION.search(data):
        raise ParseError(
            file_name, "XML declares entities (<!ENTITY>): refused, as entity expansion is how XML bombs work"
        )


def root_name(text: str) -> str | None:
    """Local name of the document element ("nitf", "rss", "feed"...), or None if this is not XML."""
    prolog = _PROLOG.match(text)
    rest = text[prolog.end() if prolog else 0 :][:2000]
    match = _ROOT_TAG.match(rest)
    return match.group(2) if match else None


def parse_xml(file_name: str, data: bytes) -> etree._Element:
    """The document element; a ParseError naming the file for entities or malformed XML."""
    refuse_entity_declarations(file_name, data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(file_name, f"malformed XML: {exc}") from None
