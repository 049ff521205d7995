"""The explorer's JSON API against the real Elasticsearch, with the seed articles (and a few BBC
articles when the corpus is there) indexed the way the pipeline indexes them."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.explorer import create_app
from shared.settings import ExplorerSettings
from tests.support.cli import newsflow
from tests.support.paths import SEEDS
from tests.support.servers import free_port


def by_title(docs: dict[str, dict[str, Any]], part: str) -> str:
    return next(i for i, d in docs.items() if part in d["title"])


def ids(answer: dict[str, Any]) -> set[str]:
    return {hit["id"] for hit in answer["hits"]}


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def facet(answer: dict[str, Any], name: str) -> dict[str, int]:
    return {b["value"]: b["count"] for b in answer["facets"][name]}


def test_search_highlights_matches(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    answer = search(client, q="ceasefire")
    ceasefire = {i for i, d in docs.items() if "ceasefire" in (d["title"] + d["body"] + (d["caption"] or "")).lower()}
    assert ids(answer) == ceasefire
    assert answer["total"] == len(ceasefire) == 3  # Ben-Gvir, its second version, the Sullivan-Waltz baton
    titles = {hit["title"] for hit in answer["hits"]}
    assert "Biden, Trump Security Advisers Meet to Pass Ceremonial Baton" in titles
    assert "Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet over Gaza Deal" in titles
    for hit in answer["hits"]:
        marked = [p["text"] for p in hit["snippet"] if p["highlight"]]
        assert marked, hit
        assert all(m.lower() == "ceasefire" for m in marked)
        assert "\ue000" not in str(hit)
        assert "\ue001" not in str(hit)
        title_marked = [p["text"] for p in hit["title_highlight"] if p["highlight"]]
        if "ceasefire" in hit["title"].lower():  # only the second outlet's headline has the word
            assert title_marked == ["Ceasefire"]
            assert "".join(p["text"] for p in hit["title_highlight"]) == hit["title"]
        else:
            assert hit["title_highlight"] == []
        assert hit["source_files"]
    assert facet(answer, "agency") == {"Reuters": 2, "AFP": 1}
    assert facet(answer, "language") == {"en": 3}


def test_search_without_query_lists_all_newest_first(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    answer = search(client, size=100)
    assert answer["total"] == len(docs)
    dates = [hit["article_date"] for hit in answer["hits"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated last
    for hit in answer["hits"]:  # no query: the start of the body, nothing marked
        assert hit["snippet"]
        assert not any(p["highlight"] for p in hit["snippet"])
    iran = by_title(docs, "Russia Says")
    assert next(h for h in answer["hits"] if h["id"] == iran)["source_files"] == [s.name for s in SEEDS]
    assert sum(b["count"] for b in answer["facets"]["dates"]) == sum(1 for d in docs.values() if d["article_date"])
    assert answer["facets"]["date_interval"]


def test_simple_query_syntax(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    assert ids(search(client, q='"gaza ceasefire" -sullivan')) == {
        by_title(docs, "Ben-Gvir Threatens"),
        by_title(docs, "Ben-Gvir Says"),
    }
    assert ids(search(client, q="moscow | waltz")) == {by_title(docs, "Russia Says"), by_title(docs, "Biden, Trump")}
    # Broken syntax is searched as well as it can be, never an error.
    for q in ['"unbalanced (quote', "AND OR NOT", "title:(", "\\", "*", "<script>alert(1)</script>"]:
        search(client, q=q)


# Entity facets: the NLP fields. The expected documents are computed from the indexed documents, and
# a known entity of each seed is checked by name.
@pytest.mark.parametrize(
    ("param", "field", "value", "must_include"),
    [
        ("person", "people", "Benjamin Netanyahu", "Ben-Gvir Threatens"),
        ("person", "people", "Vladimir Putin", "Russia Says"),
        ("organisation", "organisations", "United States Institute of Peace", "Biden, Trump"),
        ("organisation", "organisations", "Kremlin", "Russia Says"),
        ("place", "places", "Gaza", "Ben-Gvir Threatens"),
        ("place", "places", "Moscow", "Russia Says"),
        ("country", "countries", "PS", "Biden, Trump"),
        ("country", "countries", "IR", "Russia Says"),
        ("agency", "agency", "Reuters", "Ben-Gvir Threatens"),
        ("agency", "agency", "AFP", "Biden, Trump"),
        ("agency", "agency", "dpa", "Russia Says"),
        ("language", "language", "en", "Biden, Trump"),
    ],
)
def test_facet_filter(
    client: TestClient, docs: dict[str, dict[str, Any]], param: str, field: str, value: str, must_include: str
) -> None:
    def has(doc: dict[str, Any]) -> bool:
        stored = doc.get(field)
        return value in stored if isinstance(stored, list) else stored == value

    expected = {i for i, d in docs.items() if has(d)}
    assert by_title(docs, must_include) in expected, f"{value!r} not in the {field} of {must_include!r}"
    unfiltered = search(client, size=100, facet_size=100)
    assert facet(unfiltered, field)[value] == len(expected)  # the facet count is what the filter gives
    answer = search(client, size=100, **{param: value})
    assert ids(answer) == expected
    assert answer["total"] == len(expected) < len(docs) or field == "language"
    assert facet(answer, field)[value] == len(expected)


def test_repeated_filters(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    # Entities: every value must be mentioned; agency and language: any of them.
    both = search(client, person=["Donald Trump", "Jake Sullivan"])
    assert ids(both) == {by_title(docs, "Biden, Trump")}
    trump = search(client, person="Donald Trump")
    assert ids(trump) >= {by_title(docs, "Biden, Trump"), by_title(docs, "Russia Says")}
    either = search(client, agency=["AFP", "Reuters"], size=100)
    assert ids(either) == {i for i, d in docs.items() if d["agency"] in ("AFP", "Reuters")}
    assert search(client, q="ceasefire", agency="dpa")["total"] == 0
    assert search(client, person="Nobody At All")["total"] == 0
    assert search(client, language="fr")["total"] == 0


def test_prefixes_typed_in_the_search_box_are_filters(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    biden = by_title(docs, "Biden, Trump")
    assert ids(search(client, q='person:"jake sullivan"')) == {biden}  # any case
    assert ids(search(client, q='person:"Donald Trump" person:"Jake Sullivan"')) == {biden}  # both named
    gaza = {i for i, d in docs.items() if "Gaza" in d.get("places", [])}
    assert ids(search(client, q="place:gaza", size=100)) == gaza
    assert ids(search(client, q="org:hamas ceasefire", size=100)) == {
        i for i in ids(search(client, q="ceasefire", size=100)) if "Hamas" in docs[i]["organisations"]
    }
    iran = {i for i, d in docs.items() if "IR" in d.get("countries", [])}
    assert ids(search(client, q='country:"Iran"', size=100)) == iran
    assert ids(search(client, q="country:IR", size=100)) == iran
    either = {i for i, d in docs.items() if d.get("agency") in ("AFP", "Reuters")}
    assert ids(search(client, q="agency:afp agency:reuters", size=100)) == either  # any of the agencies
    assert search(client, q="lang:en", size=100)["total"] == len(docs)
    dated = {i for i, d in docs.items() if (d.get("article_date") or "")[:7] == "2025-01"}
    assert dated
    assert ids(search(client, q="date:2025-01", size=100)) == dated
    # Unknown prefixes and values are full text, never an error.
    assert search(client, q="colour:red")["total"] == 0
    assert search(client, q="country:Atlantis")["total"] == 0


def test_the_command_line_understands_the_same_prefixes(docs: dict[str, dict[str, Any]], env: dict[str, str]) -> None:
    found = newsflow("search", 'person:"jake sullivan"', env=env)
    assert found.returncode == 0, found.stderr
    assert "Biden, Trump Security" in found.stdout
    assert "Russia Says" not in found.stdout
    typo = newsflow("search", "ceasfire", env=env)
    assert "Did you mean: ceasefire" in typo.stdout


def test_did_you_mean_for_a_misspelt_query(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    typo = search(client, q="ceasfire")
    assert typo["total"] == 0
    assert typo["suggestion"] == "ceasefire"
    assert search(client, q=typo["suggestion"])["total"] >= 2
    kept = search(client, q='person:"Jake Sullivan" batton')
    assert kept["suggestion"] == 'baton person:"Jake Sullivan"', "the typed filter is kept"
    assert ids(search(client, q=kept["suggestion"])) == {by_title(docs, "Biden, Trump")}
    assert search(client, q="ceasefire")["suggestion"] is None, "enough hits: nothing to suggest"
    assert search(client, q="Zanzibarian")["suggestion"] is None, "no better word known: no suggestion"


def test_date_range(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    dated = sorted((d["article_date"][:10], i) for i, d in docs.items() if d.get("article_date"))
    assert len({day for day, _ in dated}) >= 2, "the seeds should carry at least two article dates"
    cut = dated[-1][0]  # the latest day
    after = search(client, since=cut, size=100)
    assert ids(after) == {i for day, i in dated if day >= cut}
    before = search(client, until=dated[0][0], size=100)
    assert ids(before) == {i for day, i in dated if day <= dated[0][0]}
    inside = search(client, since=dated[0][0], until=cut, size=100)
    assert ids(inside) == {i for _, i in dated}  # undated articles are outside any range
    assert search(client, since="1990-01-01", until="1990-12-31")["total"] == 0


def test_paging(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    pages = [search(client, size=2, page=n) for n in range(1, len(docs) // 2 + 2)]
    seen = [hit["id"] for page in pages for hit in page["hits"]]
    assert len(seen) == len(set(seen)) == len(docs)
    assert all(page["total"] == len(docs) for page in pages)


def test_article_view(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    iran = by_title(docs, "Russia Says")
    response = client.get(f"/api/articles/{iran}")
    assert response.status_code == 200, response.text
    article = response.json()["article"]
    assert article["id"] == iran
    assert article["title"] == docs[iran]["title"]
    assert article["agency"] == "dpa"
    assert article["source_files"] == [s.name for s in SEEDS]
    assert len(article["paragraphs"]) == 11
    # Entities and the map's locations (NLP fields).
    assert {"Masoud Pezeshkian", "Vladimir Putin"} <= set(article["people"])
    assert "Kremlin" in article["organisations"]
    assert "people" in {e["category"] for e in article["entities"]}
    points = {loc["name"]: loc for loc in article["locations"] if loc["location"]}
    assert {"Moscow", "Tehran"} <= set(points)
    assert points["Moscow"]["country_code"] == "RU"
    assert 55 < points["Moscow"]["location"]["lat"] < 56
    assert 37 < points["Moscow"]["location"]["lon"] < 38
    assert 35 < article["location"]["lat"] < 36  # the dateline, Tehran
    assert "minhash" not in article


def test_same_story_and_more_like_this(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    original, copy = by_title(docs, "Ben-Gvir Threatens"), by_title(docs, "Ben-Gvir Says")
    sullivan = by_title(docs, "Biden, Trump")
    first = client.get(f"/api/articles/{original}").json()
    assert [a["id"] for a in first["same_story"]] == [copy]
    assert first["same_story"][0]["source_files"] == ["outlet-b/ben-gvir.txt"]
    similar = [a["id"] for a in first["more_like_this"]]
    assert similar
    assert similar[0] == sullivan
    assert copy not in similar
    assert original not in similar
    second = client.get(f"/api/articles/{copy}").json()
    assert [a["id"] for a in second["same_story"]] == [original]
    sullivan_view = client.get(f"/api/articles/{sullivan}").json()
    assert sullivan_view["same_story"] == []
    # The Gaza story is among them, not necessarily first: with only the seeds indexed (no corpus),
    # term statistics are too thin to rank the Iran article below it.
    sullivan_similar = [a["id"] for a in sullivan_view["more_like_this"]]
    assert {original, copy} & set(sullivan_similar)
    assert sullivan not in sullivan_similar


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/search?since=2025-13-01", 422, "since"),
        ("/api/search?until=yesterday", 422, "until"),
        ("/api/search?size=1000", 422, "size"),
        ("/api/search?size=0", 422, "size"),
        ("/api/search?page=0", 422, "page"),
        ("/api/search?page=abc", 422, "page"),
        ("/api/search?sort=random", 422, "sort"),
        ("/api/search?since=2025-02-01&until=2025-01-01", 400, "after"),
        ("/api/search?page=200&size=100", 400, "too deep"),
        ("/api/search?q=" + "x" * 600, 422, "q"),
        ("/api/articles/no-such-article", 404, "no-such-article"),
        ("/api/articles/" + "x" * 600, 422, "article_id"),
        ("/api/nothing-here", 404, "Not Found"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, docs: dict[str, dict[str, Any]], path: str, status: int, message: str
) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["detail"], str), body
    assert message in body["detail"], body
    assert "Traceback" not in response.text


def test_no_index_yet_is_an_empty_result(client: TestClient) -> None:
    answer = search(client, q="anything")  # the fixture's index was never created
    assert answer["total"] == 0
    assert answer["hits"] == []
    assert client.get("/api/articles/abc").status_code == 404


def test_elasticsearch_unreachable_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_ELASTICSEARCH_URL", f"http://127.0.0.1:{free_port()}")
    with TestClient(create_app(ExplorerSettings())) as down:
        for path in ("/api/search?q=gaza", "/api/articles/abc", "/health"):
            response = down.get(path)
            assert response.status_code == 503, (path, response.text)
            assert "Traceback" not in response.text
        assert "unreachable" in down.get("/api/search").json()["detail"]
        assert down.get("/health").json()["status"] == "unavailable"
        assert down.get("/").status_code == 200  # the page still loads and shows the error
        metrics = down.get("/metrics").text
        assert 'explorer_elasticsearch_errors_total{operation="search"}' in metrics


def test_health_metrics_and_schema(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["elasticsearch"] in ("green", "yellow")
    search(client, q="gaza")
    client.get(f"/api/articles/{next(iter(docs))}")
    client.get("/api/articles/unknown")
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert re.search(r'explorer_requests_total\{method="GET",route="/api/search",status="200"\} 1\.0', text)
    assert re.search(r'explorer_requests_total\{method="GET",route="/api/articles/\{article_id\}",status="404"\}', text)
    assert 'explorer_request_seconds_count{method="GET",route="/health"} 1.0' in text
    for operation in ("search", "get", "more_like_this", "same_story", "health"):
        assert f'explorer_elasticsearch_seconds_count{{operation="{operation}"}}' in text
    schema = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles/{article_id}", "/health"} <= set(schema["paths"])
    assert {"SearchResponse", "ArticleResponse", "ErrorResponse"} <= set(schema["components"]["schemas"])


def test_page_and_static_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/app.js"' in page.text
    for name, kind in (("app.js", "javascript"), ("app.css", "css"), ("land-110m.json", "json")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        assert kind in response.headers["content-type"], name
    assert client.get("/static/../app.py").status_code == 404
