"""Where the BBC corpus is: real news text beside the checkout, never copied into the repo.

The one place its location is written. The benchmarks import it as `corpus` (they run as scripts,
`python benchmarks/parse.py`, with this folder first on the path); scripts/screenshots.py and the
tests import it as `benchmarks.corpus`. It imports nothing of Newsflow's or of the tests', so any
of them can.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus"))
"""The folder of corpora: ../shared/corpus beside the checkout, or NEWSFLOW_CORPUS."""
BBC = CORPUS / "bbc"
"""The BBC news corpus: <section>/<NNN>.txt, 2,225 files."""
MISSING = f"needs the BBC corpus in {BBC} (NEWSFLOW_CORPUS: the folder holding bbc/)"
"""Why whatever needs the corpus cannot run without it."""


def bbc_files() -> list[Path]:
    """Every BBC corpus file, sorted; none without the corpus."""
    return sorted(BBC.glob("*/*.txt"))


def require_bbc() -> list[Path]:
    """Every BBC corpus file, sorted; without the corpus, exits with the reason (for the benchmarks)."""
    files = bbc_files()
    if not files:
        sys.exit(f"no BBC corpus at {BBC}: set NEWSFLOW_CORPUS to the folder holding bbc/")
    return files
