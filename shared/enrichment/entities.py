"""Named entities of one article: spaCy's mentions, cleaned, folded and counted.

The headline is not run through NER: in title case the model tags "Pezeshkian Will" or "Quit Netanyahu
Cabinet" as people. Entities come from the body and caption; headline mentions of them are counted by
matching their names, so a headline adds weight but never a new (junk) entity.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from shared.contracts import CATEGORIES, Category, Entity
from shared.enrichment.aliases import ROLE_WORDS, TITLES

LABELS: dict[str, Category] = {
    "PERSON": "people",
    "ORG": "organisations",
    "GPE": "places",
    "LOC": "places",
    "FAC": "places",
    "NORP": "groups",
    "EVENT": "events",
}
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[^\w.)]+$")


@dataclass(slots=True)
class Mention:
    text: str
    category: Category


def clean_name(text: str, category: Category) -> str:
    """Whitespace collapsed, possessive and edge punctuation stripped, titles and a leading "the" dropped."""
    name = _POSSESSIVE.sub("", re.sub(r"\s+", " ", text).strip())
    name = _EDGE_PUNCT.sub("", name)
    words = name.split(" ")
    if category == "people":
        while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES:
            words = words[1:]
    elif words[0].casefold() == "the" and len(words) > 1:
        words = words[1:]
    name = " ".join(words)
    # Names are capitalised in English; a lower-case "entity" is a tagging error.
    return name if len(name) > 1 and any(c.isupper() for c in name) else ""


def _is_job_title(ent: Span) -> bool:
    """ "National Security" in "National Security Minister", or "US National Security Advisor": a role."""
    doc = ent.doc
    if ent[-1].text.casefold() in ROLE_WORDS:
        return True
    following = doc[ent.end] if ent.end < len(doc) else None
    return following is not None and following.is_title and following.text.casefold() in ROLE_WORDS


def mentions(doc: Doc) -> list[Mention]:
    found = []
    for ent in doc.ents:
        category = LABELS.get(ent.label_)
        if category is None or (category == "organisations" and _is_job_title(ent)):
            continue
        if "\n" in ent.text:  # across a paragraph break ("said on X.\n\nSmotrich said"): not one name
            continue
        name = clean_name(ent.text, category)
        if name:
            found.append(Mention(name, category))
    return found


def fold(found: list[Mention]) -> list[Mention]:
    """A surname alone becomes the full name used elsewhere in the article ("Netanyahu" ->
    "Benjamin Netanyahu"), also when the model tagged it as an organisation ("Trump" as ORG) or as a
    group ("Pezeshkian will visit" as NORP)."""
    full_names: dict[str, set[str]] = defaultdict(set)
    for m in found:
        words = m.text.split(" ")
        if m.category == "people" and len(words) > 1:
            full_names[words[-1].casefold()].add(m.text)
    folded = []
    for m in found:
        candidates = full_names.get(m.text.casefold(), set()) if " " not in m.text else set()
        if len(candidates) == 1 and m.category in ("people", "organisations", "groups"):
            folded.append(Mention(next(iter(candidates)), "people"))
        else:
            folded.append(m)
    return folded


def headline_mentions(title: str, forms: dict[str, str]) -> Counter[str]:
    """Mentions in the headline of known names (surface form -> canonical key), longest form first,
    case-sensitive so that "US" is not "us"."""
    counts: Counter[str] = Counter()
    if not forms or not title:
        return counts
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)")
    for match in pattern.finditer(title):
        counts[forms[match.group(0)]] += 1
    return counts


def collect(docs: list[Doc], title: str) -> list[Entity]:
    """Entities of an article's body and caption docs, with headline mentions counted, most mentioned first."""
    found = fold([m for doc in docs for m in mentions(doc)])
    by_name: dict[str, Counter[Category]] = defaultdict(Counter)  # casefolded name -> category votes
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, str] = {}
    for m in found:
        key = m.text.casefold()
        by_name[key][m.category] += 1
        spelling[key][m.text] += 1
        forms.setdefault(m.text, key)
    for m in found:  # surnames of people also match in the headline ("Ben-Gvir Threatens ...")
        words = m.text.split(" ")
        if m.category == "people" and len(words) > 1:
            forms.setdefault(words[-1], m.text.casefold())
    in_headline = headline_mentions(title, forms)
    entities = [
        # One name, one category: the one the model chose most often.
        Entity(
            name=spelling[key].most_common(1)[0][0],
            category=votes.most_common(1)[0][0],
            mentions=votes.total() + in_headline[key],
        )
        for key, votes in by_name.items()
    ]
    order = {key: i for i, key in enumerate(by_name)}
    entities.sort(key=lambda e: (-e.mentions, order[e.name.casefold()]))
    return entities


def counts(entities: list[Entity]) -> dict[str, int]:
    totals: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    for entity in entities:
        totals[entity.category] += entity.mentions
    return totals
