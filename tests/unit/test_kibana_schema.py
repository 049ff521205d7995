"""Every saved object in kibana/saved_objects.ndjson checked against Kibana 9.2's own definitions (the
Kibana source paths are in tests/support/kibana_92.py): attributes each type's create schema accepts,
version stamps 9.2 knows, the shapes of dashboard panels, controls, drilldowns, Lens states and map
layers, data view formats, and every reference they need. No Kibana runs here, so this is the check
that an import would be accepted; tests/unit/test_kibana_objects.py checks the fields against our mapping."""

import json
from typing import Any

import pytest

from tests.support import kibana_92 as kibana
from tests.support.kibana import BY_ID, FIELDS, NUMERIC, OBJECTS, controls, dashboard_panels, lens_layers, map_layers


def of(kind: str) -> list[Any]:
    """pytest parameters: every object of that type, named by its id."""
    return [pytest.param(o, id=o["id"]) for o in OBJECTS if o["type"] == kind]


EVERY = [pytest.param(o, id=f"{o['type']}:{o['id']}") for o in OBJECTS]


@pytest.mark.parametrize("obj", EVERY)
def test_attributes_are_ones_the_type_accepts(obj: dict[str, Any]) -> None:
    accepted = kibana.ATTRIBUTES[obj["type"]]
    attributes = set(obj["attributes"])
    assert attributes <= accepted, f"{obj['id']}: Kibana 9.2 does not know {sorted(attributes - accepted)}"
    assert attributes >= kibana.REQUIRED
    assert set(obj) <= {
        "attributes",
        "coreMigrationVersion",
        "id",
        "managed",
        "references",
        "type",
        "typeMigrationVersion",
    }
    for ref in obj["references"]:
        assert set(ref) == {"name", "type", "id"}, ref


@pytest.mark.parametrize("obj", EVERY)
def test_version_stamps_are_ones_kibana_92_knows(obj: dict[str, Any]) -> None:
    core = kibana.version(obj["coreMigrationVersion"])
    assert core <= kibana.KIBANA_VERSION, f"{obj['id']}: coreMigrationVersion newer than Kibana 9.2"
    assert obj["coreMigrationVersion"] == kibana.CORE_MIGRATION_VERSION
    stamp = kibana.version(obj["typeMigrationVersion"])
    newest = kibana.NEWEST_TYPE_VERSION[obj["type"]]
    assert stamp <= newest, f"{obj['id']}: typeMigrationVersion {stamp} is newer than 9.2's {newest} for {obj['type']}"
    assert stamp < kibana.LEGACY_MIGRATIONS_END or stamp[0] == 10, f"{obj['id']}: no such migration version"


def test_dashboard_panels_have_the_shape_kibana_reads() -> None:
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    attributes = dashboard["attributes"]
    assert set(json.loads(attributes["optionsJSON"])) <= kibana.OPTIONS_KEYS
    assert set(attributes["refreshInterval"]) <= kibana.REFRESH_KEYS
    references = {ref["name"]: ref for ref in dashboard["references"]}
    for panel in dashboard_panels(dashboard):
        where = f"panel {panel['panelIndex']}"
        assert set(panel) <= kibana.PANEL_KEYS, f"{where}: {set(panel) - kibana.PANEL_KEYS}"
        assert panel["type"], where
        assert set(panel["gridData"]) <= kibana.GRID_KEYS, where
        assert panel["gridData"]["i"] == panel["panelIndex"], where
        assert panel["gridData"]["x"] + panel["gridData"]["w"] <= kibana.GRID_COLUMNS, where
        assert kibana.version(panel["version"]) <= kibana.KIBANA_VERSION, where
        if "panelRefName" in panel:  # by reference: Kibana looks up "<panelIndex>:panel_<panelIndex>"
            assert panel["panelRefName"] == f"panel_{panel['panelIndex']}", where
            ref = references[f"{panel['panelIndex']}:{panel['panelRefName']}"]
            assert ref["type"] == panel["type"], where
            assert (ref["type"], ref["id"]) in BY_ID, f"{where}: {ref['type']} {ref['id']} is not in the file"
        else:  # by value: only the legacy markdown visualization, as Kibana's own sample dashboards do
            assert panel["type"] == "visualization", where
            saved = panel["embeddableConfig"]["savedVis"]
            assert set(saved) <= kibana.BY_VALUE_VISUALIZATION_KEYS, where
            assert saved["type"] == "markdown", where
            assert set(saved["params"]) <= kibana.MARKDOWN_PARAMS, where
            assert saved["params"]["markdown"].strip(), where
            assert not [name for name in references if name.startswith(f"{panel['panelIndex']}:")], where


