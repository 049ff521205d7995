"""`newsflow dead list/show/replay/purge`: the messages a stage gave up on."""

import asyncio
import json
from typing import Annotated

import typer
from rich.table import Table

from services.cli.output import console
from shared.clients import redis_client
from shared.delivery import streams
from shared.delivery.deadletters import get_dead, list_dead, replay
from shared.settings import CommandLineSettings

app = typer.Typer(help="Messages a stage gave up on (the newsflow:dead stream).", no_args_is_help=True)


@app.command("list")
def dead_list(limit: Annotated[int, typer.Option(help="Show at most this many, oldest first.")] = 100) -> None:
    """List dead letters: id, time, stage, attempts, file and reason."""
    letters = list_dead(redis_client(CommandLineSettings()), count=limit)
    table = Table("id", "last failed", "stage", "tries", "file", "reason", box=None)
    for entry_id, letter in letters:
        when = letter.last_failed_at.strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(entry_id, when, letter.stage, str(letter.attempts), letter.file_name or "-", letter.reason)
    console().print(table)
    typer.echo(f"{len(letters)} dead letter(s)", err=True)


@app.command("show")
def dead_show(
    entry_id: Annotated[str, typer.Argument(help="Dead letter id, from `newsflow dead list`.")],
    full: Annotated[bool, typer.Option(help="Print the whole payload, however long.")] = False,
) -> None:
    """Everything about one dead letter, as JSON."""
    letter = get_dead(redis_client(CommandLineSettings()), entry_id)
    if letter is None:
        typer.echo(f"error: no dead letter {entry_id}", err=True)
        raise typer.Exit(1)
    data = letter.model_dump(mode="json")
    if not full and len(letter.payload) > 2000:
        data["payload"] = letter.payload[:2000] + f"... ({len(letter.payload)} characters; --full for all)"
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command("replay")
def dead_replay(
    entry_ids: Annotated[list[str] | None, typer.Argument(help="Dead letter ids; all of them if none.")] = None,
    stage: Annotated[str | None, typer.Option(help="Only dead letters of this stage.")] = None,
) -> None:
    """Send dead letters back to the stream they came from (after fixing the cause), and remove them."""
    settings = CommandLineSettings()
    client = redis_client(settings)
    letters = [(i, d) for i, d in list_dead(client, count=1_000_000) if (not entry_ids or i in entry_ids)]
    letters = [(i, d) for i, d in letters if stage is None or d.stage == stage]
    missing = set(entry_ids or ()) - {i for i, _ in letters}
    for entry_id in sorted(missing):
        typer.echo(f"error: no dead letter {entry_id}" + (f" of stage {stage}" if stage else ""), err=True)
    replayed = asyncio.run(replay(settings, letters))
    for entry_id, letter in letters:
        if entry_id not in replayed:
            typer.echo(
                f"skipped {entry_id}: {letter.file_name} was refused by the watcher; copy the file again", err=True
            )
    typer.echo(f"replayed {len(replayed)} dead letter(s)", err=True)
    raise typer.Exit(1 if missing else 0)


@app.command("purge")
def dead_purge(yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Delete every dead letter."""
    client = redis_client(CommandLineSettings())
    count = client.xlen(streams.DEAD)
    if count and not yes:
        typer.confirm(f"Delete {count} dead letter(s)?", abort=True)
    client.delete(streams.DEAD)
    typer.echo(f"deleted {count} dead letter(s)", err=True)
