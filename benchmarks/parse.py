"""Parser throughput on the BBC corpus, on one core: `make bench` (or `python benchmarks/parse.py`)."""

import os
import time

from corpus import BBC, require_bbc

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.parsing import parse_file


def main() -> None:
    files = require_bbc()
    data = [(f.relative_to(BBC).as_posix(), f.read_bytes()) for f in files]  # I/O outside the timing
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        articles = sum(len(parse_file(name, content).articles) for name, content in data)
        best = min(best, time.perf_counter() - started)
    size = sum(len(content) for _, content in data)
    print(f"parser: {len(files)} files, {articles} articles, {size / 1e6:.1f} MB in {best:.2f}s (best of 3, one core)")
    print(f"parser: {articles / best:.0f} articles/s, {size / 1e6 / best:.1f} MB/s")


if __name__ == "__main__":
    main()
