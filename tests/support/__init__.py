"""Helpers shared by the tests: paths (`paths`), the test servers (`servers`), the real service
processes (`services`). Test modules import from here, never from each other."""
