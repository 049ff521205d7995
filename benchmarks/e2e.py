"""End-to-end benchmark (`make bench-e2e`, not a test): the pipeline started the way `make run` starts
it, on a scratch Redis database, index and inbox, fed BBC corpus files. Prints in one run:

- drop-to-searchable latency of single files on the idle pipeline (p50, p95, max);
- a burst: articles/s end to end, CPU seconds and peak memory of every process;
- the same burst with NEWSFLOW_NLP=false (the pipeline's own cost);
- the baselines on the same articles: bare spaCy with the enricher's components on every core
  (model load included; with the enricher's one OpenBLAS thread, and as installed, a thread per
  core), the enricher's whole work without the pipeline (Redis, the other stages, Elasticsearch)
  on every core, and parse + bulk into Elasticsearch without NLP; and the ratios;
- a backfill: `newsflow ingest` of the whole corpus through a fresh pipeline, with and without NLP,
  until every article is searchable, and the hours 1,000,000 articles would take at that rate.

Needs Redis and Elasticsearch (`make servers`) and the BBC corpus (`../shared/corpus` or
NEWSFLOW_CORPUS). Run: `.venv/bin/python benchmarks/e2e.py [--files 400] [--singles 15] [--enrichers N]
[--repeat 3] [--no-backfill]`: the bursts and baselines are measured in rounds and the median round is shown, with
each round's ratios (this kind of machine's speed drifts between runs).
"""

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import redis
from corpus import require_bbc
from elasticsearch import Elasticsearch, helpers
from stack import ES_URL, INDEX, REDIS_URL, ROOT, SERVERS_ENV, Pipeline, cpu_of, server_pids

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.contracts import Article
from shared.enrichment.enrich import enrich_batch
from shared.enrichment.pipeline import BATCH_SIZE, DEFAULT_MODEL, load_pipeline
from shared.index.versions import drop_index, ensure_index, on_index
from shared.parsing import parse_file
from shared.settings import EnricherSettings

STAGES = ("watcher", "parser", "enricher", "indexer")
T = TypeVar("T")


def reset(es: Elasticsearch) -> None:
    redis.Redis.from_url(REDIS_URL).flushdb()
    on_index(ES_URL, drop_index, INDEX)


def count(es: Elasticsearch, query: dict[str, Any] | None = None) -> int:
    if not es.indices.exists(index=INDEX):
        return 0
    return int(es.count(index=INDEX, query=query or {"match_all": {}})["count"])


def drop(src: Path, inbox: Path, name: str) -> None:
    """As a user's `cp`: written, then closed."""
    shutil.copyfile(src, inbox / name)


def singles(pipeline: Pipeline, es: Elasticsearch, files: list[Path]) -> list[float]:
    """Seconds from dropping each file, one at a time on the idle pipeline, to finding it by search."""
    latencies = []
    for i, src in enumerate(files):
        name = f"single-{i}-{src.parent.name}-{src.name}"
        started = time.perf_counter()
        drop(src, pipeline.inbox, name)
        while count(es, {"term": {"source_files": name}}) == 0:
            if time.perf_counter() - started > 60:
                sys.exit(f"bench-e2e: {name} not searchable after 60 s; logs in {pipeline.workdir}")
            time.sleep(0.01)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.5)  # idle again
    return latencies


def burst(pipeline: Pipeline, es: Elasticsearch, files: list[Path], expected: int) -> dict[str, Any]:
    """All files at once, until their `expected` documents are searchable; returns elapsed seconds,
    articles/s, and CPU seconds and peak memory per stage."""
    before = count(es)
    servers = {name: (pid, cpu_of(pid)) for name, pid in server_pids().items()}
    for p in pipeline.processes:
        p.cpu_at_start = p.cpu_seconds()
    started = time.perf_counter()
    for i, src in enumerate(files):
        drop(src, pipeline.inbox, f"burst-{i}-{src.parent.name}-{src.name}")
    # Polled five times a second: each search costs Elasticsearch a few ms of CPU on this kind of
    # machine, and polling every 50 ms took it 3 of the 8 CPU-seconds it spent in a burst with NLP.
    while count(es) < before + expected:
        if time.perf_counter() - started > 1800:
            sys.exit(f"bench-e2e: burst unfinished after 30 min; logs in {pipeline.workdir}")
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    cpu: dict[str, float] = {}
    for p in pipeline.processes:
        cpu[p.service] = cpu.get(p.service, 0.0) + p.cpu_seconds() - p.cpu_at_start
    for name, (pid, at_start) in servers.items():
        cpu[name] = cpu_of(pid) - at_start
    peak: dict[str, float] = {}
    for p in pipeline.processes:
        peak[p.service] = max(peak.get(p.service, 0.0), p.peak_mb())
    return {"seconds": elapsed, "per_s": expected / elapsed, "cpu": cpu, "peak_mb": peak}


