"""Turn the bytes of one file into articles. Pure code: no servers, no I/O.

`parse_file` picks the format from the content where it can (XML: IPTC NITF, IPTC NewsML-G2,
RSS, Atom, by the document element), from the file name otherwise (HTML, JSON/NDJSON, Markdown),
and for plain text from the layout (seed, wire, title-body); see the modules beside this one.
"""

from pathlib import PurePosixPath

from shared.errors import ParseError
from shared.parsing import feeds, iptc
from shared.parsing.base import ParseResult, SourceFile
from shared.parsing.plaintext import decode, parse_caption, parse_text
from shared.parsing.safexml import parse_xml, refuse_entity_declarations, root_name
from shared.parsing.structured import parse_html, parse_json

__all__ = ["ParseError", "ParseResult", "decode", "parse_caption", "parse_file"]

UNSUPPORTED = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".epub",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".svg",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
    ".mp3", ".mp4", ".wav", ".mov", ".avi", ".exe", ".bin", ".so", ".dll",
}  # fmt: skip
NEWSML_ROOTS = {"newsItem", "packageItem", "newsMessage"}
FEED_ROOTS = {"rss", "RDF", "feed"}
XML_SUFFIXES = {".xml", ".nitf", ".rss", ".atom"}


def parse_file(file_name: str, data: bytes, sha256: str = "") -> ParseResult:
    """All articles in one file, with errors for parts that gave none.
    Raises ParseError when the file as a whole gives no article."""
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix in UNSUPPORTED:
        raise ParseError(file_name, f"unsupported file type {suffix}")
    text, encoding = decode(file_name, data)
    source = SourceFile(file_name=file_name, sha256=sha256, encoding=encoding)
    root = root_name(text)
    if root == "nitf":
        result = iptc.parse_nitf(source, parse_xml(file_name, data))
    elif root in NEWSML_ROOTS:
        result = iptc.parse_newsml(source, parse_xml(file_name, data))
    elif root in FEED_ROOTS:
        refuse_entity_declarations(file_name, data)  # feedparser reads the bytes itself
        result = feeds.parse_feed(source, data)
    elif suffix in XML_SUFFIXES and root != "html":
        parse_xml(file_name, data)  # a hostile or malformed file is named as such
        raise ParseError(
            file_name, f"XML with root <{root}> is not a news format read here (NITF, NewsML-G2, RSS, Atom)"
        )
    elif suffix in (".json", ".jsonl", ".ndjson"):
        result = parse_json(source, text)
    elif suffix in (".html", ".htm", ".xhtml"):
        result = ParseResult([parse_html(source, text)])
    else:
        result = ParseResult(parse_text(source, text, markdown=suffix in (".md", ".markdown")))
    if not result.articles:
        if len(result.errors) == 1:
            raise result.errors[0]
        reasons = "; ".join([*(e.reason for e in result.errors), *result.skipped][:5])
        reasons = reasons or "no article text after cleaning"
        raise ParseError(file_name, reasons)
    return result
