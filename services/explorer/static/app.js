// Newsflow explorer page: vanilla JS over the JSON API, no build step, nothing from the network
// but this server. Every piece of article or user text is put in the page as a text node
// (textContent / createTextNode), never parsed as HTML; highlights come from the API as
// {text, highlight} parts and become <mark> elements.
"use strict";

const FACETS = [
  // [field in the API's facets, query parameter, heading]
  ["people", "person", "People"],
  ["organisations", "organisation", "Organisations"],
  ["places", "place", "Places"],
  ["countries", "country", "Countries"],
  ["agency", "agency", "Agency"],
  ["language", "language", "Language"],
];
const FILTERS = FACETS.map(([, param]) => param);
const PAGE_SIZE = 20;
const SVG = "http://www.w3.org/2000/svg";

const regionNames = displayNames("region");
const languageNames = displayNames("language");

function displayNames(type) {
  try {
    return new Intl.DisplayNames(["en"], { type });
  } catch {
    return null;
  }
}

function label(param, value) {
  try {
    if (param === "country" && regionNames) return `${regionNames.of(value)} (${value})`;
    if (param === "language" && languageNames) return languageNames.of(value);
  } catch {
    // an unknown code: show it as it is
  }
  return value;
}

// ------------------------------------------------------------------ state in the URL

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {
    q: params.get("q") || "",
    since: params.get("since") || "",
    until: params.get("until") || "",
    sort: ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "relevance",
    page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
    article: params.get("article") || "",
    view: params.get("view") === "watches" ? "watches" : "",
  };
  for (const name of FILTERS) state[name] = params.getAll(name);
  return state;
}

function toParams(state, { withArticle = true } = {}) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) for (const value of state[name]) params.append(name, value);
  if (state.since) params.set("since", state.since);
  if (state.until) params.set("until", state.until);
  if (state.sort && state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  if (withArticle && state.article) params.set("article", state.article);
  if (state.view) params.set("view", state.view);
  return params;
}

function go(state) {
  const query = toParams(state).toString();
  history.pushState(null, "", query ? `?${query}` : location.pathname);
  render();
}

function withFilterToggled(state, param, value) {
  const next = { ...state, article: "", page: 1, [param]: [...state[param]] };
  const at = next[param].indexOf(value);
  if (at >= 0) next[param].splice(at, 1);
  else next[param].push(value);
  return next;
}

// ------------------------------------------------------------------ DOM helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "onclick") node.addEventListener("click", value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function highlighted(parts, fallback) {
  // parts: [{text, highlight}] from the API; text only ever becomes text nodes.
  const span = el("span");
  if (!parts || parts.length === 0) {
    span.textContent = fallback || "";
    return span;
  }
  for (const part of parts) span.append(part.highlight ? el("mark", {}, part.text) : document.createTextNode(part.text));
  return span;
}

function articleLink(id, text, state) {
  const href = `?${toParams({ ...state, article: id }).toString()}`;
  return el("a", {
    href,
    onclick: (event) => {
      event.preventDefault();
      go({ ...state, article: id });
    },
  }, text);
}

// ------------------------------------------------------------------ API

async function api(path, { method = "GET", body = undefined } = {}) {
  let response;
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Error("The explorer server cannot be reached. Is it running?");
  }
  let answer = null;
  try {
    if (response.status !== 204) answer = await response.json();
  } catch {
    // not JSON: fall through to the status
  }
  if (!response.ok) {
    const detail = answer && typeof answer.detail === "string" ? answer.detail : `HTTP ${response.status}`;
    throw new Error(response.status === 503 ? `Search is unavailable: ${detail}` : detail);
  }
  return answer;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message || "";
  box.hidden = !message;
}

// ------------------------------------------------------------------ search view

let renderToken = 0;

async function render() {
  const token = ++renderToken;
  const state = readState();
  const form = document.getElementById("search-form");
  form.q.value = state.q;
  form.since.value = state.since;
  form.until.value = state.until;
  form.sort.value = state.sort;
  showError("");
  if (state.view !== "watches") stopLiveAlerts();
  try {
    if (state.view === "watches") await renderWatches(state, token);
    else if (state.article) await renderArticle(state, token);
    else await renderSearch(state, token);
  } catch (error) {
    if (token === renderToken) showError(error.message);
  }
}

