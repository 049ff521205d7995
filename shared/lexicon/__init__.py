"""The vocabulary the enrichment and the index share: word lists and name tables kept as data files
under `data/`, each saying in its header what it holds and where its words come from.

A word list is a `.txt` file, one entry per line (an entry may hold spaces); lines starting with `#`
and blank lines are skipped. A table is a `.csv` file with a header row. Files are read once, at
import of the module that names them.
"""

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA / f"{name}.txt"
    with path.open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of `data/<name>.txt`, in file order, as written (case kept)."""
    return tuple(_lines(name))


def words(name: str) -> frozenset[str]:
    """The entries of `data/<name>.txt` as a set."""
    return frozenset(entries(name))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of `data/<name>.csv` (comment lines starting with `#` skipped), keyed by its header."""
    path = DATA / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(line for line in handle if not line.startswith("#")))
