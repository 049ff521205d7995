"""The Docker stack as users run it (`make test-compose`): docker-compose.yml built and started on a
real Docker engine, scaled, broken on purpose, taken down and up again; checked through the
published ports, `docker inspect` and the command line in the containers.

The tests run in file order on one stack: each one adds files and checks the whole index.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator, Set
from pathlib import Path

import pytest

from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from shared.parsing import parse_file
from tests.support.compose import WORKERS, Stack
from tests.support.paths import ROOT, SEEDS, bbc_files
from tests.support.servers import documents, get, pending, wait_until

pytestmark = pytest.mark.timeout(900)

INDEX = "newsflow-articles"
SCALED = {"parser": 2, "enricher": 3, "indexer": 2}


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    inbox = Path(os.environ.get("NEWSFLOW_DATA", ROOT / ".data")) / "compose" / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    inbox.chmod(0o755)  # the services run as an unprivileged user
    running = Stack(inbox)
    running.compose("down", "--volumes", "--remove-orphans")  # what an interrupted run left
    running.compose("up", "-d")
    try:
        yield running
    finally:
        log = inbox.parent / "stack.log"
        log.write_text(running.compose("logs", "--no-color", "--timestamps"))
        print(f"compose logs of the test stack: {log}")
        running.compose("down", "--volumes", "--remove-orphans")


def ids_of(files: list[Path]) -> set[str]:
    """What the parser alone makes of the files: the ids Elasticsearch must hold, once each."""
    return {a.id for f in files for a in parse_file(f.name, f.read_bytes()).articles}


def drop(stack: Stack, files: list[Path]) -> None:
    for f in files:  # unique names: every BBC category numbers its files from 001
        shutil.copyfile(f, stack.inbox / f"{f.parent.name}-{f.name}")


def assert_exactly_once(stack: Stack, ids: set[str], timeout: float = 600) -> None:
    """Every expected article indexed, none twice, nothing pending, nothing dead-lettered."""
    es, r = stack.elasticsearch(), stack.redis()
    wait_until(lambda: len(documents(es, INDEX)) >= len(ids) and pending(r) == 0, timeout, f"{len(ids)} documents")
    assert set(documents(es, INDEX)) == ids
    assert es.count(index=INDEX)["count"] == len(ids)
    assert pending(r) == 0
    assert list_dead(r) == []


def corpus(count: int, seed: int, exclude: Set[Path] = frozenset()) -> list[Path]:
    """`count` BBC files, a fixed sample; without the corpus the test is skipped (fails in CI)."""
    return random.Random(seed).sample(sorted(set(bbc_files()) - exclude), count)


EXPECTED: set[str] = set()
"""Every article dropped so far, across the tests of this module."""
DROPPED: set[Path] = set()


def test_every_service_reports_healthy_through_its_compose_health_check(stack: Stack) -> None:
    stack.wait_healthy()
    assert {state["service"] for state in stack.states().values()} == {"redis", "elasticsearch", *WORKERS}
    assert len(stack.containers("enricher")) == 2, "docker-compose.yml starts two enrichers"


def test_the_seed_files_become_three_documents_found_by_the_explorer_and_a_watch_alerts(stack: Stack) -> None:
    stack.compose("exec", "-T", "explorer", "newsflow", "watch", "add", "gvir", "Ben-Gvir")
    for seed in SEEDS:
        shutil.copyfile(seed, stack.inbox / seed.name)
    EXPECTED.update(ids_of(SEEDS))
    assert len(EXPECTED) == 3
    assert_exactly_once(stack, EXPECTED, timeout=180)
    status, body = get(f"{stack.explorer}/api/search?size=10")
    assert status == 200, body
    answer = json.loads(body)
    assert answer["total"] == 3
    assert {hit["id"] for hit in answer["hits"]} == EXPECTED
    status, body = get(f"{stack.explorer}/api/search?q=Ben-Gvir")
    assert status == 200
    (gvir,) = json.loads(body)["hits"]
    assert "Ben-Gvir" in gvir["title"]
    # The alerter ran the watch on what was indexed: one alert, for that article.
    alerted = wait_until(lambda: stack.redis().hkeys(streams.ALERTED + "gvir"), timeout=60, what="the alert")
    assert [key.decode() for key in alerted] == [gvir["id"]]


def test_scaled_replicas_share_a_burst_and_each_is_listed(stack: Stack) -> None:
    scale = [arg for stage, n in SCALED.items() for arg in ("--scale", f"{stage}={n}")]
    stack.compose("up", "-d", "--no-recreate", *scale)
    stack.wait_healthy()
    for stage, n in SCALED.items():
        assert len(stack.containers(stage)) == n
    files = corpus(120, seed=1)
    DROPPED.update(files)
    EXPECTED.update(ids_of(files))
    drop(stack, files)
    assert_exactly_once(stack, EXPECTED)

    for stage, event in (("parser", "parsed"), ("enricher", "enriched"), ("indexer", "indexed")):
        worked = {c[:12]: len(re.findall(rf"\b{event}\b", stack.logs(c))) for c in stack.containers(stage)}
        assert all(worked.values()), f"a {stage} replica did no work: {worked}"

    # `newsflow status` in a container of the stack lists every replica, and each one answers.
    status = stack.compose("exec", "-T", "explorer", "newsflow", "status")
    rows = [line.split() for line in status.splitlines() if "/health" in line]
    listed = {stage: sum(row[0] == stage for row in rows) for stage in ("watcher", *SCALED)}
    assert listed == {"watcher": 1, **SCALED}, status
    assert all(row[-1] == "ok" for row in rows), status
    assert f"{len(EXPECTED)} document(s)" in status


def test_replicas_killed_mid_burst_lose_and_duplicate_nothing_and_come_back(stack: Stack) -> None:
    es = stack.elasticsearch()
    files = corpus(200, seed=2, exclude=DROPPED)
    DROPPED.update(files)
    before = len(EXPECTED)
    EXPECTED.update(ids_of(files))
    victims = [stack.containers("enricher")[0], stack.containers("indexer")[0]]
    drop(stack, files)
    # Mid-burst: some of the new articles are in, most are not.
    wait_until(lambda: es.count(index=INDEX)["count"] >= before + 10, timeout=120, what="the burst to start")
    # A crash, not a stop: `docker kill` counts as stopped by hand, which the restart policy respects.
    for victim in victims:
        os.kill(stack.inspect(victim)["State"]["Pid"], signal.SIGKILL)
    assert es.count(index=INDEX)["count"] < len(EXPECTED), "the burst was over before the kill: make it larger"

    assert_exactly_once(stack, EXPECTED)
    for victim in victims:
        state = stack.inspect(victim)
        assert state["RestartCount"] >= 1, f"{victim[:12]} was not restarted"
        assert state["State"]["Running"]
    stack.wait_healthy()


def test_down_and_up_keeps_the_data_and_the_watcher_sends_nothing_twice(stack: Stack) -> None:
    sent = stack.redis().xinfo_stream(streams.FILES)["entries-added"]
    stack.compose("down")  # the volumes stay
    assert stack.containers() == []
    stack.compose("up", "-d")
    stack.wait_healthy()
    es = stack.elasticsearch()
    assert es.count(index=INDEX)["count"] == len(EXPECTED), "Elasticsearch's volume kept every document"
    # The new watcher has looked at every file in the inbox and found each one already sent.
    files_in_inbox = len(list(stack.inbox.iterdir()))
    (watcher,) = stack.containers("watcher")
    wait_until(
        lambda: stack.logs(watcher).count("already sent, skipped") >= files_in_inbox,
        timeout=60,
        what=f"the watcher to pass over the {files_in_inbox} files",
    )
    assert stack.redis().xinfo_stream(streams.FILES)["entries-added"] == sent, "the watcher sent a file again"

    # And it still sends what is new.
    files = corpus(1, seed=3, exclude=DROPPED)
    EXPECTED.update(ids_of(files))
    drop(stack, files)
    assert_exactly_once(stack, EXPECTED, timeout=180)
    assert stack.redis().xinfo_stream(streams.FILES)["entries-added"] == sent + 1


def test_the_image_runs_as_a_non_root_user_and_ports_are_local_only(stack: Stack) -> None:
    for service in WORKERS:
        for container in stack.containers(service):
            assert stack.inspect(container)["Config"]["User"] == "newsflow"
            uid = subprocess.run(["docker", "exec", container, "id", "-u"], capture_output=True, text=True, check=True)
            assert uid.stdout.strip() != "0"
    for container in stack.containers():
        for port, bindings in (stack.inspect(container)["NetworkSettings"]["Ports"] or {}).items():
            for binding in bindings or []:
                assert binding["HostIp"] == "127.0.0.1", f"{container[:12]} publishes {port} on {binding['HostIp']}"