async function renderSearch(state, token) {
  const params = toParams({ ...state, article: "" }, { withArticle: false });
  params.set("size", String(PAGE_SIZE));
  const answer = await api(`/api/search?${params}`);
  if (token !== renderToken) return; // a newer search was started meanwhile
  document.getElementById("article").hidden = true;
  const results = document.getElementById("results");
  results.hidden = false;
  document.getElementById("facets").hidden = false;
  renderFacets(state, answer.facets);

  const chips = el("div", { className: "chips" });
  for (const [, param, heading] of FACETS) {
    for (const value of state[param]) {
      chips.append(el("button", {
        className: "chip", type: "button", title: `Remove this filter`,
        onclick: () => go(withFilterToggled(state, param, value)),
      }, `${heading}: ${label(param, value)} ×`));
    }
  }
  if (state.since || state.until) {
    chips.append(el("button", {
      className: "chip", type: "button",
      onclick: () => go({ ...state, since: "", until: "", page: 1 }),
    }, `Dates: ${state.since || "…"} to ${state.until || "…"} ×`));
  }

  const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  const list = el("div", { id: "hits" });
  for (const hit of answer.hits) list.append(renderHit(hit, state));
  const summary = el("p", { className: "summary" },
    answer.total === 1 ? "1 article" : `${answer.total} articles`, state.q ? ` for “${state.q}”` : "");
  const pager = el("div", { className: "pager" },
    el("button", { type: "button", ...(state.page <= 1 ? { disabled: "" } : {}), onclick: () => go({ ...state, page: state.page - 1 }) }, "← Previous"),
    `Page ${state.page} of ${pages}`,
    el("button", { type: "button", ...(state.page >= pages ? { disabled: "" } : {}), onclick: () => go({ ...state, page: state.page + 1 }) }, "Next →"));
  const exportParams = toParams({ ...state, page: 1, article: "" }, { withArticle: false });
  const exportLink = (format) => {
    const params = new URLSearchParams(exportParams);
    params.set("format", format);
    return el("a", { id: `export-${format}`, href: `/api/export?${params}`, download: "" }, format.toUpperCase());
  };
  const exports = answer.total > 0
    ? el("p", { className: "export meta" }, `Export all ${answer.total}: `, exportLink("csv"), " · ", exportLink("ndjson"))
    : "";
  if (answer.suggestion) {
    summary.append(" · Did you mean ", el("a", {
      id: "suggestion", href: "#",
      onclick: (event) => { event.preventDefault(); go({ ...state, q: answer.suggestion, page: 1 }); },
    }, answer.suggestion), "?");
  }
  const watchable = searchAsQuery(state);
  const watch = watchable ? watchControls(state, watchable) : "";
  results.replaceChildren(chips, summary, watch, exports, list, answer.total > PAGE_SIZE ? pager : "");
  if (answer.total === 0) results.append(el("p", {}, "No article matches. Remove a filter or try other words."));
}

function renderHit(hit, state) {
  const meta = [hit.agency, hit.article_date ? hit.article_date.slice(0, 10) : null, (hit.source_files || []).join(", ")]
    .filter(Boolean).join(" · ");
  const tags = el("div", { className: "tags" });
  for (const person of (hit.people || []).slice(0, 4)) tags.append(tagButton(state, "person", person));
  for (const place of (hit.places || []).slice(0, 4)) tags.append(tagButton(state, "place", place));
  return el("article", { className: "hit", "data-id": hit.id },
    el("h3", {}, articleLink(hit.id, highlighted(hit.title_highlight, hit.title), state)),
    el("div", { className: "meta" }, meta),
    el("p", { className: "snippet" }, highlighted(hit.snippet, "")),
    tags);
}

function tagButton(state, param, value) {
  return el("button", {
    className: "tag", type: "button", title: `Only articles mentioning ${value}`,
    onclick: () => go(withFilterToggled({ ...state, [param]: state[param].filter((v) => v !== value) }, param, value)),
  }, value);
}

