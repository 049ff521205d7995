"""The committed docs match the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT


def test_committed_asyncapi_description_matches_the_services(tmp_path: Path) -> None:
    # A fresh process, as `make docs` runs it.
    fresh = tmp_path / "asyncapi.yaml"
    subprocess.run([sys.executable, "-m", "services.asyncapi", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    committed = (ROOT / "docs" / "asyncapi.yaml").read_text()
    # Compared as data: FastStream does not keep the order of channels stable between runs.
    assert yaml.safe_load(committed) == yaml.safe_load(fresh.read_text()), (
        "docs/asyncapi.yaml is out of date: run `make docs`"
    )
    for stream in (
        "newsflow:files",
        "newsflow:articles",
        "newsflow:enriched",
        "newsflow:indexed",
        "newsflow:alerts",
        "newsflow:dead",
    ):
        assert f"address: {stream}" in committed


# ---------------------------------------------------------------- paths and make targets the docs name

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXTENSIONS = {"py", "md", "yml", "yaml", "json", "ndjson", "txt", "toml", "sh", "lock", "java", "html", "js", "png"}
FILE_NAME = re.compile(r"[^./]\.([a-z]+)$")
MAKE = re.compile(r"(?<![\w-])make\s+([a-z][a-z0-9-]*)")
NOT_PATHS = {
    "data/",  # "`.data/elasticsearch-9.2.4/` (`data/`, `logs/`)": folders inside that one
    "logs/",
}
"""Inline code that looks like a repository path but names something else."""


def split(markdown: str) -> tuple[list[str], list[str], list[str]]:
    """(inline code spans, their whitespace collapsed; fenced code blocks; link targets) of a page."""
    fence = re.compile(r"^```.*?^```", flags=re.S | re.M)
    prose = fence.sub("", markdown)
    spans = [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]
    return spans, fence.findall(markdown), re.findall(r"\]\(([^)\s]+)\)", prose)


def has_extension(word: str) -> bool:
    match = FILE_NAME.search(word)
    return bool(match and match.group(1) in EXTENSIONS)


def repo_paths(span: str) -> list[str]:
    """The repository paths an inline code span names: the span itself when it is one word that holds
    a "/" or ends in a file extension; in a command, each word that ends in one. Not URLs and other
    words with a colon, absolute paths (/health, /usr/lib/jvm), paths beside the checkout
    (../shared/corpus), placeholders and globs (<id>, {name}, *.tmp), bare extensions (.json), media
    types (text/event-stream)."""
    if " " in span:
        words = [word for word in span.split() if has_extension(word)]
    else:
        words = [span] if "/" in span or has_extension(span) else []
    return [
        word
        for word in words
        if ":" not in word
        and not word.startswith(("/", "../"))
        and not re.search(r"[<>{}*]", word)
        and not re.match(r"(text|application|image)/", word)
        and word not in NOT_PATHS
    ]


def made_by_running() -> set[str]:
    """Top-level names .gitignore keeps out of the repository (.data, .venv, inbox...)."""
    lines = (ROOT / ".gitignore").read_text().splitlines()
    return {line.strip().strip("/") for line in lines if line.strip() and not line.startswith("#") and "*" not in line}


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z0-9][a-z0-9-]*)\s*:(?!=)", (ROOT / "Makefile").read_text(), flags=re.M))


@pytest.mark.parametrize("page", DOCS, ids=[p.relative_to(ROOT).as_posix() for p in DOCS])
def test_every_repository_path_the_docs_name_exists(page: Path) -> None:
    spans, _fences, links = split(page.read_text(encoding="utf-8"))
    runtime = made_by_running()
    missing = [
        path
        for span in spans
        for path in repo_paths(span)
        if path.removeprefix("./").split("/")[0] not in runtime and not (ROOT / path).exists()
    ]
    for link in links:
        if re.match(r"[a-z]+:|#", link):  # a URL, or an anchor on the page
            continue
        if not (page.parent / link.split("#")[0]).exists():  # relative to the page, as GitHub reads it
            missing.append(link)
    assert missing == [], f"{page.name} names paths that are not in the repository"


@pytest.mark.parametrize("page", DOCS, ids=[p.relative_to(ROOT).as_posix() for p in DOCS])
def test_every_make_target_the_docs_name_is_in_the_makefile(page: Path) -> None:
    spans, fences, _links = split(page.read_text(encoding="utf-8"))
    named = {target for code in spans + fences for target in MAKE.findall(code)}
    assert named - make_targets() == set(), f"{page.name} names make targets the Makefile does not have"


def test_the_docs_checks_find_drift_and_let_the_rest_be() -> None:
    page = (
        "Run `make testt` or `make\n  test`, see `tests/e2e/faults/` and `benchmarks/nowhere.py --limit 4`;"
        " [more](docs/nowhere.md), [up](#top), <https://example.org/a/b>.\n"
        "```sh\nmake lint\ncp seeds/*.txt inbox/\n```\n"
        "Not paths: `redis://localhost:6379/0` `../shared/corpus` `*.tmp` `.json` `text/event-stream`"
        " `GET /api/watches` `/usr/lib/jvm` `<id>` `newsflow:files` `title.keyword` `Iranian Presidency/dpa`."
    )
    spans, fences, links = split(page)
    assert [path for span in spans for path in repo_paths(span)] == ["tests/e2e/faults/", "benchmarks/nowhere.py"]
    assert [target for code in spans + fences for target in MAKE.findall(code)] == ["testt", "test", "lint"]
    assert links == ["docs/nowhere.md", "#top"]
    assert {"test", "lint", "test-faults", "bench-nlp"} <= make_targets()
    assert {".data", ".venv", "inbox"} <= made_by_running()
