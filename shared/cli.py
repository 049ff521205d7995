"""The `newsflow` command line."""

import sys
from pathlib import Path
from typing import Annotated

import redis
import typer

from shared.deadletters import list_dead
from shared.files import walk
from shared.parsing import ParseError, parse_file
from shared.settings import BaseServiceSettings

app = typer.Typer(help="Newsflow: news files in, enriched searchable documents out.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Newsflow command line."""


def _files(paths: list[Path]) -> list[tuple[Path, str]]:
    """(path, name to report) for every file named or found in a named folder."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found += [(f, f.relative_to(path).as_posix()) for f in walk(path)]
        else:
            found.append((path, path.name))
    return found


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to parse.")],
) -> None:
    """Print the articles the parser makes, one JSON object per line, without any server.

    Errors for files it cannot use go to standard error. Exit status 0 when every file gave at
    least one article, 1 otherwise.
    """
    failed = 0
    for path, name in _files(paths):
        try:
            result = parse_file(name, path.read_bytes())
        except OSError as exc:
            failed += 1
            typer.echo(f"error: {name}: unreadable: {exc.strerror or exc}", err=True)
            continue
        except ParseError as exc:
            failed += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        for article in result.articles:
            sys.stdout.write(article.model_dump_json() + "\n")
        for error in result.errors:
            typer.echo(f"warning: {error}", err=True)
    raise typer.Exit(1 if failed else 0)


dead = typer.Typer(help="Messages a stage gave up on (the newsflow:dead stream).", no_args_is_help=True)
app.add_typer(dead, name="dead")


@dead.command("list")
def dead_list(limit: Annotated[int, typer.Option(help="Show at most this many, oldest first.")] = 100) -> None:
    """List dead letters: when, stage, file and reason."""
    settings = BaseServiceSettings()
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    client = redis.Redis.from_url(settings.redis_url, password=password)
    letters = list_dead(client, count=limit)
    for entry_id, letter in letters:
        when = letter.failed_at.strftime("%Y-%m-%d %H:%M:%S")
        typer.echo(f"{entry_id}  {when}  {letter.stage:<8} {letter.file_name or '-'}  {letter.reason}")
    typer.echo(f"{len(letters)} dead letter(s)", err=True)


if __name__ == "__main__":
    app()