function renderFacets(state, facets) {
  const box = document.getElementById("facets");
  const nodes = [];
  for (const [field, param, heading] of FACETS) {
    const buckets = facets[field] || [];
    const list = el("ul", { "data-facet": param });
    for (const bucket of buckets) {
      const active = state[param].includes(bucket.value);
      list.append(el("li", {}, el("button", {
        className: "facet-item", type: "button", "aria-pressed": String(active),
        "data-value": bucket.value,
        onclick: () => go(withFilterToggled(state, param, bucket.value)),
      }, el("span", {}, label(param, bucket.value)), el("span", { className: "count" }, bucket.count))));
    }
    // A chosen value no longer among the top buckets must still be removable here.
    for (const value of state[param]) {
      if (!buckets.some((b) => b.value === value)) {
        list.append(el("li", {}, el("button", {
          className: "facet-item", type: "button", "aria-pressed": "true", "data-value": value,
          onclick: () => go(withFilterToggled(state, param, value)),
        }, el("span", {}, label(param, value)), el("span", { className: "count" }, "×"))));
      }
    }
    nodes.push(el("h2", {}, heading), list.childElementCount ? list : el("p", { className: "empty-facet" }, "none"));
  }
  nodes.push(el("h2", {}, "Dates"), histogram(state, facets.dates || [], facets.date_interval));
  box.replaceChildren(...nodes);
}

