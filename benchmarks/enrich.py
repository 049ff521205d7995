"""NLP enrichment throughput on the BBC corpus, on one core: `python benchmarks/enrich.py [--limit N]`.

Reports model load time, articles/s and words/s, where the time goes (spaCy vs. each step) and peak RSS.
"""

import argparse
import multiprocessing
import os
import resource
import time

from corpus import BBC, require_bbc

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.contracts import Article
from shared.enrichment.pipeline import BATCH_SIZE, DEFAULT_MODEL, NlpPipeline
from shared.parsing import parse_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="first N files only (default: all)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline package")
    parser.add_argument("--batch", type=int, default=BATCH_SIZE, help="texts per spaCy batch")
    parser.add_argument("--chunk", type=int, default=64, help="articles per analyse() call")
    parser.add_argument("--tagger", action="store_true", help="keep the POS tagger: better key phrases, slower")
    parser.add_argument("--processes", type=int, default=1, help="enricher processes, one per core, sharing the work")
    args = parser.parse_args()

    files = require_bbc()
    if args.limit:
        files = files[: args.limit]
    articles: list[Article] = []
    for f in files:  # parsing is benchmarked elsewhere (benchmarks/parse.py)
        articles += parse_file(f.relative_to(BBC).as_posix(), f.read_bytes()).articles
    words = sum(len(a.body.split()) for a in articles)
    if args.processes > 1:
        return several(args, articles, words)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    started = time.perf_counter()
    analyzer = NlpPipeline(args.model, tagger=args.tagger, batch_size=args.batch)
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


def _worker(job: tuple[argparse.Namespace, list[Article], int]) -> tuple[int, int, float, float]:
    args, articles, core = job
    os.sched_setaffinity(0, {core})
    started = time.perf_counter()
    analyzer = NlpPipeline(args.model, tagger=args.tagger, batch_size=args.batch)
    load = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, len(articles), args.chunk):
        analyzer.analyse(articles[i : i + args.chunk])
    return len(articles), sum(len(a.body.split()) for a in articles), time.perf_counter() - started, load


def several(args: argparse.Namespace, articles: list[Article], words: int) -> None:
    """N processes, each on its own core with its own models, as `--scale enricher=N` would run."""
    cores = sorted(os.sched_getaffinity(0))
    jobs = [(args, articles[i :: args.processes], cores[i % len(cores)]) for i in range(args.processes)]
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        results = pool.map(_worker, jobs)
    elapsed = max(r[2] for r in results)
    print(f"enrich: {args.processes} processes on cores {[j[2] for j in jobs]}, load {max(r[3] for r in results):.1f}s")
    print(f"enrich: {len(articles)} articles, {words} words in {elapsed:.1f}s")
    print(f"enrich: {len(articles) / elapsed:.1f} articles/s, {words / elapsed:.0f} words/s in all")
    print(f"enrich: load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
