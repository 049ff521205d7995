"""Reading Kibana's saved objects (kibana/saved_objects.ndjson): the objects, their fields and layers."""

import json
import re
from typing import Any

from shared.index.template import MAPPING
from tests.support.paths import ROOT

OBJECTS_FILE = ROOT / "kibana" / "saved_objects.ndjson"
SETUP_FILE = ROOT / "kibana" / "setup.py"
IDENTICAL_PAIR = ("business/007.txt", "business/253.txt")  # byte-identical files: one document, two sources
SAME_BODY_PAIR = ("business/286.txt", "business/493.txt")  # same body, reworded headline: one story

NUMERIC = {"integer", "long", "short", "byte", "float", "double", "half_float", "scaled_float", "unsigned_long"}
AGGREGATABLE = {"keyword", "date", "boolean", "ip", *NUMERIC}
ALLOWED: dict[str, set[str]] = {
    "terms": {"keyword"},
    "date_histogram": {"date"},
    "time": {"date"},
    "range": NUMERIC,
    "histogram": NUMERIC,
    "sum": NUMERIC,
    "average": NUMERIC,
    "median": NUMERIC,
    "min": NUMERIC | {"date"},
    "max": NUMERIC | {"date"},
    "unique_count": AGGREGATABLE,
    "last_value": AGGREGATABLE,
    "sort": AGGREGATABLE,
    "geo": {"geo_point"},
    "column": AGGREGATABLE | {"text", "geo_point"},
    "query": AGGREGATABLE | {"text", "geo_point"},
    "options list control": {"keyword", "ip", "boolean", *NUMERIC},
    "range slider control": NUMERIC,
    "numeric format": NUMERIC,
    "url format": {"keyword"},
    "label": AGGREGATABLE | {"text", "geo_point", "object"},
}
LENS_DATA_TYPES = {"string": {"keyword"}, "number": NUMERIC, "date": {"date"}}


# ---------------------------------------------------------------- loading and walking the objects


