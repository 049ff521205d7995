"""The services as `make run` starts them, for the benchmarks that drive a whole pipeline
(benchmarks/e2e.py, benchmarks/alerts.py): started, health-checked, measured, stopped."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from services.cli.pipeline import answers
from shared.delivery import streams

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("NEWSFLOW_BENCH_REDIS_URL", "redis://localhost:6379/13")
ES_URL = os.environ.get("NEWSFLOW_ELASTICSEARCH_URL", "http://localhost:9200")
INDEX = "newsflow-bench-e2e"
SERVERS_ENV = {"NEWSFLOW_REDIS_URL": REDIS_URL, "NEWSFLOW_ELASTICSEARCH_URL": ES_URL, "NEWSFLOW_INDEX": INDEX}
"""What every benchmark process is told: the scratch Redis database and index."""


@dataclass
class Process:
    service: str
    proc: subprocess.Popen[bytes]
    cpu_at_start: float = 0.0

    def cpu_seconds(self) -> float:
        return cpu_of(self.proc.pid)

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


@dataclass
class Pipeline:
    """The four services as `make run` starts them, with `enrichers` enricher processes."""

    enrichers: int
    nlp: bool
    workdir: Path
    processes: list[Process] = field(default_factory=list)
    extra: tuple[str, ...] = ()
    """Services started besides the four (benchmarks/alerts.py adds the alerter)."""

    @property
    def inbox(self) -> Path:
        return self.workdir / "inbox"

    def start(self) -> float:
        """Start every process; returns the seconds until all answered /health."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            **SERVERS_ENV,
            "NEWSFLOW_INBOX": str(self.inbox),
            "NEWSFLOW_NLP": "true" if self.nlp else "false",
        }
        env.pop("NEWSFLOW_HTTP_PORT", None)  # each replica picks its own, as `make run` does
        started = time.perf_counter()
        for service in ("watcher", "parser", *["enricher"] * self.enrichers, "indexer", *self.extra):
            log = (self.workdir / f"{service}-{len(self.processes)}.log").open("ab")
            proc = subprocess.Popen(
                [sys.executable, "-m", f"services.{service}"], env=env, cwd=ROOT, stdout=log, stderr=log
            )
            self.processes.append(Process(service, proc))
        client = redis.Redis.from_url(REDIS_URL)
        deadline = time.monotonic() + 180
        while True:
            listed = {json.loads(v)["pid"]: json.loads(v)["health"] for v in client.hvals(streams.REPLICAS)}
            if all(p.proc.pid in listed for p in self.processes) and all(answers(u) == "ok" for u in listed.values()):
                break
            dead = [p.service for p in self.processes if p.proc.poll() is not None]
            if dead or time.monotonic() > deadline:
                sys.exit(f"bench-e2e: {dead or 'the services'} did not start; logs in {self.workdir}")
            time.sleep(0.2)
        client.close()
        return time.perf_counter() - started

    def stop(self) -> None:
        for p in self.processes:
            p.proc.terminate()
        for p in self.processes:
            try:
                p.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.proc.kill()


def server_pids() -> dict[str, int]:
    """The local Elasticsearch and Redis processes, whose CPU the pipeline's work also costs."""
    found = {}
    for name, pattern in (("elasticsearch", "org.elasticsearch.bootstrap"), ("redis", "redis-server")):
        pids = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
        if pids:
            found[name] = int(pids[0])
    return found


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
