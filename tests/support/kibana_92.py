"""What Kibana 9.2 accepts in an imported saved object, as Kibana's own source defines it (elastic/kibana,
paths relative to the repository root; read from its source because no Kibana runs here).

Versions and their checks:
- src/core/packages/saved-objects/migration-server-internal/src/document_migrator/migrations/index.ts:
  the only core transform is 8.8.0, so `coreMigrationVersion` is "8.8.0"; pipelines/utils.ts
  (assertValidCoreVersion) refuses a core version newer than the running Kibana, or not semver.
- .../document_migrator/pipelines/upgrade_pipeline.ts (assertCompatibility) refuses a
  `typeMigrationVersion` newer than the type's last migration; .../document_migrator/model_version.ts
  and src/core/packages/saved-objects/base-server-internal/src/model_version/constants.ts turn model
  version N into "10.N.0"; .../document_migrator/validate_migrations.ts keeps legacy keys below 8.10.0.
- src/core/packages/saved-objects/api-server-internal/src/lib/apis/helpers/validation.ts: an import is
  validated, after migration, with the latest model version's `create` schema.
Attributes per type (the `create` schemas):
- index-pattern: src/platform/plugins/shared/data_views/server/saved_objects/data_views.ts,
  src/platform/plugins/shared/data_views/common/types.ts (DataViewAttributes, FieldAttrSet)
- search: src/platform/plugins/shared/saved_search/server/saved_objects/{search,schema}.ts
- lens: x-pack/platform/plugins/shared/lens/server/saved_objects.ts,
  x-pack/platform/plugins/shared/lens/server/content_management/v0/schema/common.ts
- map: x-pack/platform/plugins/shared/maps/server/saved_objects/setup_saved_objects.ts
- dashboard: src/platform/plugins/shared/dashboard/server/dashboard_saved_object/dashboard_saved_object.ts
  and its schema/v1..v3; panel references in
  src/platform/plugins/shared/dashboard/common/dashboard_container/persistable_state/dashboard_container_references.ts
Controls: src/platform/plugins/shared/controls/common/constants.ts (types, "controlGroup_" prefix),
  src/platform/plugins/shared/controls/server/{control_group/control_group_persistable_state,
  options_list/options_list_persistable_state,range_slider/range_slider_persistable_state}.ts.
Lens: operation types in x-pack/platform/plugins/shared/lens/public/datasources/form_based/operations/
  definitions/index.ts; visualization states in x-pack/platform/plugins/shared/lens/common/visualizations/
  and Kibana's sample data (src/platform/plugins/shared/home/server/services/sample_data/data_sets/
  {ecommerce,logs,flights}/saved_objects.ts).
Maps: layer types in x-pack/platform/plugins/shared/maps/common/constants.ts; the 8.1.0 renames in
  x-pack/platform/plugins/shared/maps/common/migrations/rename_layer_types.ts; reference names in
  x-pack/platform/plugins/shared/maps/common/migrations/references.ts.
Drilldowns: src/platform/plugins/shared/ui_actions_enhanced/common/types.d.ts (events);
  x-pack/platform/plugins/shared/lens/public/trigger_actions/open_in_discover_drilldown.tsx and
  x-pack/platform/plugins/shared/lens/common/constants.ts (Open in Discover: Lens panels, FILTER_TRIGGER);
  x-pack/platform/plugins/private/drilldowns/url_drilldown/public/lib/types.ts (URL drilldown).
Field formats: src/platform/plugins/shared/field_formats/common/converters/{url,numeral}.ts.

Where 9.2's exact value could not be pinned (no 9.2 tag was readable), the bound below is the lower,
safe one, so an object that passes here is accepted by any 9.2.x.
"""

KIBANA_VERSION = (9, 2, 0)
CORE_MIGRATION_VERSION = "8.8.0"
LEGACY_MIGRATIONS_END = (8, 10, 0)  # legacy (stack-versioned) migration keys are all below this

# The newest typeMigrationVersion a 9.2 Kibana surely knows for each type (model version N = 10.N.0).
NEWEST_TYPE_VERSION = {
    "index-pattern": (8, 0, 0),  # convert transform; no model versions
    "search": (10, 8, 0),  # model version 8 (controlGroupJson); 9 may be 9.2 too
    "lens": (8, 9, 0),  # legacy 8.9.0; model version 1 (10.1.0) may be 9.2 too
    "map": (8, 4, 0),
    "dashboard": (10, 3, 0),  # model version 3 (sections, 9.1); 4 is 9.3
    "visualization": (8, 0, 0),
}

