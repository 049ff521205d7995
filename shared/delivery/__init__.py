"""Delivery: stream names (`streams`), the consuming `Stage` (groups, reclaim, acknowledgement,
delivery cap), dead letters, trimming, and the deterministic article ids that make replays harmless."""
