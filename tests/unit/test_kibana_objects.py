"""Kibana saved objects (kibana/saved_objects.ndjson) checked without Kibana: every field a saved
object uses exists in the index mapping with a type that fits its use; every reference resolves;
and kibana/setup.py's wait/retry/import logic, against a tiny local fake HTTP server (not Kibana)."""

import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

from shared.settings import IndexerSettings
from tests.support.kibana import (
    ALLOWED,
    BY_ID,
    FIELDS,
    LENS_DATA_TYPES,
    OBJECTS,
    OBJECTS_FILE,
    SETUP_FILE,
    controls,
    dashboard_panels,
    field_uses,
    lens_layers,
    lens_shown,
    map_layers,
    of_type,
    searchsource,
    the,
)
from tests.support.paths import ROOT


def test_objects_have_unique_ids_and_the_expected_types() -> None:
    assert len(BY_ID) == len(OBJECTS), "duplicate (type, id) pairs"
    kinds = {o["type"] for o in OBJECTS}
    assert {"index-pattern", "dashboard", "search", "lens", "map"} <= kinds
    for obj in OBJECTS:
        assert obj["attributes"]["title"], f"{obj['id']} has no title"
        assert obj.get("coreMigrationVersion"), obj["id"]
        assert obj.get("typeMigrationVersion"), obj["id"]


def test_every_field_used_exists_with_a_type_that_fits() -> None:
    uses = field_uses()
    assert len(uses) > 20
    problems = []
    for field, use, where in uses:
        kind = FIELDS.get(field)
        if kind is None:
            problems.append(f"{where}: {field} ({use}) is not in the mapping")
        elif kind not in ALLOWED.get(use, set()):
            problems.append(f"{where}: {field} is {kind}, which does not fit {use}")
    assert not problems, "\n".join(problems)


def test_lens_columns_declare_the_mapped_data_type() -> None:
    for obj in of_type("lens"):
        for layer in lens_layers(obj).values():
            assert set(layer["columnOrder"]) == set(layer["columns"]), obj["id"]
            for column in layer["columns"].values():
                field = column.get("sourceField")
                if field in (None, "___records___") or column["operationType"] in ("unique_count", "count"):
                    continue
                assert FIELDS[field] in LENS_DATA_TYPES[column["dataType"]], f"{obj['id']}: {field}"


def test_lens_visualizations_only_show_columns_of_their_layer() -> None:
    for obj in of_type("lens"):
        layers = lens_layers(obj)
        for layer_id, shown in lens_shown(obj):
            assert shown, f"{obj['id']} shows nothing"
            assert set(shown) <= set(layers[layer_id]["columns"]), f"{obj['id']}: {set(shown) - set(layers[layer_id])}"


def test_references_resolve() -> None:
    for obj in OBJECTS:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in BY_ID, f"{obj['id']} refers to missing {ref['type']} {ref['id']}"
        names = [ref["name"] for ref in obj["references"]]
        assert len(names) == len(set(names)), f"{obj['id']}: duplicate reference names"


def test_every_reference_name_used_inside_an_object_is_listed() -> None:
    for obj in OBJECTS:
        refs = {ref["name"]: ref for ref in obj["references"]}
        needed: dict[str, str] = {}  # reference name -> type it must have
        if index_ref := searchsource(obj).get("indexRefName"):
            needed[index_ref] = "index-pattern"
        if obj["type"] == "lens":
            needed |= {f"indexpattern-datasource-layer-{layer}": "index-pattern" for layer in lens_layers(obj)}
        if obj["type"] == "map":
            for layer in map_layers(obj):
                if name := layer["sourceDescriptor"].get("indexPatternRefName"):
                    needed[name] = "index-pattern"
                for join in layer.get("joins", []):
                    needed[join["right"]["indexPatternRefName"]] = "index-pattern"
        if obj["type"] == "dashboard":
            for panel in dashboard_panels(obj):
                if "panelRefName" in panel:  # a by-value panel (the markdown) carries its content instead
                    needed[f"{panel['panelIndex']}:{panel['panelRefName']}"] = panel["type"]
            for control_id, control in controls(obj).items():
                if control["type"] != "timeSlider":
                    kind = "optionsListDataView" if control["type"] == "optionsListControl" else "rangeSliderDataView"
                    needed[f"controlGroup_{control_id}:{kind}"] = "index-pattern"
        for name, kind in needed.items():
            assert name in refs, f"{obj['type']} {obj['id']} uses reference {name!r} but does not list it"
            assert refs[name]["type"] == kind, f"{obj['id']}: reference {name} should be a {kind}"
        assert set(refs) == set(needed), f"{obj['id']}: unused references {set(refs) - set(needed)}"


def test_dashboard_shows_every_visualization_the_map_and_the_search() -> None:
    dashboard = the("dashboard")
    shown = {
        (ref["type"], ref["id"]) for ref in dashboard["references"] if ref["name"].split(":")[1].startswith("panel_")
    }
    wanted = {(o["type"], o["id"]) for o in OBJECTS if o["type"] in ("lens", "map", "search")}
    assert shown == wanted
    panels = dashboard_panels(dashboard)
    assert len({p["panelIndex"] for p in panels}) == len(panels)
    for panel in panels:
        grid = panel["gridData"]
        assert grid["i"] == panel["panelIndex"], panel
        assert 0 <= grid["x"] <= grid["x"] + grid["w"] <= 48, panel
    cells = [
        (p["gridData"]["x"] + dx, p["gridData"]["y"] + dy)
        for p in panels
        for dx in range(p["gridData"]["w"])
        for dy in range(p["gridData"]["h"])
    ]
    assert len(cells) == len(set(cells)), "panels overlap"