function addInterval(day, interval) {
  const d = new Date(`${day}T00:00:00Z`);
  if (interval === "day") d.setUTCDate(d.getUTCDate() + 1);
  else if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
  else if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function histogram(state, buckets, interval) {
  if (buckets.length === 0) return el("p", { className: "empty-facet" }, "no dated articles");
  const max = Math.max(...buckets.map((b) => b.count));
  const chart = svg("svg", { class: "histogram", viewBox: `0 0 ${Math.max(buckets.length * 10, 120)} 60`, preserveAspectRatio: "none", role: "img", "aria-label": "Articles over time" });
  buckets.forEach((bucket, i) => {
    const h = bucket.count ? Math.max(2, (bucket.count / max) * 58) : 0;
    const bar = svg("rect", { x: i * 10 + 1, y: 60 - h, width: 8, height: h });
    const last = addInterval(bucket.date, interval);
    bar.append(svg("title", {}, `${bucket.date}${interval === "day" ? "" : ` to ${last}`}: ${bucket.count}`));
    bar.addEventListener("click", () => go({ ...state, article: "", page: 1, since: bucket.date, until: last }));
    chart.append(bar);
  });
  const first = buckets[0].date;
  const end = addInterval(buckets[buckets.length - 1].date, interval);
  return el("div", {}, chart, el("div", { className: "hist-range" }, el("span", {}, first), el("span", {}, end)));
}

// ------------------------------------------------------------------ article view

async function renderArticle(state, token) {
  const answer = await api(`/api/articles/${encodeURIComponent(state.article)}`);
  if (token !== renderToken) return;
  const a = answer.article;
  document.getElementById("results").hidden = true;
  document.getElementById("facets").hidden = true;
  const view = document.getElementById("article");
  view.hidden = false;
  const back = el("button", { className: "back", type: "button", onclick: () => go({ ...state, article: "" }) }, "← Back to results");
  const meta = [
    a.agency && `Agency: ${a.agency}`,
    a.photo_credit && `Photo: ${a.photo_credit}`,
    a.dateline_place && `Dateline: ${a.dateline_place}`,
    a.article_date && `Date: ${a.article_date.slice(0, 10)}`,
    a.word_count && `${a.word_count} words`,
    a.reading_time_minutes && `${a.reading_time_minutes} min read`,
    a.language && label("language", a.language),
  ].filter(Boolean).join(" · ");
  const body = el("div", { className: "body" });
  for (const paragraph of a.paragraphs.length ? a.paragraphs : [a.body]) body.append(el("p", {}, paragraph));

  const entities = el("div", { className: "entities", id: "entities" });
  for (const [field, param, heading] of [
    ["people", "person", "People"], ["organisations", "organisation", "Organisations"], ["places", "place", "Places"],
    ["groups", null, "Groups"], ["events", null, "Events"], ["key_phrases", null, "Key phrases"],
  ]) {
    const values = a[field] || [];
    if (!values.length) continue;
    const tags = el("div", { className: "tags" });
    for (const value of values) {
      tags.append(param
        ? el("button", {
          className: "tag", type: "button", title: `Articles mentioning ${value}`,
          onclick: () => go(withFilterToggled({ ...readState(), article: "", q: "", ...emptyFilters() }, param, value)),
        }, value)
        : el("span", { className: "tag" }, value));
    }
    entities.append(el("div", { "data-entities": field }, el("h3", {}, heading), tags));
  }
  if (!entities.childElementCount) entities.append(el("p", { className: "meta" }, "No entities were found in this article."));

  view.replaceChildren(
    back,
    el("h2", {}, a.title),
    el("div", { className: "meta" }, meta),
    el("div", { className: "meta" }, `Files: ${(a.source_files || []).join(", ") || "unknown"}`),
    a.caption ? el("p", { className: "caption" }, a.caption) : "",
    entities,
    mapBox(a),
    body,
    related("Same story", answer.same_story, state, "same-story"),
    related("More like this", answer.more_like_this, state, "more-like-this"),
  );
  window.scrollTo(0, 0);
}

function emptyFilters() {
  return Object.fromEntries(FILTERS.map((name) => [name, []]));
}

function related(heading, articles, state, id) {
  const list = el("ul", { id });
  for (const item of articles) {
    list.append(el("li", {}, articleLink(item.id, item.title, state),
      el("span", { className: "meta" }, ` ${[item.agency, item.article_date && item.article_date.slice(0, 10)].filter(Boolean).join(" · ")}`)));
  }
  return el("div", { className: "related" }, el("h3", {}, heading), articles.length ? list : el("p", { className: "meta" }, "none"));
}

// ------------------------------------------------------------------ map: inline SVG, equirectangular

let landPromise = null;

function landPath() {
  // Natural Earth 1:110m land (world-atlas, TopoJSON), decoded here: a few lines instead of a library.
  landPromise ??= fetch("/static/land-110m.json")
    .then((r) => (r.ok ? r.json() : null))
    .then((topo) => (topo ? topoToPath(topo, topo.objects.land) : ""))
    .catch(() => "");
  return landPromise;
}

function topoToPath(topo, object) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ring = (indexes) => {
    const points = [];
    for (const i of indexes) {
      const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      arc.forEach((p, k) => { if (k > 0 || points.length === 0) points.push(p); });
    }
    return `M${points.map(([lon, lat]) => `${lon.toFixed(2)},${(-lat).toFixed(2)}`).join("L")}Z`;
  };
  const parts = [];
  const geometries = object.type === "GeometryCollection" ? object.geometries : [object];
  for (const g of geometries) {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    for (const polygon of polygons) for (const r of polygon) parts.push(ring(r));
  }
  return parts.join("");
}

