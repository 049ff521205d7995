"""NLP enrichment throughput on the BBC corpus, on one core: `python benchmarks/enrich.py [--limit N]`.

Reports model load time, articles/s and words/s, where the time goes (spaCy vs. each step) and peak RSS.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from shared.models import Article
from shared.nlp import DEFAULT_MODEL, Analyzer
from shared.nlp.pipeline import BATCH_SIZE
from shared.parsing import parse_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus")) / "bbc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="first N files only (default: all)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline package")
    parser.add_argument("--batch", type=int, default=BATCH_SIZE, help="texts per spaCy batch")
    parser.add_argument("--chunk", type=int, default=64, help="articles per analyse() call")
    parser.add_argument("--no-tagger", action="store_true", help="drop the POS tagger: faster, rougher key phrases")
    args = parser.parse_args()

    files = sorted(CORPUS.glob("*/*.txt"))
    if not files:
        sys.exit(f"no corpus at {CORPUS}: set NEWSFLOW_CORPUS")
    if args.limit:
        files = files[: args.limit]
    articles: list[Article] = []
    for f in files:  # parsing is benchmarked elsewhere (benchmarks/parse.py)
        articles += parse_file(f.relative_to(CORPUS).as_posix(), f.read_bytes()).articles
    words = sum(len(a.body.split()) for a in articles)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    started = time.perf_counter()
    analyzer = Analyzer(args.model, tagger=not args.no_tagger, batch_size=args.batch)
    load = time.perf_counter() - started
    analyzer.analyse(articles[:8])  # warm-up: first calls allocate
    analyzer.timings.clear()

    started, cpu_started = time.perf_counter(), time.process_time()
    warnings = 0
    for i in range(0, len(articles), args.chunk):
        warnings += sum(len(r.warnings) for r in analyzer.analyse(articles[i : i + args.chunk]))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # unlike wall time, not inflated by other processes on the core
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    print(f"enrich: model {analyzer.model}, pipes {analyzer.nlp.pipe_names}, spaCy batch {args.batch}")
    print(f"enrich: load {load:.2f}s (spaCy, GeoNames, VADER)")
    print(f"enrich: {len(articles)} articles, {words} words in {elapsed:.1f}s on one core, {warnings} warnings")
    print(f"enrich: {len(articles) / elapsed:.1f} articles/s, {words / elapsed:.0f} words/s (wall time)")
    print(f"enrich: {len(articles) / cpu:.1f} articles/s, {words / cpu:.0f} words/s (CPU time {cpu:.1f}s)")
    print(f"enrich: load average {os.getloadavg()[0]:.2f} (above 1 means other processes shared the machine)")
    print(f"enrich: peak RSS {peak_mb:.0f} MB")
    accounted = sum(analyzer.timings.values())
    for step, seconds in [*sorted(analyzer.timings.items(), key=lambda kv: -kv[1]), ("other", elapsed - accounted)]:
        print(f"  {step:<12} {seconds:7.2f}s {seconds / elapsed:6.1%}")


if __name__ == "__main__":
    main()
