"""Where the tests find their data."""

from pathlib import Path

from benchmarks import corpus
from tests.support.skips import require

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
# Real news text beside the checkout, never copied into the repo; its location is written once, in
# benchmarks/corpus.py (NEWSFLOW_CORPUS to move it). Annotated here: mypy reads that module under
# its benchmarks' name only (pyproject.toml).
CORPUS: Path = corpus.CORPUS
BBC: Path = corpus.BBC
BBC_MISSING: str = corpus.MISSING


def bbc_files() -> list[Path]:
    """Every BBC corpus file (section/NNN.txt), sorted. Without the corpus the calling test is skipped,
    or fails in CI (tests/support/skips.py)."""
    files: list[Path] = corpus.bbc_files()
    require(files, BBC_MISSING)
    return files
