"""Watches in a real browser: "Watch this search" on a results page saves the search, and an article
dropped into the inbox afterwards appears in the watches page's live list without a reload
(Server-Sent Events), through the real pipeline and alerter."""

from pathlib import Path

import pytest

from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS
from tests.support.paths import SEEDS
from tests.support.servers import free_port
from tests.support.services import Services, drop

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium: `apt-get install -y chromium` (make test installs it)",
)


def test_watch_this_search_then_a_dropped_file_appears_in_the_live_list(services: Services) -> None:
    from playwright.sync_api import expect, sync_playwright

    port = str(free_port())
    services.start("watcher", "parser", "enricher", "indexer", "alerter")
    services.start("explorer", env={"NEWSFLOW_EXPLORER_PORT": port, "NEWSFLOW_HTTP_PORT": port})
    explorer = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

            page.goto(f"{explorer}/?q=Ben-Gvir")
            expect(page.locator(".summary")).to_have_text("0 articles for “Ben-Gvir”")
            page.click("#watch-this")
            expect(page.locator("#watch-name")).to_have_value("ben-gvir")
            page.fill("#watch-webhook", "")
            page.click("#watch-form button[type=submit]")
            watch = page.locator('.watch-item[data-name="ben-gvir"]')
            expect(watch).to_contain_text("Ben-Gvir")
            expect(watch).to_contain_text("No match yet.")
            expect(page).to_have_url(f"{explorer}/?view=watches")

            drop(Path(services.env["NEWSFLOW_INBOX"]), *SEEDS)
            live = page.locator("#live-alerts .live-alert")
            expect(live).to_have_count(1, timeout=120_000)
            expect(live.first).to_contain_text("ben-gvir")
            expect(live.first).to_contain_text("Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet")

            # The live item opens the article; the watches page now lists the match.
            live.first.locator("a").click()
            expect(page.locator("#article h2")).to_contain_text("Ben-Gvir")
            page.goto(f"{explorer}/?view=watches")
            expect(watch).to_contain_text("1 alerted")
            watch.locator("button.remove").click()
            expect(page.locator(".watch-item")).to_have_count(0)
            assert problems == []
        finally:
            browser.close()
