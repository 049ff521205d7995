"""Key phrases by TextRank (Mihalcea & Tarau, 2004) on the tagged doc.

Candidates are runs of adjectives and nouns ending in a noun, broken at named entities, so a phrase
never overlaps an entity. Words are graph nodes, linked when they occur within WINDOW tokens in a
sentence; PageRank ranks the words and a phrase scores the sum of its words' ranks over the square
root of its length (longer phrases gain, but less than linearly).
"""

from collections import Counter, defaultdict
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token

from shared import lexicon
from shared.lexicon.vocabulary import ROLE_WORDS, TITLES

WINDOW = 3
MAX_WORDS = 4
DAMPING = 0.85
ITERATIONS = 50
TOLERANCE = 1e-4
_CONTENT = {"NOUN", "PROPN", "ADJ"}
_HEAD = {"NOUN", "PROPN"}
_TITLES = TITLES | ROLE_WORDS | {"mr", "elect"}  # "Prime Minister", "President-elect": titles, not topics


_VERBS = lexicon.words("verbs")


def _key(token: Token) -> str:
    """Node key: lower case, plural folded (cheaply: the lemmatizer is switched off for speed)."""
    word = token.lower_
    if token.tag_ in ("NNS", "NNPS") and len(word) > 3:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "xes", "ches", "shes")):
            return word[:-2]
        if word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
    return word


def _tagged_candidate(token: Token, in_entity: list[bool]) -> bool:
    return (
        token.pos_ in _CONTENT
        and not in_entity[token.i]
        and not token.is_stop
        and token.is_alpha
        and len(token.text) > 1
    )


def _lexical_candidate(token: Token, in_entity: list[bool]) -> bool:
    """Without a tagger: lower-case content words that are not obviously verbs or adverbs. Rougher."""
    word = token.text
    return (
        word.islower()
        and word.isalpha()
        and len(word) > 2
        and not in_entity[token.i]
        and not token.is_stop
        and word not in _VERBS
        and not word.endswith("ly")
    )


def _is_head(token: Token) -> bool:
    if token.pos_:
        return token.pos_ in _HEAD
    return not token.text.endswith(("ed", "ly"))  # "threatened", "closely": not the end of a noun phrase


def _pagerank(edges: dict[str, dict[str, int]]) -> dict[str, float]:
    """Weighted PageRank by power iteration over edge arrays (numpy: the pure-Python loop was most of
    the step's time); stops early once the ranks settle."""
    nodes = list(edges)
    index = {node: i for i, node in enumerate(nodes)}
    src = np.array([index[a] for a, links in edges.items() for _ in links], dtype=np.intp)
    dst = np.array([index[b] for links in edges.values() for b in links], dtype=np.intp)
    weight = np.array([w for links in edges.values() for w in links.values()], dtype=np.float64)
    out = np.bincount(src, weights=weight, minlength=len(nodes)) if len(src) else np.zeros(len(nodes))
    share = weight / out[src] if len(src) else weight
    rank: npt.NDArray[np.floating[Any]] = np.ones(len(nodes))
    for _ in range(ITERATIONS):
        new = (1 - DAMPING) + DAMPING * np.bincount(dst, weights=rank[src] * share, minlength=len(nodes))
        settled = bool(np.abs(new - rank).max() < TOLERANCE)
        rank = new
        if settled:
            break
    return {node: float(r) for node, r in zip(nodes, rank, strict=True)}


def _phrase_text(tokens: list[Token]) -> str:
    return " ".join(t.text if t.pos_ == "PROPN" or t.is_upper else t.lower_ for t in tokens)


def key_phrases(doc: Doc, top_n: int = 10, exclude: set[str] | None = None) -> list[str]:
    """The top_n phrases, best first; names in exclude (casefolded entity names) are left out."""
    if top_n <= 0:
        return []
    candidate = _tagged_candidate if doc.has_annotation("TAG") else _lexical_candidate
    in_entity = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            in_entity[i] = True
    # Each token judged and keyed once: both loops below read them.
    keys = {t.i: _key(t) for t in doc if candidate(t, in_entity)}
    edges: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    runs: list[list[Token]] = []
    for sent in doc.sents:
        words = [t for t in sent if t.i in keys]
        for i, token in enumerate(words):
            a = keys[token.i]
            edges[a]  # a lone word is a node too
            for other in words[i + 1 :]:
                if other.i - token.i > WINDOW:
                    break
                b = keys[other.i]
                if a != b:
                    edges[a][b] += 1
                    edges[b][a] += 1
        run: list[Token] = []
        for token in [*sent, None]:
            if token is not None and token.i in keys:
                run.append(token)
                continue
            while run and not _is_head(run[-1]):  # a phrase ends in a noun
                run.pop()
            if run and not any(t.lower_ in _TITLES for t in run):
                runs.append(run[-MAX_WORDS:])
            run = []
    if not runs:
        return []
    rank = _pagerank(edges)
    run_keys = [tuple(keys[t.i] for t in run) for run in runs]
    seen = Counter(run_keys)
    scored: dict[tuple[str, ...], tuple[float, str]] = {}
    for run, key in zip(runs, run_keys, strict=True):
        if len(key) == 1 and seen[key] < 2:
            continue  # a lone word once is rarely a topic ("start", "exchange")
        if key not in scored:
            scored[key] = (sum(rank.get(k, 0.0) for k in key) / len(key) ** 0.5, _phrase_text(run))
    excluded = exclude or set()
    chosen: list[tuple[set[str], str]] = []
    for key, (_, text) in sorted(scored.items(), key=lambda item: -item[1][0]):
        word_set = set(key)
        if text.casefold() in excluded or any(word_set <= seen for seen, _ in chosen):
            continue  # an entity's name, or part of a better phrase already chosen
        chosen.append((word_set, text))
        if len(chosen) == top_n:
            break
    return [text for _, text in chosen]
