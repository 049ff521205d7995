"""The Docker stack of `make test-compose`: docker-compose.yml with tests/compose/compose.test.yml
over it, driven through the compose command line and read through the published ports."""

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import redis
from elasticsearch import Elasticsearch

from tests.support.paths import ROOT
from tests.support.servers import free_port, wait_until

PROJECT = "newsflow-test"
APP_IMAGE = os.environ.get("NEWSFLOW_TEST_APP_IMAGE", "newsflow-test/newsflow:latest")
WORKERS = ("watcher", "parser", "enricher", "indexer", "alerter", "explorer")


def compose_command() -> list[str]:
    """NEWSFLOW_TEST_COMPOSE if set; else Compose v2 (`docker compose`) where the plugin is
    installed, else Debian's `docker-compose` (v1.29)."""
    if chosen := os.environ.get("NEWSFLOW_TEST_COMPOSE"):
        return shlex.split(chosen)
    v2 = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if v2.returncode == 0:
        return ["docker", "compose"]
    if tool := shutil.which("docker-compose"):
        return [tool]
    raise AssertionError("no compose command: `make test-compose` installs Debian's docker-compose")


class Stack:
    """One compose project on free local ports, with its own inbox folder."""

    def __init__(self, inbox: Path) -> None:
        self.inbox = inbox
        self.ports = {name: free_port() for name in ("redis", "elasticsearch", "explorer", "kibana")}
        self.env = {
            **os.environ,
            "NEWSFLOW_TEST_INBOX": str(inbox),
            "NEWSFLOW_TEST_APP_IMAGE": APP_IMAGE,
            "NEWSFLOW_REDIS_PORT": str(self.ports["redis"]),
            "NEWSFLOW_ES_PORT": str(self.ports["elasticsearch"]),
            "NEWSFLOW_EXPLORER_PORT": str(self.ports["explorer"]),
            "NEWSFLOW_KIBANA_PORT": str(self.ports["kibana"]),
        }
        self.command = [
            *compose_command(),
            "--project-name",
            PROJECT,
            "--project-directory",
            str(ROOT),
            "-f",
            str(ROOT / "docker-compose.yml"),
            "-f",
            str(ROOT / "tests" / "compose" / "compose.test.yml"),
        ]
        self.explorer = f"http://127.0.0.1:{self.ports['explorer']}"

    def compose(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [*self.command, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"compose {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def containers(self, service: str | None = None) -> list[str]:
        """Ids of the project's containers (of one service), running or not."""
        return self.compose("ps", "-q", *([service] if service else [])).split()

    @staticmethod
    def inspect(container: str) -> dict[str, Any]:
        out = subprocess.run(["docker", "inspect", container], capture_output=True, text=True, check=True).stdout
        info: dict[str, Any] = json.loads(out)[0]
        return info

    @staticmethod
    def logs(container: str) -> str:
        result = subprocess.run(["docker", "logs", container], capture_output=True, text=True, check=False)
        return result.stdout + result.stderr

    def states(self) -> dict[str, dict[str, Any]]:
        """Container name -> its `docker inspect` State, with its RestartCount and compose service."""
        states = {}
        for container in self.containers():
            info = self.inspect(container)
            service = info["Config"]["Labels"]["com.docker.compose.service"]
            states[info["Name"].lstrip("/")] = info["State"] | {
                "RestartCount": info["RestartCount"],
                "service": service,
            }
        return states

    def health(self) -> dict[str, str]:
        """Container name -> its compose health check's status (or its state when it has none)."""
        return {name: state.get("Health", {}).get("Status", state["Status"]) for name, state in self.states().items()}

    def wait_healthy(self, timeout: float = 300) -> None:
        """Until every container's health check passes; at once when one reports unhealthy, exits
        or keeps restarting (a stage that cannot start)."""
        restarts = {name: state["RestartCount"] for name, state in self.states().items()}

        def all_healthy() -> bool:
            states = self.states()
            for name, state in states.items():
                health = state.get("Health", {}).get("Status")
                looping = state["RestartCount"] >= restarts.get(name, 0) + 2
                if health == "unhealthy" or state["Status"] in ("exited", "dead") or looping:
                    raise AssertionError(
                        f"{name} is {health or state['Status']} (restarted {state['RestartCount']} times):\n"
                        f"{self.compose('logs', '--no-color', '--tail', '40', state['service'])}"
                    )
            return bool(states) and all(state.get("Health", {}).get("Status") == "healthy" for state in states.values())

        try:
            wait_until(all_healthy, timeout=timeout, what="every service to report healthy")
        except AssertionError as exc:
            if "timed out" not in str(exc):
                raise
            raise AssertionError(f"{exc}: {self.health()}\n{self.compose('logs', '--tail', '30')}") from None

    def redis(self) -> redis.Redis:
        return redis.Redis(port=self.ports["redis"])

    def elasticsearch(self) -> Elasticsearch:
        return Elasticsearch(f"http://127.0.0.1:{self.ports['elasticsearch']}", request_timeout=30)
