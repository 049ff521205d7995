"""Turn the bytes of one file into articles. Pure code: no servers, no I/O.

`parse_file` picks the format from the file name (HTML, JSON/NDJSON, Markdown) or, for plain
text, from the layout (seed, wire, title-body); see the modules beside this one.
"""

from pathlib import PurePosixPath

from shared.errors import ParseError
from shared.parsing.base import ParseResult, SourceFile
from shared.parsing.plaintext import decode, parse_caption, parse_text
from shared.parsing.structured import parse_html, parse_json

__all__ = ["ParseError", "ParseResult", "decode", "parse_caption", "parse_file"]

UNSUPPORTED = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".epub",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".svg",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
    ".mp3", ".mp4", ".wav", ".mov", ".avi", ".exe", ".bin", ".so", ".dll",
}  # fmt: skip


def parse_file(file_name: str, data: bytes, sha256: str = "") -> ParseResult:
    """All articles in one file, with errors for parts that gave none.
    Raises ParseError when the file as a whole gives no article."""
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix in UNSUPPORTED:
        raise ParseError(file_name, f"unsupported file type {suffix}")
    text, encoding = decode(file_name, data)
    source = SourceFile(file_name=file_name, sha256=sha256, encoding=encoding)
    if suffix in (".json", ".jsonl", ".ndjson"):
        result = parse_json(source, text)
    elif suffix in (".html", ".htm", ".xhtml"):
        result = ParseResult([parse_html(source, text)])
    else:
        result = ParseResult(parse_text(source, text, markdown=suffix in (".md", ".markdown")))
    if not result.articles:
        if len(result.errors) == 1:
            raise result.errors[0]
        reasons = "; ".join(e.reason for e in result.errors[:5]) or "no article text after cleaning"
        raise ParseError(file_name, reasons)
    return result
