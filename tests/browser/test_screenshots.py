"""`make docs` pictures the explorer for the README: the script works from a clean index, and the
README shows exactly the pictures it takes."""

import re
import struct
from pathlib import Path

import pytest

from scripts.screenshots import ARTICLE_VIEWPORT, CHROMIUM, VIEWPORT, screenshots
from tests.support.paths import ROOT
from tests.support.servers import ES_URL

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM} (make tools)")


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


def test_make_docs_takes_the_pictures_the_readme_shows(tmp_path: Path) -> None:
    pictures = screenshots(tmp_path, ES_URL)
    assert [p.name for p in pictures] == ["explorer-search.png", "explorer-article.png"]
    assert png_size(pictures[0]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert png_size(pictures[1]) == (ARTICLE_VIEWPORT["width"], ARTICLE_VIEWPORT["height"])
    assert all(p.stat().st_size > 50_000 for p in pictures)  # a blank page compresses to a few KB

    shown = re.findall(r"!\[[^\]]+\]\((docs/img/[^)]+)\)", (ROOT / "README.md").read_text())
    assert sorted(shown) == sorted(f"docs/img/{p.name}" for p in pictures)
    for path in shown:
        assert png_size(ROOT / path) == png_size(tmp_path / Path(path).name), f"{path}: run `make docs`"
