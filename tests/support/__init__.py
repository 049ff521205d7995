"""Helpers shared by the tests: paths (`paths`), the test servers (`servers`), the real service
processes (`services`), tests that cannot run here (`skips`). Test modules import from here, never
from each other; fixtures shared by a folder are in its conftest.py."""
