"""Where the tests find their data."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus"))
"""Real news text beside the checkout, never copied into the repo (NEWSFLOW_CORPUS to move it)."""
BBC = CORPUS / "bbc"

needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason=f"needs the BBC corpus in {BBC} (NEWSFLOW_CORPUS)")


def bbc_files() -> list[Path]:
    """Every BBC corpus file (section/NNN.txt), sorted; the calling test is skipped without the corpus."""
    files = sorted(BBC.glob("*/*.txt"))
    if not files:
        pytest.skip(f"needs the BBC corpus in {BBC} (NEWSFLOW_CORPUS)")
    return files