function mapBox(article) {
  const points = new Map(); // one pin per coordinate: "Iran" and "Tehran" share the capital's
  for (const loc of article.locations || []) {
    if (!loc.location) continue;
    const key = `${loc.location.lat.toFixed(2)},${loc.location.lon.toFixed(2)}`;
    const pin = points.get(key) || { lat: loc.location.lat, lon: loc.location.lon, names: [] };
    pin.names.push(loc.name);
    points.set(key, pin);
  }
  if (points.size === 0 && article.location) points.set("x", { ...article.location, names: [article.dateline_place || "dateline"] });
  const box = el("div", { className: "map-box" }, el("h3", {}, "Map"));
  if (points.size === 0) {
    box.append(el("p", { className: "meta" }, "No place in this article could be put on a map."));
    return box;
  }
  const pins = [...points.values()].map((p) => ({ ...p, label: p.names.join(", ") }));
  // Frame the pins and their labels with a margin, at least 50° wide, 2:1 like the projection,
  // inside the world. Label widths depend on the font, which depends on the width: settle in a few rounds.
  let width = 50;
  let west = 0;
  let north = 0;
  for (let round = 0; round < 3; round += 1) {
    const font = width / 42;
    const w = Math.min(...pins.map((p) => p.lon)) - 6;
    const e = Math.max(...pins.map((p) => p.lon + font * (1 + 0.6 * p.label.length))) + 2;
    const s = Math.min(...pins.map((p) => p.lat)) - 6;
    const n = Math.max(...pins.map((p) => p.lat)) + 6;
    width = Math.min(360, Math.max(50, e - w, 2 * (n - s)));
    west = Math.min(Math.max((w + e) / 2 - width / 2, -180), 180 - width);
    north = Math.min(Math.max((s + n) / 2 + width / 4, -90 + width / 2), 90);
  }
  const height = width / 2;
  const map = svg("svg", { class: "map", id: "map", viewBox: `${west} ${-north} ${width} ${height}`, role: "img", "aria-label": "Map of the places in this article" });
  map.append(svg("rect", { x: -180, y: -90, width: 360, height: 180, fill: "#dbe7f3" }));
  const land = svg("path", { class: "land", d: "", "vector-effect": "non-scaling-stroke", "stroke-width": 0.7, "fill-rule": "evenodd" });
  map.append(land);
  landPath().then((d) => land.setAttribute("d", d));
  const step = width <= 100 ? 10 : 30;
  for (let lon = -180; lon <= 180; lon += step) map.append(svg("line", { class: "graticule", x1: lon, y1: -90, x2: lon, y2: 90, "vector-effect": "non-scaling-stroke", "stroke-width": 0.5 }));
  for (let lat = -90; lat <= 90; lat += step) map.append(svg("line", { class: "graticule", x1: -180, y1: -lat, x2: 180, y2: -lat, "vector-effect": "non-scaling-stroke", "stroke-width": 0.5 }));
  const radius = width / 110;
  const font = width / 42;
  // Pins and the labels placed so far: a label goes to the first free spot around its pin.
  const placed = pins.map((p) => ({ x: p.lon - radius, y: -p.lat - radius, w: 2 * radius, h: 2 * radius }));
  const overlaps = (b) => placed.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
  for (const pin of pins.sort((a, b) => b.lat - a.lat)) {
    const x = pin.lon;
    const y = -pin.lat;
    const w = font * 0.6 * pin.label.length;
    const gap = radius * 1.4;
    const spots = [[gap, 0], [gap, font], [gap, -font], [-gap - w, 0], [-gap - w, font], [-gap - w, -font], [gap, 2 * font], [gap, -2 * font]];
    let box = null;
    for (const [dx, dy] of spots) {
      const candidate = { x: x + dx, y: y + dy - font * 0.7, w, h: font * 1.05 };
      if (!overlaps(candidate)) {
        box = candidate;
        break;
      }
    }
    box ??= { x: x + gap, y: y - font * 0.7, w, h: font };
    placed.push(box);
    const dot = svg("circle", { class: "pin", cx: x, cy: y, r: radius, "stroke-width": radius / 3 });
    dot.append(svg("title", {}, `${pin.label} (${pin.lat.toFixed(2)}, ${pin.lon.toFixed(2)})`));
    map.append(dot);
    map.append(svg("text", { class: "pin-label", x: box.x, y: box.y + font * 0.75, "font-size": font, "stroke-width": font / 5 }, pin.label));
  }
  box.append(map);
  const unplaced = (article.locations || []).filter((l) => !l.location).map((l) => l.name);
  if (unplaced.length) box.append(el("p", { className: "meta" }, `Not on the map: ${unplaced.join(", ")}`));
  return box;
}

// ------------------------------------------------------------------ watches

const PREFIX = { person: "person", organisation: "org", place: "place", country: "country", agency: "agency", language: "lang" };

function searchAsQuery(state) {
  // The search in the search box's own syntax, filters chosen by clicking included: what a watch runs.
  const parts = state.q ? [state.q] : [];
  for (const name of FILTERS) for (const value of state[name]) parts.push(`${PREFIX[name]}:"${value}"`);
  if (state.since) parts.push(`since:${state.since}`);
  if (state.until) parts.push(`until:${state.until}`);
  return parts.join(" ");
}

