"""The real service processes, started as a user would (`python -m services.<name>`)."""

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import redis

from shared.delivery import streams
from tests.support.paths import ROOT
from tests.support.servers import free_port, get, wait_until


class Services:
    """Runs services in the background; each one is ready when its /health answers 200."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, *names: str, env: dict[str, str] | None = None, default_port: bool = False) -> None:
        """Start services; a name like "parser#2" starts a second replica of the parser. Each gets a
        free /health port unless `env` sets NEWSFLOW_HTTP_PORT, or `default_port` leaves the choice
        to the service, as a user's `python -m services.<name>` does (the port is then read from the
        replica's entry in Redis)."""
        for name in names:
            assert name not in self.procs, f"{name} already running"
            extra = {} if default_port else {"NEWSFLOW_HTTP_PORT": str(free_port())}
            extra |= env or {}
            if "NEWSFLOW_HTTP_PORT" in extra:
                self.ports[name] = int(extra["NEWSFLOW_HTTP_PORT"])
            environment = {**self.env, **extra}
            if default_port and "NEWSFLOW_HTTP_PORT" not in extra:
                environment.pop("NEWSFLOW_HTTP_PORT", None)
            out = (self.logs / f"{name}.log").open("ab")
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name.split('#')[0]}"],
                env=environment,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        for name in names:

            def started(n: str = name) -> bool:
                return self.healthy(n) or self._died(n)

            wait_until(started, timeout=120, what=f"{name} to start")
            assert not self._died(name), f"{name} exited at start:\n{self.log(name)[-3000:]}"

    def healthy(self, name: str) -> bool:
        if name not in self.ports and (port := self.listed_port(name)):
            self.ports[name] = port
        return name in self.ports and get(f"http://127.0.0.1:{self.ports[name]}/health")[0] == 200

    def listed(self) -> dict[str, dict[str, Any]]:
        """The replicas listed in Redis: name -> their entry (service, health URL, pid)."""
        client = redis.Redis.from_url(self.env["NEWSFLOW_REDIS_URL"])
        try:
            replicas = cast(dict[bytes, bytes], client.hgetall(streams.REPLICAS))  # no decode_responses
            return {k.decode(): json.loads(v) for k, v in replicas.items()}
        finally:
            client.close()

    def listed_port(self, name: str) -> int | None:
        pid = self.procs[name].pid
        urls = [r["health"] for r in self.listed().values() if r["pid"] == pid]
        return int(urls[0].rsplit(":", 1)[1].split("/")[0]) if urls else None

    def running(self) -> list[str]:
        return list(self.procs)

    def _died(self, name: str) -> bool:
        return self.procs[name].poll() is not None

    def stop(self, name: str, sig: int = signal.SIGTERM) -> int:
        proc = self.procs.pop(name)
        proc.send_signal(sig)
        return proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            try:
                self.stop(name)
            except subprocess.TimeoutExpired:
                self.stop(name, signal.SIGKILL)


def drop(inbox: Path, *files: Path, name: str | None = None) -> None:
    """Copy files into the inbox as a user does with `cp`."""
    for file in files:
        shutil.copyfile(file, inbox / (name or file.name))
