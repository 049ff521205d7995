"""Near-duplicate stories: at index time an article is linked to the earliest indexed article whose
body it nearly repeats (MinHash similarity above a threshold), and the two share a `story_id`.
Both are then marked `shared_story`, so a dashboard can list only stories told more than once."""

from collections import defaultdict
from typing import Any

from elasticsearch import AsyncElasticsearch

from shared.fingerprints import similarity

STORY_FIELDS = ("story_id", "duplicate_of", "duplicate_similarity", "shared_story")


async def link_stories(
    client: AsyncElasticsearch, index: str, docs: dict[str, dict[str, Any]], stored: dict[str, dict[str, Any]],
    threshold: float, recent: list[dict[str, Any]] | None = None,
) -> set[str]:  # fmt: skip
    """Link each new article to the earliest indexed one whose body it nearly repeats (estimated by
    MinHash; candidates share a band): `duplicate_of`, and the `story_id` they share. An article
    keeps the links it got when first indexed, so replays do not move it between stories.
    `recent`: documents written but perhaps not searchable yet (id, minhash, minhash_bands, story_id),
    candidates too.

    Returns the ids of already indexed story roots that must now be marked `shared_story`."""
    new = [i for i in docs if not stored.get(i, {}).get("story_id") and docs[i].get("minhash_bands")]
    candidates: dict[str, list[dict[str, Any]]] = {i: [] for i in new}
    if new:
        searches: list[dict[str, Any]] = []
        for doc_id in new:
            searches += [{}, {
                "query": {"bool": {
                    "filter": [{"terms": {"minhash_bands": docs[doc_id]["minhash_bands"]}}],
                    "must_not": [{"ids": {"values": [doc_id]}}],
                }},
                "sort": [{"first_indexed_at": "asc"}],
                "size": 50,
                "_source": ["minhash", "story_id", "first_indexed_at"],
            }]  # fmt: skip
        responses = await client.msearch(index=index, searches=searches)
        for doc_id, response in zip(new, responses["responses"], strict=True):
            candidates[doc_id] = [
                {"id": hit["_id"], **hit["_source"]} for hit in response.get("hits", {}).get("hits", [])
            ]
    recent_by_band: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for written in recent or []:
        for band in written.get("minhash_bands") or []:
            recent_by_band[band].append(written)
    for doc_id in new:
        seen = {c["id"] for c in candidates[doc_id]} | {doc_id}
        for band in docs[doc_id]["minhash_bands"]:
            for written in recent_by_band.get(band, []):
                if written["id"] not in seen:
                    seen.add(written["id"])
                    candidates[doc_id].append(written)
    earlier_in_batch: list[dict[str, Any]] = []
    roots: set[str] = set()
    for doc_id, doc in docs.items():
        if stored.get(doc_id, {}).get("story_id"):
            doc.update({field: stored[doc_id].get(field) for field in STORY_FIELDS})
        else:
            doc.update({"story_id": doc_id, "duplicate_of": None, "duplicate_similarity": None, "shared_story": False})
            for candidate in [*candidates.get(doc_id, []), *earlier_in_batch]:
                score = similarity(doc.get("minhash") or [], candidate.get("minhash") or [])
                if score >= threshold:
                    story = candidate.get("story_id") or candidate["id"]
                    doc.update({
                        "story_id": story, "duplicate_of": candidate["id"],
                        "duplicate_similarity": round(score, 3), "shared_story": True,
                    })  # fmt: skip
                    roots.add(story)
                    break
        earlier_in_batch.append({"id": doc_id, "minhash": doc.get("minhash"), "story_id": doc["story_id"]})
    for root in roots & docs.keys():  # the story's first article is in this very batch
        docs[root]["shared_story"] = True
    return roots - docs.keys()