def test_controls_have_the_shape_kibana_reads_and_their_data_view_references() -> None:
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    group = dashboard["attributes"]["controlGroupInput"]
    assert set(group) <= kibana.CONTROL_GROUP_KEYS
    assert group["controlStyle"] in kibana.CONTROL_STYLES
    assert group["chainingSystem"] in kibana.CHAINING
    assert set(json.loads(group["ignoreParentSettingsJSON"])) <= kibana.IGNORE_PARENT_KEYS
    references = {ref["name"]: ref for ref in dashboard["references"]}
    found = controls(dashboard)
    assert sorted(c["order"] for c in found.values()) == list(range(len(found)))
    for control_id, control in found.items():
        assert set(control) <= kibana.CONTROL_PANEL_KEYS, control_id
        assert control["width"] in kibana.CONTROL_WIDTHS, control_id
        explicit = control["explicitInput"]
        assert set(explicit) <= kibana.CONTROL_INPUT[control["type"]], f"{control_id}: unknown input keys"
        assert explicit["id"] == control_id
        assert "dataViewId" not in explicit, f"{control_id}: exported controls name their data view in a reference"
        if kind := kibana.CONTROL_DATA_VIEW_REFERENCE.get(control["type"]):
            ref = references.get(f"controlGroup_{control_id}:{kind}")
            assert ref, f"{control_id}: no reference controlGroup_{control_id}:{kind}"
            assert ref["type"] == "index-pattern"
            assert ("index-pattern", ref["id"]) in BY_ID
            field = FIELDS.get(explicit["fieldName"])
            wanted = NUMERIC if control["type"] == "rangeSliderControl" else {"keyword"}
            assert field in wanted, f"{control_id}: {explicit['fieldName']} is {field}, not one of {sorted(wanted)}"
        if control["type"] == "optionsListControl":
            assert explicit.get("searchTechnique", "prefix") in kibana.SEARCH_TECHNIQUES
    wanted_controls = {"agency", "language", "people", "countries"}
    options = {c["explicitInput"]["fieldName"] for c in found.values() if c["type"] == "optionsListControl"}
    assert options == wanted_controls
    assert [c["explicitInput"]["fieldName"] for c in found.values() if c["type"] == "rangeSliderControl"] == [
        "sentiment"
    ]
    assert [c for c in found.values() if c["type"] == "timeSlider"]


def test_drilldowns_use_actions_kibana_has_on_panels_that_support_them() -> None:
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    drilled = {}
    for panel in dashboard_panels(dashboard):
        events = panel["embeddableConfig"].get("enhancements", {}).get("dynamicActions", {}).get("events", [])
        for event in events:
            assert set(event) == kibana.DRILLDOWN_EVENT_KEYS, event
            assert set(event["action"]) == kibana.DRILLDOWN_ACTION_KEYS, event
            config_keys, triggers, panel_types = kibana.DRILLDOWNS[event["action"]["factoryId"]]
            assert set(event["action"]["config"]) <= config_keys, event
            assert set(event["triggers"]) <= triggers, event
            assert panel["type"] in panel_types, f"panel {panel['panelIndex']}: {event['action']['factoryId']}"
            drilled[panel["panelIndex"]] = event["action"]["factoryId"]
        assert len({e["eventId"] for e in events}) == len(events)
    by_panel = {ref["name"].split(":")[0]: ref["id"] for ref in dashboard["references"]}
    to_discover = {by_panel[i] for i, factory in drilled.items() if factory == "OPEN_IN_DISCOVER_DRILLDOWN"}
    assert {"newsflow-top-people", "newsflow-top-places"} <= to_discover


