"""Which files in a folder are articles to read (shared by the watcher and the command line)."""

import os
from collections.abc import Iterator
from pathlib import Path

TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")


def ignored(relative: Path) -> bool:
    """Hidden and temporary files (editors, downloads, copy-then-rename) are skipped."""
    return any(part.startswith((".", "~")) for part in relative.parts) or relative.name.endswith(TEMPORARY_SUFFIXES)


def walk(root: Path) -> Iterator[Path]:
    """Every file under `root` that is not ignored. Symlinked folders are not followed (no loops)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if not ignored(path.relative_to(root)):
                yield path
