"""Exact and near-duplicate fingerprints of an article body.

MinHash over word 5-shingles, with permutations derived from a fixed seed through blake2b, so the
signature is the same in every process and on every machine (no reliance on Python's hash() or on a
random generator's stream). 128 values in 16 bands of 8: two bodies share a band with probability
about 1 - (1 - J^8)^16, i.e. almost surely at Jaccard 0.8 and rarely below 0.4.
"""

import hashlib
import re

import numpy as np

from shared.ids import normalise

NUM_PERM = 128
BANDS = 16
SHINGLE = 5
SEED = 1
_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+")


def _seeded_uint32(label: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"newsflow-minhash:{SEED}:{label}".encode(), digest_size=4).digest(), "big")


# a*x + b with 32-bit a, b and x stays below 2**64, so the uint64 arithmetic never wraps.
_A = np.array([_seeded_uint32(f"a{i}") | 1 for i in range(NUM_PERM)], dtype=np.uint64)
_B = np.array([_seeded_uint32(f"b{i}") for i in range(NUM_PERM)], dtype=np.uint64) >> np.uint64(1)


def body_hash(body: str) -> str:
    return hashlib.sha256(normalise(body).encode()).hexdigest()


def shingles(body: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(normalise(body))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(body: str) -> list[int]:
    """128 unsigned 32-bit values; empty for a body without words."""
    grams = shingles(body)
    if not grams:
        return []
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams),
        dtype=np.uint64,
        count=len(grams),
    )
    permuted = (np.outer(hashes, _A) + _B) % _PRIME & _MAX32
    return [int(v) for v in permuted.min(axis=0)]


def bands(signature: list[int]) -> list[str]:
    """One key per band, prefixed by the band number so equal rows in different bands don't collide."""
    if not signature:
        return []
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = b"".join(v.to_bytes(4, "big") for v in signature[band * rows : (band + 1) * rows])
        keys.append(f"{band:02d}-{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets."""
    if not sig_a or not sig_b:
        return 0.0
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures differ in length: {len(sig_a)} != {len(sig_b)}")
    return sum(a == b for a, b in zip(sig_a, sig_b, strict=True)) / len(sig_a)