ATTRIBUTES = {
    "index-pattern": {
        "title", "name", "timeFieldName", "fields", "fieldFormatMap", "fieldAttrs", "runtimeFieldMap",
        "sourceFilters", "typeMeta", "type", "allowNoIndex", "allowHidden",
    },
    "search": {
        "title", "description", "columns", "sort", "grid", "rowHeight", "rowsPerPage", "headerRowHeight",
        "sampleSize", "hideChart", "breakdownField", "kibanaSavedObjectMeta", "isTextBasedQuery",
        "usesAdHocDataView", "timeRestore", "timeRange", "refreshInterval", "viewMode", "hideAggregatedPreview",
        "visContext", "density", "hits", "version", "tabs", "controlGroupJson",
    },
    "lens": {
        "title", "description", "visualizationType", "state", "version", "uiStateJSON", "visState",
        "savedSearchRefName",
    },
    "map": {"title", "description", "mapStateJSON", "layerListJSON", "uiStateJSON", "version"},
    "dashboard": {
        "title", "description", "kibanaSavedObjectMeta", "timeRestore", "timeFrom", "timeTo", "refreshInterval",
        "controlGroupInput", "panelsJSON", "optionsJSON", "hits", "version", "sections",
    },
}  # fmt: skip
REQUIRED = {"title"}

# ---------------------------------------------------------------- dashboard
PANEL_KEYS = {"type", "gridData", "panelIndex", "embeddableConfig", "panelRefName", "title", "version"}
GRID_KEYS = {"x", "y", "w", "h", "i", "sectionId"}
GRID_COLUMNS = 48
OPTIONS_KEYS = {"useMargins", "syncColors", "syncCursor", "syncTooltips", "hidePanelTitles"}
REFRESH_KEYS = {"pause", "value", "display", "section"}
BY_VALUE_VISUALIZATION_KEYS = {"title", "description", "type", "params", "uiState", "data"}
MARKDOWN_PARAMS = {"fontSize", "openLinksInNewTab", "markdown"}

CONTROL_GROUP_KEYS = {"controlStyle", "chainingSystem", "panelsJSON", "ignoreParentSettingsJSON", "showApplySelections"}
CONTROL_STYLES = {"oneLine", "twoLine"}
CHAINING = {"HIERARCHICAL", "NONE"}
IGNORE_PARENT_KEYS = {"ignoreFilters", "ignoreQuery", "ignoreTimerange", "ignoreValidations"}
CONTROL_PANEL_KEYS = {"order", "width", "grow", "type", "explicitInput"}
CONTROL_WIDTHS = {"small", "medium", "large"}
CONTROL_INPUT = {  # explicitInput keys per control type; dataViewId is moved to the references on export
    "optionsListControl": {
        "id", "dataViewId", "fieldName", "title", "parentFieldName", "selectedOptions", "existsSelected", "exclude",
        "searchTechnique", "sort", "singleSelect", "runPastTimeout", "placeholder", "hideActionBar", "hideExclude",
        "hideExists", "hideSort", "enhancements",
    },
    "rangeSliderControl": {"id", "dataViewId", "fieldName", "title", "value", "step", "enhancements"},
    "timeSlider": {
        "id", "isAnchored", "timesliceStartAsPercentageOfTimeRange", "timesliceEndAsPercentageOfTimeRange",
        "enhancements",
    },
}  # fmt: skip
CONTROL_DATA_VIEW_REFERENCE = {  # reference name: controlGroup_<control id>:<this>
    "optionsListControl": "optionsListDataView",
    "rangeSliderControl": "rangeSliderDataView",
}
SEARCH_TECHNIQUES = {"prefix", "wildcard", "exact"}

DRILLDOWN_EVENT_KEYS = {"eventId", "triggers", "action"}
DRILLDOWN_ACTION_KEYS = {"factoryId", "name", "config"}
DRILLDOWNS = {  # factory id -> (config keys, triggers it accepts, panel types it works on)
    "OPEN_IN_DISCOVER_DRILLDOWN": ({"openInNewTab"}, {"FILTER_TRIGGER"}, {"lens"}),
    "URL_DRILLDOWN": (
        {"url", "openInNewTab", "encodeUrl"},
        {"VALUE_CLICK_TRIGGER", "SELECT_RANGE_TRIGGER", "CONTEXT_MENU_TRIGGER", "ROW_CLICK_TRIGGER", "FILTER_TRIGGER"},
        {"lens", "map", "search", "visualization"},
    ),
}

