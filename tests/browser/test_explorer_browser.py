"""The explorer page in a real browser: Debian's chromium driven by Playwright, against the explorer
started as a user starts it (`python -m services.explorer`) over a test index with the seeds."""

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, running_explorer
from tests.support.explorer import index_documents, seed_documents
from tests.support.servers import ES_URL

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium: `apt-get install -y chromium` (make test installs it)",
)
# Article text is data, never code: this one tries every way in.
HOSTILE_TITLE = 'Hostile <img src=x onerror="window.__pwned=1"> title \ue000marker\ue001 <b>bold</b>'
SULLIVAN = "Biden, Trump Security Advisers Meet to Pass Ceremonial Baton"
HOSTILE_BODY = 'Zanzibarian text <script>window.__pwned=2</script> and <em>fake highlight</em> &amp; "quotes".'


@pytest.fixture
def explorer(es_index: tuple[Elasticsearch, str], tmp_path: Path) -> Iterator[str]:
    es, index = es_index
    docs: dict[str, dict[str, Any]] = dict(seed_documents())
    docs["hostile"] = {"title": HOSTILE_TITLE, "body": HOSTILE_BODY, "paragraphs": [HOSTILE_BODY], "agency": "<i>x</i>"}
    index_documents(es, index, docs)
    log = tmp_path / "explorer.log"
    try:
        with running_explorer(ES_URL, index, log) as url:
            yield url
    finally:
        print(f"----- explorer log -----\n{log.read_text(errors='replace')[-3000:]}")


def test_search_filter_and_read_an_article(explorer: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on(
                "console",
                lambda m: problems.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None,
            )
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
            # Nothing may leave for the internet: no CDN, no tiles.
            page.on("request", lambda r: None if r.url.startswith(explorer) else problems.append(f"request {r.url}"))

            page.goto(explorer)
            hits = page.locator("#hits .hit")
            expect(hits.first).to_be_visible()

            page.fill("#q", "ceasefire")
            page.press("#q", "Enter")
            expect(page.locator(".summary")).to_have_text("3 articles for “ceasefire”")
            expect(hits).to_have_count(3)
            expect(page.locator("#hits")).to_contain_text(SULLIVAN)
            expect(page.locator("#hits")).to_contain_text(
                "Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet"
            )
            expect(page.locator("#hits .snippet mark").first).to_have_text(re.compile("^ceasefire$", re.IGNORECASE))
            expect(page.locator("#hits h3 mark").first).to_have_text("Ceasefire")  # the second outlet's headline

            # A facet filters, and clicking it again removes the filter.
            reuters = page.locator('[data-facet="agency"] [data-value="Reuters"]')
            expect(reuters).to_contain_text("2")
            reuters.click()
            expect(hits).to_have_count(2)
            expect(page).to_have_url(re.compile(r"agency=Reuters"))
            expect(page.locator('[data-facet="agency"] [data-value="Reuters"]')).to_have_attribute(
                "aria-pressed", "true"
            )
            for title in page.locator("#hits h3").all_inner_texts():
                assert "Ben-Gvir" in title, title
            page.locator('[data-facet="agency"] [data-value="Reuters"]').click()
            expect(hits).to_have_count(3)

            # A person facet (NLP entities), then the article and its entities and map.
            page.locator('[data-facet="person"] [data-value="Jake Sullivan"]').click()
            expect(hits).to_have_count(1)
            expect(page.locator(".chip")).to_contain_text("People: Jake Sullivan")
            page.locator("#hits h3 a").first.click()
            expect(page.locator("#article h2")).to_have_text(SULLIVAN)
            expect(page.locator('[data-entities="people"]')).to_contain_text("Jake Sullivan")
            expect(page.locator('[data-entities="people"]')).to_contain_text("Mike Waltz")
            expect(page.locator('[data-entities="places"]')).to_contain_text("Gaza")
            expect(page.locator('[data-entities="organisations"]')).to_contain_text("Hamas")
            expect(page.locator("#map .pin").first).to_be_attached()
            expect(page.locator("#map .pin-label").first).to_be_attached()
            expect(page.locator("#map")).to_contain_text("Gaza")
            page.wait_for_function("document.querySelector('#map .land').getAttribute('d').length > 1000")
            expect(page.locator("#more-like-this li").first).to_be_visible()
            page.screenshot(path=str(tmp_path / "article.png"), full_page=True)

            # Back to the filtered results; then an entity in the article starts a new search.
            page.go_back()
            expect(hits).to_have_count(1)
            page.locator("#hits h3 a").first.click()
            page.locator('[data-entities="people"] button', has_text="Donald Trump").click()
            expect(page).to_have_url(re.compile(r"person=Donald\+Trump"))
            expect(page.locator("#hits")).to_contain_text("Russia Says Iran\u2019s President Will Visit")
            page.screenshot(path=str(tmp_path / "results.png"), full_page=True)

            # A filter typed in the search box, in any case.
            page.goto(explorer)
            page.fill("#q", 'person:"jake sullivan" baton')
            page.press("#q", "Enter")
            expect(hits).to_have_count(1)
            expect(page.locator("#hits h3")).to_have_text(SULLIVAN)

            # A misspelt word: no article, and a suggestion that finds them.
            page.fill("#q", "ceasfire")
            page.press("#q", "Enter")
            expect(page.locator(".summary")).to_contain_text("0 articles")
            expect(page.locator("#suggestion")).to_have_text("ceasefire")
            page.locator("#suggestion").click()
            expect(page.locator(".summary")).to_have_text("3 articles for “ceasefire”")
            expect(hits).to_have_count(3)

            # Newest first, and the whole result set exported as CSV, in the same order.
            page.select_option("#sort", "newest")
            expect(page.locator("#export-csv")).to_have_attribute("href", re.compile(r"sort=newest"))  # re-rendered
            with page.expect_download() as download:
                page.locator("#export-csv").click()
            exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
            assert len(exported) == 3
            expect(page.locator("#hits h3")).to_have_text([row["title"] for row in exported])  # the same order

            # Hostile article text shows as text; nothing in it runs or becomes markup.
            page.goto(explorer)
            page.fill("#q", "zanzibarian")
            page.press("#q", "Enter")
            expect(hits).to_have_count(1)
            expect(page.locator("#hits h3")).to_have_text(HOSTILE_TITLE)
            expect(page.locator("#hits .snippet")).to_contain_text("<script>window.__pwned=2</script>")
            expect(page.locator("#hits .snippet mark")).to_have_count(1)  # only the real match
            assert page.locator("#hits img, #hits script, #hits b, #hits em, #hits i").count() == 0
            page.locator("#hits h3 a").click()
            expect(page.locator("#article h2")).to_have_text(HOSTILE_TITLE)
            assert page.locator("#article img, #article script, #article b, #article em").count() == 0
            assert page.evaluate("window.__pwned") is None

            # Errors are told in words.
            page.goto(f"{explorer}/?since=2025-02-01&until=2025-01-01")
            expect(page.locator("#error")).to_be_visible()
            expect(page.locator("#error")).to_contain_text("is after until")
            assert problems == [f"400 {explorer}/api/search?since=2025-02-01&until=2025-01-01&size=20"]
        finally:
            browser.close()
