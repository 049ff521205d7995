"""Alerter benchmark (`make bench-alerts`, not a test): the pipeline as `make run` starts it, with the
alerter, 1,000 watches and a local webhook, fed BBC corpus files. Prints:

- drop-to-webhook latency of single files on the idle pipeline (p50, p95, max), for a watch that
  matches every English article;
- a burst: alerts per second, the alerter's CPU seconds per article, Elasticsearch's CPU seconds
  (the watches' searches run there), and how long after the last article was searchable its
  last alert reached the webhook.

The watches: words that appear in 2 to 30 of the corpus's titles (so each matches a few articles),
a tenth of them with a filter (`place:`, `lang:`), and the probe `lang:en`.

Needs Redis and Elasticsearch (`make servers`) and the BBC corpus. Run: `.venv/bin/python
benchmarks/alerts.py [--watches 1000] [--files 200] [--singles 10]`.
"""

import argparse
import asyncio
import collections
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import redis
from corpus import require_bbc
from e2e import count, drop, reset
from elasticsearch import Elasticsearch
from stack import REDIS_URL, Pipeline, cpu_of, server_pids

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.alerts.watches import save_watch
from shared.clients import async_redis_client
from shared.contracts import Watch
from shared.parsing import parse_file
from shared.settings import RedisSettings

ES_URL = os.environ.get("NEWSFLOW_ELASTICSEARCH_URL", "http://localhost:9200")
PROBE = "probe"


class Receiver:
    """The webhook: records when each (watch, article) arrived."""

    def __init__(self) -> None:
        self.arrived: dict[tuple[str, str], float] = {}
        self.posts = 0
        lock = threading.Lock()
        arrived = self.arrived
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with lock:
                    arrived.setdefault((body["watch"], body["article"]["id"]), time.perf_counter())
                    receiver.posts += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def watch_queries(files: list[Path], wanted: int, seed: int = 5) -> list[str]:
    """Title words of 2 to 30 titles (a few matches each), a tenth with a filter."""
    titles: collections.Counter[str] = collections.Counter()
    for f in files:
        title = f.read_text(errors="replace").split("\n", 1)[0]
        titles.update({w.lower() for w in re.findall(r"[A-Za-z]{5,}", title)})
    words = sorted(w for w, n in titles.items() if 2 <= n <= 30)
    rng = random.Random(seed)
    chosen = rng.sample(words, min(wanted, len(words)))
    filters = ["place:London", "lang:en", "place:UK", 'place:"United States"']
    return [f"{w} {rng.choice(filters)}" if i % 10 == 0 else w for i, w in enumerate(chosen)]


async def add_watches(queries: list[str], url: str) -> None:
    client = async_redis_client(RedisSettings(redis_url=REDIS_URL))
    try:
        await save_watch(client, Watch(name=PROBE, query="lang:en", webhook=url))
        for i, query in enumerate(queries):
            await save_watch(client, Watch(name=f"w{i:04d}", query=query, webhook=url))
    finally:
        await client.aclose()


def drained(r: redis.Redis, receiver: Receiver, timeout: float = 600) -> None:
    """Until the alerter's two groups have nothing pending or unread and no POST came for a second."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        groups = [g for stream in ("newsflow:indexed", "newsflow:alerts") for g in r.xinfo_groups(stream)]
        busy = any(g["pending"] or g["lag"] for g in groups)
        posts = receiver.posts
        time.sleep(1.0)
        if not busy and receiver.posts == posts:
            return
    sys.exit("bench-alerts: the alerts did not drain in time")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--watches", type=int, default=1000)
    parser.add_argument("--files", type=int, default=200, help="files in the burst")
    parser.add_argument("--singles", type=int, default=10, help="files dropped one at a time for latency")
    args = parser.parse_args()
    files = require_bbc()
    sample = random.Random(3).sample(files, args.files + args.singles)
    burst_files, single_files = sample[: args.files], sample[args.files :]
    es = Elasticsearch(ES_URL, request_timeout=120)
    reset(es)
    receiver = Receiver()
    queries = watch_queries(files, args.watches - 1)
    asyncio.run(add_watches(queries, receiver.url))
    workdir = Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    pipeline = Pipeline(enrichers=os.cpu_count() or 1, nlp=True, workdir=workdir, extra=("alerter",))
    print(
        f"bench-alerts: {len(queries) + 1} watches, {len(single_files)} single files, {len(burst_files)} in the burst"
    )
    print(f"  services up in {pipeline.start():.1f} s")
    try:
        latencies = []
        for i, src in enumerate(single_files):
            (article,) = [a.id for a in parse_file(src.name, src.read_bytes()).articles][:1]
            dropped = time.perf_counter()
            drop(src, pipeline.inbox, f"single-{i}-{src.parent.name}-{src.name}")
            while (PROBE, article) not in receiver.arrived:
                if time.perf_counter() - dropped > 60:
                    sys.exit(f"bench-alerts: no alert for {src} after 60 s; logs in {workdir}")
                time.sleep(0.005)
            latencies.append(receiver.arrived[(PROBE, article)] - dropped)
            time.sleep(0.5)
        print(
            f"  drop to webhook, idle pipeline: p50 {statistics.median(latencies):.2f} s, "
            f"p95 {percentile(latencies, 0.95):.2f} s, max {max(latencies):.2f} s"
        )

        alerter = next(p for p in pipeline.processes if p.service == "alerter")
        servers = {name: (pid, cpu_of(pid)) for name, pid in server_pids().items()}
        alerter_cpu, alerts_before = alerter.cpu_seconds(), len(receiver.arrived)
        ids = {a.id for f in sample for a in parse_file(f.name, f.read_bytes()).articles}  # byte-identical files: one
        expected = len(ids) - count(es)
        started = time.perf_counter()
        for i, src in enumerate(burst_files):
            drop(src, pipeline.inbox, f"burst-{i}-{src.parent.name}-{src.name}")
        while count(es) < len(ids):
            time.sleep(0.2)
        searchable = time.perf_counter()
        drained(redis.Redis.from_url(REDIS_URL), receiver)
        done = max(receiver.arrived.values())
        alerts = len(receiver.arrived) - alerts_before
        cpu = alerter.cpu_seconds() - alerter_cpu
        es_cpu = cpu_of(servers["elasticsearch"][0]) - servers["elasticsearch"][1] if "elasticsearch" in servers else 0
        print(
            f"  burst: {expected} articles searchable in {searchable - started:.1f} s; {alerts} alerts "
            f"({alerts / (done - started):.0f}/s), {alerts / expected:.1f} per article"
        )
        print(
            f"  alerter CPU {cpu:.1f} s ({1000 * cpu / expected:.1f} ms per article); Elasticsearch CPU "
            f"{es_cpu:.1f} s during the burst (the watches' searches and the indexing)"
        )
        print(f"  last alert {max(0.0, done - searchable):.2f} s after the last article was searchable")
        print(f"  webhook POSTs {receiver.posts} for {len(receiver.arrived)} (watch, article) pairs")
    finally:
        pipeline.stop()
        receiver.server.shutdown()
        print(f"  logs in {workdir}")


if __name__ == "__main__":
    main()