def _spacy_worker(job: tuple[list[str], int]) -> int:
    texts, core = job
    os.sched_setaffinity(0, {core})
    nlp = load_pipeline(DEFAULT_MODEL, tagger=False)
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return len(texts)


def on_every_core(worker: Callable[[tuple[list[T], int]], int], items: list[T], processes: int) -> float:
    """Items/s of `worker` over `items`, shared among `processes` spawned processes, each pinned to a
    core; the workers' start (model load) included."""
    cores = sorted(os.sched_getaffinity(0))
    jobs = [(items[i::processes], cores[i % len(cores)]) for i in range(processes)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        done = sum(pool.map(worker, jobs))
    return done / (time.perf_counter() - started)


def bare_spacy(texts: list[str], processes: int, blas_threads: str | None = None) -> float:
    """Articles/s of spaCy alone with the enricher's components, one process per core, model load
    included. It runs with the enricher's one OpenBLAS thread (set by shared.enrichment), unless
    `blas_threads` says otherwise: a thread per core is spaCy as installed."""
    chosen = os.environ["OPENBLAS_NUM_THREADS"]
    os.environ["OPENBLAS_NUM_THREADS"] = blas_threads or chosen  # the spawned workers read it at start
    try:
        return on_every_core(_spacy_worker, texts, processes)
    finally:
        os.environ["OPENBLAS_NUM_THREADS"] = chosen


def _enrich_worker(job: tuple[list[Article], int]) -> int:
    articles, core = job
    os.sched_setaffinity(0, {core})
    batch = EnricherSettings().max_records  # the enricher's batches, at most
    for i in range(0, len(articles), batch):
        enrich_batch(articles[i : i + batch])
    return len(articles)


def enrichment_alone(articles: list[Article], processes: int) -> float:
    """Articles/s of the enricher's whole work (language, spaCy, rules, key phrases, sentiment,
    fingerprints) without Redis, the other stages or Elasticsearch, one process per core, model load
    included: what the pipeline would reach if moving and indexing the articles cost nothing."""
    return on_every_core(_enrich_worker, articles, processes)


def parse_and_bulk(es: Elasticsearch, files: list[Path]) -> float:
    """Articles/s of parsing the files and bulk-indexing the articles, no NLP, into a scratch index."""
    scratch = f"{INDEX}-baseline"
    on_index(ES_URL, drop_index, scratch)
    on_index(ES_URL, ensure_index, scratch)
    started = time.perf_counter()
    articles = [a for f in files for a in parse_file(f.name, f.read_bytes()).articles]
    actions = ({"_index": scratch, "_id": a.id, "_source": a.model_dump(mode="json")} for a in articles)
    helpers.bulk(es, actions, chunk_size=500)
    es.indices.refresh(index=scratch)
    per_s = len(articles) / (time.perf_counter() - started)
    on_index(ES_URL, drop_index, scratch)
    return per_s


def articles_in(files: list[Path]) -> int:
    """Documents the files make: byte-identical copies in the corpus are one article, one document."""
    return len({a.id for f in files for a in parse_file(f.name, f.read_bytes()).articles})


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def median_index(values: list[float]) -> int:
    """Where the median is (the lower middle for an even count)."""
    return sorted(range(len(values)), key=values.__getitem__)[(len(values) - 1) // 2]


def run_pipeline(
    args: argparse.Namespace, es: Elasticsearch, nlp: bool, burst_files: list[Path], singles_files: list[Path]
) -> dict[str, Any]:
    reset(es)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        pipeline = Pipeline(args.enrichers, nlp, Path(tmp))
        try:
            startup = pipeline.start()
            latencies = singles(pipeline, es, singles_files) if singles_files else []
            result = burst(pipeline, es, burst_files, articles_in(burst_files))
        finally:
            pipeline.stop()
            if args.keep_logs:
                shutil.copytree(tmp, Path(args.keep_logs) / ("nlp" if nlp else "no-nlp"), dirs_exist_ok=True)
    reset(es)
    return {"startup": startup, "latencies": latencies, **result}


def backfill(es: Elasticsearch, enrichers: int, nlp: bool, corpus: Path) -> dict[str, float]:
    """`newsflow ingest` of `corpus` through a fresh pipeline, as a user backfills an archive: the
    seconds from the command's start until it returned (every article indexed or dead-lettered)."""
    reset(es)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        pipeline = Pipeline(enrichers, nlp, Path(tmp))
        try:
            pipeline.start()
            started = time.perf_counter()
            ingest = [sys.executable, "-m", "services.cli", "ingest", str(corpus)]
            done = subprocess.run(ingest, env={**os.environ, **SERVERS_ENV}, cwd=ROOT, capture_output=True)
            seconds = time.perf_counter() - started
        finally:
            pipeline.stop()
    if done.returncode != 0:
        print(f"bench-e2e: newsflow ingest exited {done.returncode}: {done.stderr.decode()[-500:]}", file=sys.stderr)
    es.indices.refresh(index=INDEX)
    articles = count(es)
    reset(es)
    return {"seconds": seconds, "articles": articles, "per_s": articles / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=400, help="files in the burst")
    parser.add_argument("--singles", type=int, default=15, help="files dropped one at a time for latency")
    parser.add_argument("--enrichers", type=int, default=os.cpu_count() or 1, help="enricher processes")
    parser.add_argument("--keep-logs", help="copy the services' logs into this folder")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of bursts and baselines; the median round is shown"
    )
    parser.add_argument("--no-backfill", action="store_true", help="leave out `newsflow ingest` of the whole corpus")
    args = parser.parse_args()
    files = require_bbc()
    # The same fixed sample every run: spread over the five sections, no duplicate bodies in it.
    sample = files[:: max(1, len(files) // (args.files + args.singles))][: args.files + args.singles]
    burst_files, singles_files = sample[: args.files], sample[args.files :]
    es = Elasticsearch(ES_URL, request_timeout=120)
    cores = len(os.sched_getaffinity(0))
    print(
        f"bench-e2e: {cores} cores, {args.enrichers} enricher process(es), {len(burst_files)} files "
        f"({articles_in(burst_files)} articles) in the burst, {len(singles_files)} dropped one at a time"
    )

    articles = [a for f in burst_files for a in parse_file(f.name, f.read_bytes()).articles]
    texts = [a.body for a in articles]
    # Rounds, each pipeline burst beside its baseline: a virtual machine's speed drifts from minute
    # to minute (the same burst took the enrichers 17.6 CPU-s once and 24.8 another time).
    rounds = []
    for i in range(max(1, args.repeat)):
        with_nlp = run_pipeline(args, es, True, burst_files, singles_files if i == 0 else [])
        spacy_per_s = bare_spacy(texts, cores)
        installed_per_s = bare_spacy(texts, cores, blas_threads=str(cores))
        enrich_per_s = enrichment_alone(articles, cores)
        without_nlp = run_pipeline(args, es, False, burst_files, [])
        bulk_per_s = parse_and_bulk(es, burst_files)
        rounds.append((with_nlp, spacy_per_s, without_nlp, bulk_per_s, installed_per_s, enrich_per_s))
    lat = rounds[0][0]["latencies"]
    nlp_ratios = [r[0]["per_s"] / r[1] for r in rounds]
    installed_ratios = [r[0]["per_s"] / r[4] for r in rounds]
    bulk_ratios = [r[2]["per_s"] / r[3] for r in rounds]
    enrich_ratios = [r[0]["per_s"] / r[5] for r in rounds]
    with_nlp, spacy_per_s, *_, installed_per_s, enrich_per_s = rounds[median_index(nlp_ratios)]
    without_nlp, bulk_per_s = rounds[median_index(bulk_ratios)][2:4]

    print("\ndrop to searchable, single files on the idle pipeline")
    p50, p95 = percentile(lat, 0.5), percentile(lat, 0.95)
    print(f"  p50 {p50:.2f} s   p95 {p95:.2f} s   max {max(lat):.2f} s   ({len(lat)} files)")
    print(f"\nthroughput (articles/s), the median of {len(rounds)} round(s)")
    rows = [
        ("pipeline, with NLP", with_nlp["per_s"], spacy_per_s, "bare spaCy, one OpenBLAS thread as the enricher"),
        ("  the same round", with_nlp["per_s"], installed_per_s, "bare spaCy as installed, a BLAS thread per core"),
        ("  the same round", with_nlp["per_s"], enrich_per_s, "the enricher's whole work alone, no Redis or index"),
        ("pipeline, NEWSFLOW_NLP=false", without_nlp["per_s"], bulk_per_s, "parse + bulk"),
    ]
    print(f"  {'what':<32}{'articles/s':>11}{'baseline':>11}{'ratio':>8}")
    for name, value, base, base_name in rows:
        print(f"  {name:<32}{value:>11.1f}{base:>11.1f}{value / base:>8.2f}  (baseline: {base_name})")
    if len(rounds) > 1:
        print(f"  ratio in each round: with NLP {' '.join(f'{r:.2f}' for r in nlp_ratios)} "
              f"(to spaCy as installed {' '.join(f'{r:.2f}' for r in installed_ratios)}; "
              f"to the enrichment alone {' '.join(f'{r:.2f}' for r in enrich_ratios)}); "
              f"without NLP {' '.join(f'{r:.2f}' for r in bulk_ratios)}")  # fmt: skip
    for title, run in (("with NLP", with_nlp), ("NEWSFLOW_NLP=false", without_nlp)):
        burst_articles = run["per_s"] * run["seconds"]
        print(f"\nburst {title}: {run['seconds']:.1f} s; CPU seconds (and per article) and peak memory per process")
        for stage in (*STAGES, "elasticsearch", "redis"):
            if stage not in run["cpu"]:
                continue
            cpu, share = run["cpu"][stage], run["cpu"][stage] / run["seconds"]
            peak = f"{run['peak_mb'][stage]:>8.0f} MB peak" if stage in run["peak_mb"] else ""
            per_article = f"{cpu / burst_articles * 1000:.1f} ms"
            print(f"  {stage:<14}{cpu:>8.1f} s CPU ({share:>5.0%} of one core, {per_article:>7} an article){peak}")
        total = sum(run["cpu"].values())
        print(f"  {'all':<14}{total:>8.1f} s CPU ({total / run['seconds'] / cores:>5.0%} of {cores} cores, "
              f"{total / burst_articles * 1000:.1f} ms an article)")  # fmt: skip
    if not args.no_backfill:
        corpus = files[0].parent.parent  # bbc/, its five section folders inside
        print(f"\nbackfill: `newsflow ingest` of {len(files)} files ({corpus}) through a fresh pipeline")
        for title, nlp in (("with NLP", True), ("NEWSFLOW_NLP=false", False)):
            run = backfill(es, args.enrichers, nlp, corpus)
            million = 1_000_000 / run["per_s"] / 3600
            print(f"  {title:<20}{run['articles']:>6} articles in {run['seconds']:>6.1f} s, {run['per_s']:>6.1f}/s: "
                  f"1,000,000 articles in {million:.1f} h")  # fmt: skip
    print(f"\nstart-up until every /health answered: {rounds[0][0]['startup']:.1f} s (with NLP)")
    print(f"median single-file latency, for reference: {statistics.median(lat):.2f} s")


if __name__ == "__main__":
    main()
