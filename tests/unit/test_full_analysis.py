"""Search on the full distribution (`make up`): Elasticsearch's own analysis. No engine with the
analysis module runs here, so these check what would be sent (the template, the synonym rules made
from the alias tables, the documents and the queries), and run the template's analyzer as Lucene's
own analysis classes, which that module wraps, at the version Elasticsearch 9.2.4 is built on.
(tests/servers/test_search_analysis.py runs the plain distribution's way on the real server.)"""

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from shared.enrichment.enrich import enrich_batch
from shared.index.analysis import ANALYZER, STEM_FIELDS, stems, synonym_groups, synonym_rules
from shared.index.documents import document
from shared.index.queries import search_body
from shared.index.template import index_template
from shared.index.versions import has_analysis_module
from shared.parsing import parse_file
from tests.support.paths import ROOT

DATA = Path(os.environ.get("NEWSFLOW_DATA", ROOT / ".data"))

# GET _nodes/plugins?filter_path=nodes.*.modules.name, the shape both distributions answer with.
PLAIN = {"nodes": {"n1": {"modules": [{"name": "apm"}, {"name": "transport-netty4"}, {"name": "x-pack-core"}]}}}
FULL = {
    "nodes": {"n1": {"modules": [{"name": "aggregations"}, {"name": "analysis-common"}, {"name": "lang-painless"}]}}
}


def test_the_analysis_module_is_told_from_the_nodes_answer() -> None:
    assert has_analysis_module(FULL)
    assert not has_analysis_module(PLAIN)
    assert not has_analysis_module({"nodes": {**FULL["nodes"], **{"n2": PLAIN["nodes"]["n1"]}}}), "every node"
    assert not has_analysis_module({"nodes": {}})


def test_the_template_analyses_title_caption_and_body_with_elasticsearch_itself() -> None:
    template = index_template("news", "elasticsearch")
    assert template["index_patterns"] == ["news-v*"]
    settings, mapping = template["template"]["settings"], template["template"]["mappings"]
    chain = settings["analysis"]["analyzer"][ANALYZER]
    assert chain["tokenizer"] == "standard"
    filters = settings["analysis"]["filter"]
    kinds = [filters.get(name, {"type": name}) for name in chain["filter"]]
    assert [k["type"] for k in kinds] == ["stemmer", "synonym", "lowercase", "asciifolding", "synonym", "stemmer"]
    assert (kinds[0]["language"], kinds[-1]["language"]) == ("possessive_english", "porter2")
    # Short forms before lowercasing: "US" is the country, "us" is not.
    assert chain["filter"].index("newsflow_short_aliases") < chain["filter"].index("lowercase")
    for field in STEM_FIELDS:
        assert mapping["properties"][field]["fields"]["english"] == {"type": "text", "analyzer": ANALYZER}
    assert not set(STEM_FIELDS.values()) & set(mapping["properties"]), "no stemmed copies to store"
    assert mapping["_meta"] == {"newsflow": {"analysis": "elasticsearch"}}
    plain = index_template("news", "python")["template"]
    assert "analysis" not in plain["settings"], "the plain distribution would refuse the index"
    assert set(STEM_FIELDS.values()) <= set(plain["mappings"]["properties"])


def test_synonym_rules_come_from_the_alias_tables_with_the_python_way_s_tokens() -> None:
    short, long = synonym_rules()
    rules = short + long
    assert "US, U.S, USA, U.S.A => synunitedstates" in short
    assert "america, united states, united states of america => synunitedstates" in long
    assert "washington, washington dc => synwashington" in long, "a comma in a form would split the rule"
    for canonical in synonym_groups():
        (token,) = stems(canonical).split()  # the token the plain distribution's way stores
        assert any(rule.endswith(f"=> {token}") for rule in rules), canonical
    assert all(rule.split(" => ")[0] == rule.split(" => ")[0].upper() for rule in short), "capitals only"


def test_documents_carry_no_stemmed_copies_for_elasticsearch_analysis() -> None:
    (article,) = parse_file("a.txt", b"Synthetic: a title\n\nThe elections were held.\n").articles
    (item,) = enrich_batch([article], with_nlp=False)
    assert not set(STEM_FIELDS.values()) & set(document(item, "elasticsearch"))
    assert document(item, "python")["body_stems"] == "the elect were held"


def test_the_query_goes_as_typed_to_the_english_sub_fields() -> None:
    q = '"general elections" in the US'
    query: dict[str, Any] = search_body(q, {}, {}, None, None, "relevance", analysis="elasticsearch")
    must, typed = query["query"]["bool"]["must"][0], query["query"]["bool"]["should"][0]
    assert must["simple_query_string"]["query"] == q
    assert must["simple_query_string"]["fields"] == ["title.english^3", "caption.english", "body.english"]
    assert must["simple_query_string"]["default_operator"] == "and"
    assert typed["simple_query_string"]["fields"] == ["title^3", "caption", "body"], "the form typed ranks first"
    assert "suggest" in query, "did you mean works the same way"


@pytest.fixture(scope="module")
def lucene(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The template's analyzer as Lucene builds it: a function from lines of text to their tokens."""
    jars = sorted(DATA.glob("lucene-*/lucene-*.jar"))
    if len(jars) < 2:
        pytest.fail(f"Lucene's jars are not in {DATA}: `make test` downloads them (bash scripts/servers.sh lucene)")
    java_home = subprocess.run(
        ["bash", str(ROOT / "scripts" / "servers.sh"), "java-home"], capture_output=True, text=True, check=True
    ).stdout.strip()
    work = tmp_path_factory.mktemp("lucene")
    classpath = os.pathsep.join([str(work), *map(str, jars)])
    source = ROOT / "tests" / "support" / "LuceneChain.java"
    subprocess.run([f"{java_home}/bin/javac", "-d", str(work), "-cp", classpath, str(source)], check=True)
    settings = index_template("news", "elasticsearch")["template"]["settings"]["analysis"]["filter"]
    for name in ("newsflow_short_aliases", "newsflow_aliases"):  # the rules as the template sends them
        (work / f"{name}.txt").write_text("\n".join(settings[name]["synonyms"]) + "\n", encoding="utf-8")

    def analyse(*lines: str) -> list[str]:
        rules = [str(work / "newsflow_short_aliases.txt"), str(work / "newsflow_aliases.txt")]
        answer = subprocess.run(
            [f"{java_home}/bin/java", "-cp", classpath, "LuceneChain", *rules],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        return answer.stdout.splitlines()

    return analyse


def test_the_full_distribution_s_analyzer_finds_word_forms_unaccented_words_and_aliases(lucene: Any) -> None:
    assert len(set(lucene("elections", "election", "elected"))) == 1
    assert lucene("café", "cafe", "Café") == ["cafe"] * 3
    us = lucene("US", "U.S.", "USA", "America", "United States", "United States of America", "America's")
    assert len(set(us)) == 1, us
    assert lucene("us") != us[:1], "the pronoun is not the country"
    assert lucene("UN", "United Nations") == [lucene("UN")[0]] * 2
    assert len(set(lucene("Britain", "UK", "United Kingdom", "Great Britain"))) == 1
    (sentence,) = lucene("The U.S.-led talks on Kyiv's elections")
    (other,) = lucene("the united states led talk on kiev elected")
    assert sentence == other, "every word in the same form, so a query in either finds the other"
