"""Text normalisation behind article ids and duplicate detection."""

import hashlib
import re
import unicodedata


def normalise(text: str) -> str:
    """Unicode-normalised, case-folded text with whitespace collapsed: the basis of article ids."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id(title: str, body: str) -> str:
    """Deterministic id from normalised content: the same article gets the same id from any file."""
    digest = hashlib.sha256(f"{normalise(title)}\n{normalise(body)}".encode())
    return digest.hexdigest()[:32]
