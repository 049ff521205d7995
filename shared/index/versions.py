"""The article index's versions behind one alias.

Users, the explorer, Kibana and the indexer all use one name (`newsflow-articles` by default). That
name is an alias of one concrete index, `<name>-v<N>`: a change of mapping or analysis goes into a
new version, which `newsflow reindex` fills and then puts behind the alias in one atomic step
(shared/index/reindex.py), so searches never stop. An index created by Newsflow before versions
existed is a concrete index under the name itself; it is used as it is until `newsflow reindex`
moves it behind the alias.

Which way of search an index was built for ("python" or "elasticsearch", see
shared/index/analysis.py) is in its mapping's `_meta`; `detect_analysis` tells which way a server
can do.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from elasticsearch import ApiError, AsyncElasticsearch

from shared.index.analysis import ANALYSES, Analysis
from shared.index.template import index_template, mapping, template_name, versions_pattern
from shared.settings import AnalysisSetting

T = TypeVar("T")
logger = logging.getLogger("newsflow.index")
ANALYSIS_MODULE = "analysis-common"
"""The module with stemmers, asciifolding and synonyms: in the full distribution, not in the plain one."""


def version_name(index: str, version: int) -> str:
    return f"{index}-v{version}"


def version_of(index: str, concrete: str) -> int:
    """1 for `<index>-v1`; 0 for the index created before versions existed (named `index` itself)."""
    match = re.fullmatch(re.escape(index) + r"-v(\d+)", concrete)
    return int(match[1]) if match else 0


def has_analysis_module(nodes_plugins: dict[str, Any]) -> bool:
    """Whether every node of a GET _nodes/plugins answer lists the analysis module."""
    nodes = nodes_plugins.get("nodes", {}).values()
    found = [any(module["name"] == ANALYSIS_MODULE for module in node.get("modules", [])) for node in nodes]
    return bool(found) and all(found)


async def detect_analysis(es: AsyncElasticsearch, setting: AnalysisSetting = "auto") -> Analysis:
    """The way of search for a new index version: Elasticsearch's own analysis when the server has
    the module ("auto" or "elasticsearch"), else the Python copies ("auto" or "python")."""
    if setting == "python":
        return "python"
    answer = await es.nodes.info(metric="plugins", filter_path="nodes.*.modules.name")
    if has_analysis_module(answer.body):
        return "elasticsearch"
    if setting == "elasticsearch":
        raise ValueError(
            f"NEWSFLOW_ANALYSIS=elasticsearch, but this Elasticsearch has no {ANALYSIS_MODULE} module "
            "(the plain distribution): set NEWSFLOW_ANALYSIS to auto or python"
        )
    return "python"


async def current_index(es: AsyncElasticsearch, index: str) -> str | None:
    """The concrete index behind the name `index`: the alias's write index, or the index of that
    name created before versions existed; None when there is neither."""
    aliases = await es.options(ignore_status=404).indices.get_alias(name=index)
    if aliases.meta.status == 200 and aliases.body:
        behind = sorted(aliases.body)
        writers = [name for name in behind if aliases.body[name]["aliases"][index].get("is_write_index")]
        return str((writers or behind)[-1])
    if await es.indices.exists(index=index):
        return index
    return None


async def index_analysis(es: AsyncElasticsearch, index: str) -> Analysis:
    """The way of search the index behind `index` was built for; "python" for an index of an
    earlier version (no `_meta`) or no index yet."""
    answer = await es.options(ignore_status=404).indices.get_mapping(index=index, filter_path="*.mappings._meta")
    if answer.meta.status != 200:
        return "python"
    for body in answer.body.values():
        analysis = body.get("mappings", {}).get("_meta", {}).get("newsflow", {}).get("analysis")
        if analysis in ANALYSES:
            return analysis  # type: ignore[no-any-return]
    return "python"


async def install_template(es: AsyncElasticsearch, index: str, analysis: Analysis) -> None:
    """Idempotent: PUT replaces the template with the same body."""
    await es.indices.put_index_template(name=template_name(index), **index_template(index, analysis))


async def ensure_index(es: AsyncElasticsearch, index: str, setting: AnalysisSetting = "auto") -> str:
    """Install the template and make sure the name `index` reaches an index: version 1 behind the
    alias when there is none yet. Returns the concrete index. Idempotent, and safe when replicas
    start together. An index of an earlier version gains the fields added since (new fields only)."""
    concrete = await current_index(es, index)
    if concrete is None:
        analysis = await detect_analysis(es, setting)
        await install_template(es, index, analysis)
        first = version_name(index, 1)
        aliases = {index: {"is_write_index": True}}
        created = await es.options(ignore_status=400).indices.create(index=first, aliases=aliases)
        if created.meta.status == 400 and "already_exists" not in str(created.body):
            raise ApiError(str(created.body), created.meta, created.body)  # not another replica's race
        logger.info("index created", extra={"index": first, "alias": index, "analysis": analysis})
        return first
    analysis = await index_analysis(es, index)
    await install_template(es, index, analysis)  # the next version is made the same way
    try:
        await es.indices.put_mapping(index=concrete, properties=mapping(analysis)["properties"])
    except ApiError as exc:  # a field whose mapping changed: only a new version can have it
        logger.warning(
            "index mapping is out of date: run `newsflow reindex`", extra={"index": concrete, "error": str(exc)}
        )
    if setting != "python" and analysis == "python" and await detect_analysis(es) == "elasticsearch":
        logger.info(
            "this Elasticsearch has its own analysis: `newsflow reindex` rebuilds the index to use it",
            extra={"index": concrete},
        )
    return concrete


async def drop_index(es: AsyncElasticsearch, index: str) -> None:
    """Delete every version of `index` (and an index of that name) and its template: for tests,
    benchmarks and scratch indexes."""
    found = await es.indices.get(index=[index, versions_pattern(index)], ignore_unavailable=True)
    for name in sorted(found.body):
        await es.options(ignore_status=404).indices.delete(index=name)
    await es.options(ignore_status=404).indices.delete_index_template(name=template_name(index))


def on_index(url: str, action: Callable[[AsyncElasticsearch, str], Awaitable[T]], index: str) -> T:
    """`action(client, index)` with a client of its own, from code outside an event loop (tests,
    benchmarks, scripts): e.g. `on_index(url, drop_index, "scratch")`."""

    async def run() -> T:
        client = AsyncElasticsearch(url, request_timeout=60)
        try:
            return await action(client, index)
        finally:
            await client.close()

    return asyncio.run(run())