def test_data_view_matches_the_index_and_its_time_field_is_a_date() -> None:
    view = the("index-pattern")
    default_index = IndexerSettings.model_fields["index"].default
    assert default_index == "newsflow-articles"
    # The alias itself, not a pattern: an old version kept beside it by `newsflow reindex` would be counted twice.
    assert view["attributes"]["title"] == default_index
    assert FIELDS[view["attributes"]["timeFieldName"]] == "date"
    assert view["attributes"]["timeFieldName"] == "article_date"


def test_saved_search_shows_the_main_columns() -> None:
    search = the("search")
    assert search["attributes"]["columns"] == ["title", "agency", "dateline_place", "people", "places", "source_files"]
    assert search["attributes"]["sort"] == [["article_date", "desc"]]


# ---------------------------------------------------------------- kibana/setup.py against a fake server


def load_setup() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kibana_setup", SETUP_FILE)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeKibana(BaseHTTPRequestHandler):
    """Answers /api/status with 503 for the first `starting` calls, then "available"; records imports."""

    starting: ClassVar[int] = 0
    status_calls: ClassVar[int] = 0
    imports: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []
    import_answer: ClassVar[dict[str, Any]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        type(self).status_calls += 1
        if type(self).status_calls <= type(self).starting:
            self._send(503, {"status": {"overall": {"level": "unavailable"}}})
        else:
            self._send(200, {"status": {"overall": {"level": "available"}}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).imports.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self._send(200, type(self).import_answer)


@pytest.fixture
def fake_kibana() -> Iterator[tuple[str, type[FakeKibana]]]:
    handler: type[FakeKibana] = type("Handler", (FakeKibana,), {"starting": 2, "status_calls": 0, "imports": []})
    handler.import_answer = {
        "success": True,
        "successCount": len(OBJECTS),
        "successResults": [{"type": o["type"], "id": o["id"]} for o in OBJECTS],
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_setup_waits_for_kibana_then_imports_with_overwrite(
    fake_kibana: tuple[str, type[FakeKibana]], caplog: pytest.LogCaptureFixture
) -> None:
    url, handler = fake_kibana
    setup = load_setup()
    caplog.set_level("INFO", logger="kibana-setup")
    env = {"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "20"}
    assert setup.main(env, first_backoff=0.01) == 0
    assert handler.status_calls == 3
    assert sum("not available yet" in r.getMessage() for r in caplog.records) == 2
    ((path, headers, body),) = handler.imports
    assert path == "/api/saved_objects/_import?overwrite=true"
    assert headers["kbn-xsrf"] == "true"
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert OBJECTS_FILE.read_bytes() in body
    assert b'name="file"; filename="saved_objects.ndjson"' in body
    imported = [r.getMessage() for r in caplog.records if r.getMessage().endswith(": imported")]
    assert len(imported) == len(OBJECTS)  # one line per object
    assert any(m.startswith("dashboard") and "Newsflow overview" in m for m in imported)
    assert setup.main(env, first_backoff=0.01) == 0  # again: same objects overwritten
    assert len(handler.imports) == 2


def test_setup_reports_each_refused_object_with_its_reason_and_fails(
    fake_kibana: tuple[str, type[FakeKibana]], caplog: pytest.LogCaptureFixture
) -> None:
    url, handler = fake_kibana
    setup = load_setup()
    refused, forgotten, *accepted = OBJECTS
    handler.import_answer = {
        "success": False,
        "successCount": len(accepted),
        "successResults": [{"type": o["type"], "id": o["id"]} for o in accepted],
        "errors": [{
            "id": refused["id"], "type": refused["type"], "meta": {"title": refused["attributes"]["title"]},
            "error": {"type": "missing_references", "references": [{"type": "index-pattern", "id": "gone"}]},
        }],
    }  # fmt: skip
    caplog.set_level("INFO", logger="kibana-setup")
    assert setup.main({"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "20"}, first_backoff=0.01) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 2, errors
    assert refused["id"] in errors[0]
    assert "missing_references: index-pattern gone" in errors[0]
    assert forgotten["id"] in errors[1]
    assert "does not mention it" in errors[1]
    assert f"{len(accepted)} of {len(OBJECTS)} objects imported, 2 errors" in caplog.text


def test_setup_fails_on_timeout_and_on_a_missing_or_broken_file(
    fake_kibana: tuple[str, type[FakeKibana]], tmp_path: Path
) -> None:
    url, handler = fake_kibana
    setup = load_setup()
    handler.starting = 10**6
    assert setup.main({"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "0.3"}, first_backoff=0.05) == 2
    missing = {"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_OBJECTS": str(ROOT / "nothing.ndjson")}
    assert setup.main(missing) == 3
    broken = tmp_path / "broken.ndjson"
    broken.write_text('{"type": "lens"\n')
    assert setup.main({"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_OBJECTS": str(broken)}) == 3
