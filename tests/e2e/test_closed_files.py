"""A file its writer closed, or one moved into the inbox, is sent at once (inotify close-write and
moved-to); a file still open and growing still waits until it has settled."""

import os
import time
from pathlib import Path

import redis

from shared.delivery import streams
from tests.support.paths import SEEDS
from tests.support.servers import wait_until
from tests.support.services import Services

LONG_SETTLE = 60.0  # far longer than any wait below: a file sent before it did not wait to settle


def test_closed_and_moved_files_do_not_wait_to_settle_but_an_open_one_does(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.env["NEWSFLOW_SETTLE_SECONDS"] = str(LONG_SETTLE)
    services.env["NEWSFLOW_RESCAN_SECONDS"] = str(LONG_SETTLE)
    inbox = tmp_path / "inbox"
    (inbox / "deep" / "er").mkdir(parents=True)  # a folder that existed before the watcher started
    services.start("watcher")
    started = time.monotonic()

    (inbox / "copied.txt").write_bytes(SEEDS[0].read_bytes())  # written and closed, as `cp` does
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(SEEDS[1].read_bytes())
    os.rename(outside, inbox / "deep" / "er" / "moved.txt")  # moved in whole, as `mv` does
    wait_until(lambda: redis_client.xlen(streams.FILES) == 2, timeout=20, what="the closed and the moved file")
    assert time.monotonic() - started < LONG_SETTLE

    new_folder = tmp_path / "batch"
    new_folder.mkdir()
    (new_folder / "inside.txt").write_text("Synthetic: a title\n\nA synthetic body, moved in with its folder.\n")
    os.rename(new_folder, inbox / "batch")
    wait_until(lambda: redis_client.xlen(streams.FILES) == 3, timeout=20, what="the file moved in with its folder")

    with (inbox / "growing.txt").open("w") as out:  # open: the writer may not be done
        out.write("Synthetic: a title\n\nThe first part of a synthetic body.\n")
        out.flush()
        time.sleep(3)
        assert redis_client.xlen(streams.FILES) == 3, "a file still open was sent before it settled"
        out.write("The rest of it.\n")
    wait_until(lambda: redis_client.xlen(streams.FILES) == 4, timeout=20, what="the file once closed")
    log = services.log("watcher")
    names = ["copied.txt", "deep/er/moved.txt", "batch/inside.txt", "growing.txt"]
    assert all(f"file={name}" in log for name in names), log[-2000:]
    growing = (inbox / "growing.txt").stat().st_size
    assert f"sent file=growing.txt bytes={growing} " in log, "the whole file, as closed"