function watchControls(state, query) {
  const name = query.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64) || "watch";
  const form = el("form", { id: "watch-form", className: "watch-form", hidden: "" },
    el("label", { for: "watch-name" }, "Name "),
    el("input", { id: "watch-name", name: "name", value: name, required: "", maxlength: "64", pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]*" }),
    el("label", { for: "watch-webhook" }, " Webhook (optional) "),
    el("input", { id: "watch-webhook", name: "webhook", type: "url", placeholder: "https://..." }),
    " ", el("button", { type: "submit" }, "Save watch"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("/api/watches", { method: "POST", body: { name: form.name.value, query, webhook: form.webhook.value || null } });
      go({ q: "", since: "", until: "", sort: "relevance", page: 1, article: "", view: "watches", ...emptyFilters() });
    } catch (error) {
      showError(error.message);
    }
  });
  const button = el("button", {
    id: "watch-this", type: "button", title: `Be told when a new article matches: ${query}`,
    onclick: () => { form.hidden = false; form.name.focus(); },
  }, "Watch this search");
  return el("div", { className: "watch" }, button, form);
}

async function renderWatches(state, token) {
  const watches = await api("/api/watches");
  if (token !== renderToken) return;
  document.getElementById("article").hidden = true;
  document.getElementById("facets").hidden = true;
  const results = document.getElementById("results");
  results.hidden = false;
  const list = el("div", { id: "watch-list" });
  for (const watch of watches) {
    const latest = el("ul", { className: "latest" });
    for (const match of watch.latest) {
      latest.append(el("li", {}, articleLink(match.id, match.title || match.id, { ...state, view: "" }), " ",
        el("span", { className: "meta" }, match.alerted_at.slice(0, 16).replace("T", " "))));
    }
    const remove = el("button", {
      type: "button", className: "remove",
      onclick: async () => {
        try {
          await api(`/api/watches/${encodeURIComponent(watch.name)}`, { method: "DELETE" });
          render();
        } catch (error) {
          showError(error.message);
        }
      },
    }, "Remove");
    list.append(el("section", { className: "watch-item", "data-name": watch.name },
      el("h3", {}, watch.name, " ", remove),
      el("p", { className: "meta" }, watch.query, watch.webhook ? ` → ${watch.webhook}` : "", ` · ${watch.alerted} alerted`),
      watch.latest.length ? latest : el("p", { className: "meta" }, "No match yet.")));
  }
  const live = el("ol", { id: "live-alerts", "aria-live": "polite" });
  results.replaceChildren(
    el("h2", {}, "New matches"), el("p", { className: "meta" }, "Articles matching a watch appear here as they are indexed."), live,
    el("h2", {}, "Watches"), watches.length ? list : el("p", {}, "No watch yet: search, then “Watch this search”."));
  startLiveAlerts(live, state);
}

let liveAlerts = null;

function startLiveAlerts(list, state) {
  stopLiveAlerts();
  const seen = new Set();
  liveAlerts = new EventSource("/api/alerts/stream");
  liveAlerts.addEventListener("alert", (event) => {
    const alert = JSON.parse(event.data);
    const key = `${alert.watch}:${alert.article.id}`;
    if (seen.has(key)) return; // delivery is at least once
    seen.add(key);
    list.prepend(el("li", { className: "live-alert", "data-watch": alert.watch },
      el("strong", {}, alert.watch), ": ",
      articleLink(alert.article.id, alert.article.title || alert.article.id, { ...state, view: "" })));
  });
}

function stopLiveAlerts() {
  if (liveAlerts) liveAlerts.close();
  liveAlerts = null;
}

// ------------------------------------------------------------------ start

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("search-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readState();
    go({ ...state, q: form.q.value.trim(), since: form.since.value, until: form.until.value, sort: form.sort.value, page: 1, article: "", view: "" });
  });
  form.sort.addEventListener("change", () => form.requestSubmit());
  window.addEventListener("popstate", render);
  render();
});