def load_objects() -> list[dict[str, Any]]:
    return [json.loads(line) for line in OBJECTS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


OBJECTS = load_objects()
BY_ID = {(o["type"], o["id"]): o for o in OBJECTS}


def of_type(kind: str) -> list[dict[str, Any]]:
    return [o for o in OBJECTS if o["type"] == kind]


def the(kind: str, object_id: str | None = None) -> dict[str, Any]:
    found = [o for o in of_type(kind) if object_id is None or o["id"] == object_id]
    assert len(found) == 1, f"expected one {kind} {object_id or ''}, found {len(found)}"
    return found[0]


def mapped_fields(properties: dict[str, Any] = MAPPING["properties"], prefix: str = "") -> dict[str, str]:
    """Dotted field path -> mapping type, including multi-fields (title.keyword) and object properties."""
    fields: dict[str, str] = {}
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        if "properties" in spec:
            fields[path] = "object"
            fields.update(mapped_fields(spec["properties"], f"{path}."))
        else:
            fields[path] = spec.get("type", "object")
        for sub, sub_spec in spec.get("fields", {}).items():
            fields[f"{path}.{sub}"] = sub_spec["type"]
    return fields


FIELDS = mapped_fields()


def searchsource(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["attributes"].get("kibanaSavedObjectMeta", {})
    result: dict[str, Any] = json.loads(meta.get("searchSourceJSON") or "{}")
    return result


def kql_fields(query: dict[str, Any] | None) -> list[str]:
    """Field names in a KQL or Lucene query string ("field : value", "field:*")."""
    text = (query or {}).get("query") or ""
    return re.findall(r"([A-Za-z_][\w.]*)\s*:", text) if isinstance(text, str) else []


def filter_fields(filters: list[dict[str, Any]]) -> list[str]:
    fields = []
    for item in filters:
        if key := item.get("meta", {}).get("key"):
            fields.append(key)
        query = item.get("query", {})
        for clause in ("match_phrase", "match", "term", "terms", "range"):
            fields += list(query.get(clause, {}))
        if "exists" in query:
            fields.append(query["exists"]["field"])
    return fields


def lens_layers(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    layers: dict[str, dict[str, Any]] = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
    return layers


def map_layers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = json.loads(obj["attributes"]["layerListJSON"])
    return layers


def dashboard_panels(obj: dict[str, Any]) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = json.loads(obj["attributes"]["panelsJSON"])
    return panels


def controls(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The dashboard's controls: {control id: its panel in controlGroupInput.panelsJSON}."""
    group = obj["attributes"].get("controlGroupInput") or {}
    found: dict[str, dict[str, Any]] = json.loads(group.get("panelsJSON") or "{}")
    return found


def lens_shown(obj: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(layer id, the column ids the visualization shows) for each layer of a Lens visualization."""
    visualization = obj["attributes"]["state"]["visualization"]
    shown = []
    for layer in visualization.get("layers", [visualization]):
        ids = [layer.get("xAccessor"), *layer.get("accessors", []), *layer.get("primaryGroups", [])]
        ids += [*layer.get("metrics", []), *(c["columnId"] for c in layer.get("columns", []))]
        ids += [layer.get(key) for key in ("metricAccessor", "secondaryMetricAccessor", "maxAccessor")]
        ids.append(layer.get("breakdownByAccessor"))
        shown.append((layer["layerId"], [i for i in ids if i]))
    return shown


def field_uses() -> list[tuple[str, str, str]]:
    """(field, use, where) for every field any saved object uses."""
    uses: list[tuple[str, str, str]] = []
    for obj in OBJECTS:
        where = f"{obj['type']} {obj['id']}"
        attributes = obj["attributes"]
        source = searchsource(obj)
        uses += [(f, "query", where) for f in kql_fields(source.get("query")) + filter_fields(source.get("filter", []))]
        if obj["type"] == "index-pattern":
            uses.append((attributes["timeFieldName"], "time", where))
            for field, fmt in json.loads(attributes.get("fieldFormatMap") or "{}").items():
                uses.append((field, "url format" if fmt["id"] == "url" else "numeric format", f"{where} format"))
            uses += [(f, "label", f"{where} label") for f in json.loads(attributes.get("fieldAttrs") or "{}")]
        elif obj["type"] == "dashboard":
            for control_id, control in controls(obj).items():
                if field := control["explicitInput"].get("fieldName"):
                    kind = "options list control" if control["type"] == "optionsListControl" else "range slider control"
                    uses.append((field, kind, f"{where} control {control_id}"))
        elif obj["type"] == "search":
            uses += [(f, "column", where) for f in attributes["columns"]]
            uses += [(f, "sort", where) for f, _ in attributes.get("sort", [])]
        elif obj["type"] == "lens":
            state = attributes["state"]
            uses += [(f, "query", where) for f in kql_fields(state["query"]) + filter_fields(state["filters"])]
            for layer in lens_layers(obj).values():
                for column_id, column in layer["columns"].items():
                    operation = column["operationType"]
                    if column.get("sourceField") not in (None, "___records___"):
                        uses.append((column["sourceField"], operation, f"{where} column {column_id}"))
                    if sort_field := column.get("params", {}).get("sortField"):
                        uses.append((sort_field, "sort", f"{where} column {column_id}"))
                    uses += [(f, "query", where) for f in kql_fields(column.get("filter"))]
        elif obj["type"] == "map":
            map_state = json.loads(attributes.get("mapStateJSON") or "{}")
            uses += [(f, "query", where) for f in kql_fields(map_state.get("query"))]
            uses += [(f, "query", where) for f in filter_fields(map_state.get("filters", []))]
            for layer in map_layers(obj):
                descriptor = layer["sourceDescriptor"]
                if "geoField" in descriptor:
                    uses.append((descriptor["geoField"], "geo", f"{where} layer {layer['id']}"))
                uses += [(f, "column", f"{where} layer {layer['id']}") for f in descriptor.get("tooltipProperties", [])]
                uses += [(m["field"], m["type"], where) for m in descriptor.get("metrics", []) if "field" in m]
                if "sortField" in descriptor:
                    uses.append((descriptor["sortField"], "sort", where))
                for style in layer.get("style", {}).get("properties", {}).values():
                    field = style.get("options", {}).get("field") or {}
                    if field.get("origin") == "source" and field.get("name") != "doc_count":
                        uses.append((field["name"], "column", where))
    return uses


# ---------------------------------------------------------------- the file's structure
