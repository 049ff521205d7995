"""What the commands share for input and output: the files named on the command line, the
console tables go to, and search highlights as rich markup."""

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from shared.inbox.files import walk
from shared.index.queries import POST, PRE


def console() -> Console:
    # Piped output (grep, files) is not wrapped at 80 columns.
    return Console() if sys.stdout.isatty() else Console(width=300)


def input_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """(path, name to report) for every file named or found in a named folder."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found += [(f, f.relative_to(path).as_posix()) for f in walk(path)]
        else:
            found.append((path, path.name))
    return found


def marked(fragment: str) -> str:
    """Highlight marks to rich markup; everything else escaped (it is article text, not markup)."""
    return escape(fragment).replace(PRE, "[bold yellow]").replace(POST, "[/bold yellow]")