# ---------------------------------------------------------------- lens
LENS_STATE_KEYS = {
    "visualization", "datasourceStates", "query", "filters", "internalReferences", "adHocDataViews", "needsRefresh",
}  # fmt: skip
LENS_LAYER_KEYS = {"columns", "columnOrder", "incompleteColumns", "ignoreGlobalFilters", "sampling"}
LENS_COLUMN_KEYS = {
    "label", "dataType", "operationType", "isBucketed", "scale", "sourceField", "customLabel", "params", "filter",
    "timeShift", "reducedTimeRange", "timeScale", "references", "isStaticValue",
}  # fmt: skip
LENS_OPERATIONS = {
    "filters", "terms", "date_histogram", "min", "max", "average", "unique_count", "sum", "standard_deviation",
    "median", "percentile", "percentile_rank", "last_value", "count", "range", "cumulative_sum", "counter_rate",
    "differences", "moving_average", "math", "formula", "overall_sum", "overall_min", "overall_max",
    "overall_average", "static_value", "normalize_by_unit", "time_range", "now", "interval",
}  # fmt: skip
LENS_VISUALIZATION_KEYS = {  # the visualization state's keys per visualizationType
    "lnsXY": {
        "legend", "valueLabels", "fittingFunction", "preferredSeriesType", "axisTitlesVisibilitySettings",
        "tickLabelsVisibilitySettings", "gridlinesVisibilitySettings", "labelsOrientation", "yLeftExtent",
        "yRightExtent", "curveType", "fillOpacity", "layers", "yTitle", "xTitle", "valuesInLegend", "hideEndzones",
        "emphasizeFitting", "endValue", "showCurrentTimeMarker", "yLeftScale", "yRightScale", "minBarHeight",
    },
    "lnsMetric": {
        "layerId", "layerType", "metricAccessor", "secondaryMetricAccessor", "maxAccessor", "breakdownByAccessor",
        "collapseFn", "subtitle", "secondaryPrefix", "secondaryLabel", "secondaryTrend", "progressDirection",
        "showBar", "titlesTextAlign", "valuesTextAlign", "primaryAlign", "secondaryAlign", "iconAlign",
        "valueFontMode", "titleWeight", "primaryPosition", "secondaryLabelPosition", "color", "icon", "palette",
        "maxCols", "trendlineLayerId", "trendlineLayerType", "trendlineTimeAccessor", "trendlineMetricAccessor",
        "trendlineSecondaryMetricAccessor", "trendlineBreakdownByAccessor",
    },
    "lnsDatatable": {
        "layerId", "layerType", "columns", "sorting", "rowHeight", "rowHeightLines", "headerRowHeight",
        "headerRowHeightLines", "paging", "density",
    },
    "lnsPie": {"shape", "layers", "palette"},
}  # fmt: skip
LENS_XY_LAYER_KEYS = {
    "layerId", "layerType", "seriesType", "xAccessor", "accessors", "splitAccessor", "yConfig", "palette",
    "colorMapping", "position", "showGridlines",
}  # fmt: skip
LENS_PIE_LAYER_KEYS = {
    "layerId", "layerType", "primaryGroups", "secondaryGroups", "metrics", "numberDisplay", "categoryDisplay",
    "legendDisplay", "nestedLegend", "colorMapping", "legendMaxLines", "truncateLegend", "percentDecimals",
    "emptySizeRatio", "allowMultipleMetrics", "collapseFns", "legendPosition", "legendSize",
}  # fmt: skip
LENS_DATATABLE_COLUMN_KEYS = {
    "columnId", "width", "hidden", "isTransposed", "isMetric", "alignment", "colorMode", "palette", "summaryRow",
    "summaryLabel", "collapseFn",
}  # fmt: skip

# ---------------------------------------------------------------- maps
MAP_LAYER_TYPES = {
    "RASTER_TILE", "GEOJSON_VECTOR", "EMS_VECTOR_TILE", "HEATMAP", "BLENDED_VECTOR", "MVT_VECTOR", "LAYER_GROUP",
}  # fmt: skip
MAP_LAYER_RENAMES = {
    "TILED_VECTOR": "MVT_VECTOR", "VECTOR_TILE": "EMS_VECTOR_TILE", "VECTOR": "GEOJSON_VECTOR", "TILE": "RASTER_TILE",
}  # fmt: skip
MAP_RENAMES_AT = (8, 1, 0)  # the migration that renames; a map stamped at or after it is not renamed
MAP_SOURCE_TYPES = {
    "EMS_TMS", "EMS_FILE", "ES_GEO_GRID", "ES_SEARCH", "ES_PEW_PEW", "ES_GEO_LINE", "ES_ML_ANOMALIES", "ES_TERM_SOURCE",
    "KIBANA_TILEMAP", "XYZ", "WMS", "MVT_SINGLE_LAYER", "GEOJSON_FILE", "TABLE_SOURCE", "ESQL",
}  # fmt: skip

# ---------------------------------------------------------------- data views
FIELD_FORMATS = {  # format id -> params keys
    "url": {"type", "urlTemplate", "labelTemplate", "openLinkInCurrentTab", "width", "height"},
    "number": {"pattern"},
    "percent": {"pattern", "fractional"},
    "bytes": {"pattern"},
    "string": {"transform"},
    "boolean": set(),
    "date": {"pattern", "timezone"},
    "duration": {
        "inputFormat", "outputFormat", "outputPrecision", "showSuffix", "useShortSuffix", "includeSpaceWithSuffix",
    },
}  # fmt: skip
NUMERIC_FORMATS = {"number", "percent", "bytes", "duration"}
FIELD_ATTR_KEYS = {"customLabel", "customDescription", "count"}


def version(text: str) -> tuple[int, int, int]:
    """ "8.9.0" -> (8, 9, 0); anything that is not a plain semver raises ValueError, as Kibana refuses it."""
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a semver: {text!r}")
    major, minor, patch = (int(p) for p in parts)
    return major, minor, patch
