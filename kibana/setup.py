"""One-shot Kibana setup: wait until Kibana is available, then import Newsflow's saved objects.

Imports `saved_objects.ndjson` (the `newsflow-articles` data view, the "Newsflow overview" dashboard,
its Lens visualisations, map and saved search) with the saved objects import API and overwrite=true,
so running it again replaces the same objects (fixed ids) instead of adding copies.

Settings (environment):
  NEWSFLOW_KIBANA_URL           Kibana base URL (default http://kibana:5601)
  NEWSFLOW_KIBANA_OBJECTS       ndjson file to import (default: saved_objects.ndjson next to this script)
  NEWSFLOW_KIBANA_WAIT_SECONDS  how long to wait for Kibana before giving up (default 600)

Logs one line per object with what Kibana answered for it (imported, or the error and its reason).
Exit status: 0 every object imported, 1 Kibana refused at least one object, 2 Kibana not available
in time or the request failed, 3 the file is missing or not ndjson. Uses only the standard library.

Run: `python kibana/setup.py`
"""

import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger("kibana-setup")

DEFAULT_URL = "http://kibana:5601"
DEFAULT_OBJECTS = Path(__file__).resolve().with_name("saved_objects.ndjson")
REQUEST_TIMEOUT = 30.0
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 15.0


class NotReadyError(Exception):
    """Kibana answered, but not (yet) with what we need."""


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body) of a GET, or a POST when data is given; HTTP error statuses are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read())


def status_level(base_url: str) -> str:
    """Kibana's overall status level ("available", "degraded", "unavailable", ...)."""
    status, body = _request(f"{base_url}/api/status")
    try:
        level = json.loads(body)["status"]["overall"]["level"]
    except (ValueError, KeyError, TypeError):
        raise NotReadyError(f"HTTP {status}, no status in the answer: {body[:200]!r}") from None
    return str(level)


def wait_for_kibana(
    base_url: str,
    wait_seconds: float,
    *,
    first_backoff: float = FIRST_BACKOFF,
    max_backoff: float = MAX_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Poll GET /api/status with exponential backoff until it reports "available" or the deadline passes."""
    deadline = clock() + wait_seconds
    backoff = first_backoff
    attempt = 0
    while True:
        attempt += 1
        try:
            level = status_level(base_url)
            if level == "available":
                logger.info("attempt %d: Kibana at %s is available", attempt, base_url)
                return True
            reason = f"status is {level!r}"
        except (OSError, NotReadyError) as exc:  # refused, DNS not yet resolvable, timeout, 503 while starting
            reason = str(getattr(exc, "reason", None) or exc)
        left = deadline - clock()
        if left <= 0:
            logger.error(
                "attempt %d: Kibana at %s not available (%s); gave up after %ss",
                attempt,
                base_url,
                reason,
                wait_seconds,
            )
            return False
        pause = min(backoff, max_backoff, left)
        logger.info(
            "attempt %d: Kibana at %s not available yet (%s); retrying in %.1fs", attempt, base_url, reason, pause
        )
        sleep(pause)
        backoff *= 2


def _multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = f"newsflow-{uuid.uuid4().hex}"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/ndjson\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def import_objects(base_url: str, path: Path) -> dict[str, Any]:
    """POST the ndjson to the saved objects import API (overwrite=true). Returns Kibana's JSON answer."""
    body, content_type = _multipart("file", path.name, path.read_bytes())
    status, answer = _request(
        f"{base_url}/api/saved_objects/_import?overwrite=true",
        data=body,
        headers={"kbn-xsrf": "true", "Content-Type": content_type},
    )
    if status != 200:
        raise NotReadyError(f"import answered HTTP {status}: {answer[:500]!r}")
    result: dict[str, Any] = json.loads(answer)
    return result


def read_objects(path: Path) -> list[dict[str, Any]]:
    """The saved objects in the ndjson file, in order (a line that is not JSON is a ValueError)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _describe_error(detail: dict[str, Any]) -> str:
    """Kibana's error for one object, as a reason a person can act on."""
    kind = detail.get("type", "unknown")
    if kind == "missing_references":
        missing = ", ".join(f"{r.get('type')} {r.get('id')}" for r in detail.get("references", []))
        return f"missing_references: {missing or '?'}"
    if kind == "conflict":
        return "conflict: an object with this id exists and was not overwritten"
    extra = {k: v for k, v in detail.items() if k != "type"}
    return f"{kind}: {json.dumps(extra)[:500]}" if extra else kind


def report(result: dict[str, Any], objects: list[dict[str, Any]]) -> bool:
    """Log one line per object of the file, saying what Kibana answered for it; True when every
    object was imported. An object Kibana neither imported nor reported is an error too."""
    imported = {(item.get("type"), item.get("id")): item for item in result.get("successResults") or []}
    failed = {(item.get("type"), item.get("id")): item for item in result.get("errors") or []}
    problems = 0
    for obj in objects:
        key = (obj.get("type"), obj.get("id"))
        title = obj.get("attributes", {}).get("title", "")
        if key in failed:
            problems += 1
            logger.error("%-13s %-30s %s: ERROR %s", *key, title, _describe_error(failed.pop(key).get("error") or {}))
        elif key in imported:
            overwrite = " (overwrote the existing one)" if imported[key].get("overwrite") else ""
            logger.info("%-13s %-30s %s: imported%s", *key, title, overwrite)
        else:
            problems += 1
            logger.error("%-13s %-30s %s: ERROR Kibana's answer does not mention it", *key, title)
    for (kind, object_id), item in failed.items():  # errors about objects not in our file
        problems += 1
        logger.error("%-13s %-30s: ERROR %s", kind, object_id, _describe_error(item.get("error") or {}))
    logger.info("%d of %d objects imported, %d errors", len(objects) - problems, len(objects), problems)
    return problems == 0 and bool(result.get("success", True))


def main(
    environ: dict[str, str] | None = None,
    *,
    first_backoff: float = FIRST_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    env = dict(os.environ if environ is None else environ)
    base_url = env.get("NEWSFLOW_KIBANA_URL", DEFAULT_URL).rstrip("/")
    path = Path(env.get("NEWSFLOW_KIBANA_OBJECTS", str(DEFAULT_OBJECTS)))
    wait_seconds = float(env.get("NEWSFLOW_KIBANA_WAIT_SECONDS", "600"))
    if not path.is_file():
        logger.error("saved objects file not found: %s", path)
        return 3
    try:
        objects = read_objects(path)
    except ValueError as exc:
        logger.error("%s is not valid ndjson: %s", path, exc)
        return 3
    logger.info("waiting up to %ss for Kibana at %s, then importing %s", wait_seconds, base_url, path)
    deadline = time.monotonic() + wait_seconds
    for attempt in (1, 2, 3):  # "available" can precede a working import API by a moment: retry briefly
        if not wait_for_kibana(base_url, max(deadline - time.monotonic(), 0), first_backoff=first_backoff, sleep=sleep):
            return 2
        try:
            result = import_objects(base_url, path)
            break
        except (OSError, NotReadyError, ValueError) as exc:
            logger.warning("import attempt %d failed: %s", attempt, exc)
            if attempt == 3:
                return 2
            sleep(first_backoff * 2**attempt)
    if report(result, objects):
        logger.info('Kibana is ready: open %s/app/dashboards and choose "Newsflow overview"', base_url)
        return 0
    return 1


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s kibana-setup %(levelname)s %(message)s")
    sys.exit(main())
