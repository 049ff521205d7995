"""Screenshots of the explorer for the README, taken by `make docs` so the pictures follow the code.

The seeds and a sample of the BBC corpus (when it is beside the checkout) go through the real
parser, enrichment and indexer code into a throwaway index; the explorer is started as users start
it (`python -m services.explorer`); Debian's headless chromium, driven by Playwright, takes:
  explorer-search.png   a search with its results and facets
  explorer-article.png  an article with its entities and map
The throwaway index is deleted afterwards.

Run: `.venv/bin/python -m scripts.screenshots [OUT_DIR]` (default docs/img); needs Elasticsearch
(NEWSFLOW_ELASTICSEARCH_URL, default http://localhost:9200) and /usr/bin/chromium (`make tools`).
"""

import asyncio
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from elasticsearch import AsyncElasticsearch

from benchmarks.corpus import BBC
from services.cli.pipeline import answers
from shared.enrichment.enrich import enrich_batch
from shared.index.versions import drop_index, ensure_index, on_index
from shared.index.writer import write_batch
from shared.parsing import parse_file

if TYPE_CHECKING:  # Playwright is imported only when pictures are taken
    from playwright.sync_api import ViewportSize

logger = logging.getLogger("screenshots")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BBC_SAMPLE = 12  # files per section: enough for facets worth looking at, quick to enrich
SEARCH = "election"  # in the BBC politics sample; without the corpus the seeds' word below is used
SEEDS_SEARCH = "ceasefire"
ARTICLE = "Biden, Trump Security Advisers Meet to Pass Ceremonial Baton"  # a seed article with places
VIEWPORT: "ViewportSize" = {"width": 1280, "height": 960}
ARTICLE_VIEWPORT: "ViewportSize" = {"width": 1280, "height": 1240}


def sample_files() -> list[tuple[str, bytes]]:
    """(name, content) of the seeds and, when the corpus is there, the first files of each section."""
    files = [(p.name, p.read_bytes()) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for section in sorted(p for p in BBC.glob("*") if p.is_dir()):
        files += [(f"bbc/{section.name}/{p.name}", p.read_bytes()) for p in sorted(section.glob("*.txt"))[:BBC_SAMPLE]]
    return files


async def index_sample(es_url: str, index: str, files: list[tuple[str, bytes]]) -> int:
    """Parse, enrich and index the files as the pipeline does; returns the number of articles."""
    articles = [article for name, content in files for article in parse_file(name, content).articles]
    client = AsyncElasticsearch(es_url, request_timeout=60)
    try:
        await ensure_index(client, index)
        for start in range(0, len(articles), 50):
            await write_batch(client, index, enrich_batch(articles[start : start + 50]))
        await client.indices.refresh(index=index)
    finally:
        await client.close()
    return len(articles)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_explorer(es_url: str, index: str, log: Path, timeout: float = 60.0) -> Iterator[str]:
    """The explorer as users start it, on a free port over `index`; yields its URL, stops it after."""
    port = free_port()
    env = {
        **os.environ,
        "NEWSFLOW_INDEX": index,
        "NEWSFLOW_ELASTICSEARCH_URL": es_url,
        "NEWSFLOW_EXPLORER_HOST": "127.0.0.1",
        "NEWSFLOW_EXPLORER_PORT": str(port),
    }
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "services.explorer"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None and answers(f"{url}/health") != "ok":
            if time.monotonic() > deadline:
                raise RuntimeError(f"the explorer did not answer /health in {timeout}s; its log: {log}")
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"the explorer exited:\n{log.read_text(errors='replace')[-3000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def take(explorer: str, out_dir: Path, search: str) -> list[Path]:
    """The two pictures; each waits for what it shows, so a broken page fails instead of being pictured."""
    from playwright.sync_api import expect, sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    search_png, article_png = out_dir / "explorer-search.png", out_dir / "explorer-article.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{explorer}/?q={search}")
            expect(page.locator("#hits .hit").first).to_be_visible()
            expect(page.locator('[data-facet="person"] [data-value]').first).to_be_visible()
            page.screenshot(path=str(search_png))

            page.goto(explorer)
            page.fill("#q", f'"{ARTICLE}"')
            page.press("#q", "Enter")
            page.locator("#hits h3 a", has_text=ARTICLE).first.click()
            expect(page.locator("#article h2")).to_have_text(ARTICLE)
            expect(page.locator("#map .pin").first).to_be_attached()
            page.wait_for_function("document.querySelector('#map .land').getAttribute('d').length > 1000")
            page.set_viewport_size(ARTICLE_VIEWPORT)  # the entities, the map and the first paragraphs
            page.screenshot(path=str(article_png))
        finally:
            browser.close()
    return [search_png, article_png]


def screenshots(out_dir: Path, es_url: str) -> list[Path]:
    """Index the sample into a throwaway index, picture the explorer over it, delete the index."""
    files = sample_files()
    index = f"newsflow-screenshots-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    try:
        count = asyncio.run(index_sample(es_url, index, files))
        logger.info("indexed %d articles from %d files in %.1fs", count, len(files), time.monotonic() - started)
        search = SEARCH if len(files) > len(list((ROOT / "seeds").glob("*.txt"))) else SEEDS_SEARCH
        with tempfile.TemporaryDirectory() as tmp, running_explorer(es_url, index, Path(tmp) / "explorer.log") as url:
            pictures = take(url, out_dir, search)
    finally:
        on_index(es_url, drop_index, index)
    for picture in pictures:
        logger.info("wrote %s (%d KB)", picture.relative_to(ROOT) if picture.is_relative_to(ROOT) else picture,
                    picture.stat().st_size // 1024)  # fmt: skip
    return pictures


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s screenshots %(levelname)s %(message)s")
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"
    if not CHROMIUM.exists():
        logger.error("needs Debian's chromium at %s: `make tools` installs it", CHROMIUM)
        return 2
    if not BBC.is_dir():
        logger.warning("no BBC corpus at %s: the pictures show the seeds only", BBC)
    screenshots(out_dir, os.environ.get("NEWSFLOW_ELASTICSEARCH_URL", "http://localhost:9200"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