@pytest.mark.parametrize("obj", of("lens"))
def test_lens_state_has_the_shape_kibana_reads(obj: dict[str, Any]) -> None:
    state = obj["attributes"]["state"]
    assert set(state) <= kibana.LENS_STATE_KEYS
    vis_type = obj["attributes"]["visualizationType"]
    assert vis_type in kibana.LENS_VISUALIZATION_KEYS, f"{obj['id']}: {vis_type} is not a type checked here"
    visualization = state["visualization"]
    unknown = set(visualization) - kibana.LENS_VISUALIZATION_KEYS[vis_type]
    assert not unknown, f"{obj['id']}: {vis_type} has no {sorted(unknown)}"
    layer_keys = {"lnsXY": kibana.LENS_XY_LAYER_KEYS, "lnsPie": kibana.LENS_PIE_LAYER_KEYS}.get(vis_type)
    for vis_layer in visualization.get("layers", []):
        assert layer_keys is not None
        assert set(vis_layer) <= layer_keys, f"{obj['id']}: {set(vis_layer) - layer_keys}"
    for column in visualization.get("columns", []):
        assert set(column) <= kibana.LENS_DATATABLE_COLUMN_KEYS, obj["id"]
    for layer_id, layer in lens_layers(obj).items():
        assert set(layer) <= kibana.LENS_LAYER_KEYS, obj["id"]
        for column_id, column in layer["columns"].items():
            where = f"{obj['id']} column {column_id}"
            assert set(column) <= kibana.LENS_COLUMN_KEYS, f"{where}: {set(column) - kibana.LENS_COLUMN_KEYS}"
            assert column["operationType"] in kibana.LENS_OPERATIONS, where
            assert set(column.get("references", [])) <= set(layer["columns"]), f"{where}: reference not in the layer"
            if column["operationType"] == "formula":
                assert column["params"]["formula"]
                assert column["params"]["isFormulaBroken"] is False, where
        ref = f"indexpattern-datasource-layer-{layer_id}"
        assert [r["type"] for r in obj["references"] if r["name"] == ref] == ["index-pattern"], f"{obj['id']}: {ref}"


@pytest.mark.parametrize("obj", of("map"))
def test_map_layers_are_types_kibana_92_has_or_renames(obj: dict[str, Any]) -> None:
    stamp = kibana.version(obj["typeMigrationVersion"])
    references = {ref["name"]: ref for ref in obj["references"]}
    for position, layer in enumerate(map_layers(obj)):
        kind = layer["type"]
        if stamp < kibana.MAP_RENAMES_AT and kind in kibana.MAP_LAYER_RENAMES:
            kind = kibana.MAP_LAYER_RENAMES[kind]  # what the 8.1.0 migration makes of it
        assert kind in kibana.MAP_LAYER_TYPES, f"{obj['id']} layer {layer['id']}: {layer['type']} stamped {stamp}"
        source = layer["sourceDescriptor"]
        assert source["type"] in kibana.MAP_SOURCE_TYPES, layer["id"]
        if name := source.get("indexPatternRefName"):
            assert name == f"layer_{position}_source_index_pattern", layer["id"]
            assert references[name]["type"] == "index-pattern"


def test_data_view_formats_and_labels_are_ones_kibana_has() -> None:
    (view,) = [o for o in OBJECTS if o["type"] == "index-pattern"]
    formats = json.loads(view["attributes"]["fieldFormatMap"])
    for field, fmt in formats.items():
        assert fmt["id"] in kibana.FIELD_FORMATS, field
        assert set(fmt.get("params", {})) <= kibana.FIELD_FORMATS[fmt["id"]], field
        if fmt["id"] in kibana.NUMERIC_FORMATS:
            assert FIELDS.get(field) in NUMERIC, f"{field} is {FIELDS.get(field)}: a number format needs a number"
    assert formats["url"]["id"] == "url"
    assert formats["sentiment"]["params"]["pattern"] == "0.00"
    assert "reading_time_minutes" in formats
    for field, attrs in json.loads(view["attributes"]["fieldAttrs"]).items():
        assert field in FIELDS, f"label for {field}, which is not in the mapping"
        assert set(attrs) <= kibana.FIELD_ATTR_KEYS, field


def test_the_time_range_shows_articles_decades_old() -> None:
    (dashboard,) = [o for o in OBJECTS if o["type"] == "dashboard"]
    attributes = dashboard["attributes"]
    assert attributes["timeRestore"] is True
    assert attributes["timeTo"] == "now"
    amount, unit = int(attributes["timeFrom"].removeprefix("now-")[:-1]), attributes["timeFrom"][-1]
    assert unit == "y"
    assert amount >= 60, "a wire archive from the 1980s or 1990s must be inside the default range"
    for obj in (o for o in OBJECTS if o["type"] == "map"):
        assert json.loads(obj["attributes"]["mapStateJSON"])["timeFilters"]["from"] == attributes["timeFrom"]
