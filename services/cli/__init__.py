"""The `newsflow` command line: an app over the shared library (`python -m services.cli`).

One module per group of commands: `local` (no server needed), `pipeline` (through the running
pipeline), `search`, `watch` (saved searches that alert) and `dead` (dead letters). Importing any
of them reads no settings and connects to nothing; each command reads its settings when it runs.
"""

import typer

from services.cli import dead, local, pipeline, search, watch

app = typer.Typer(help="Newsflow: news files in, enriched searchable documents out.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Newsflow command line."""


# Registered in the order `newsflow --help` lists them.
app.command()(local.parse)
app.command()(pipeline.ingest)
app.command()(search.search)
app.command()(local.enrich)
app.command()(pipeline.reenrich)
app.command()(pipeline.status)
app.command()(pipeline.reindex)
app.add_typer(watch.app, name="watch")
app.add_typer(dead.app, name="dead")

__all__ = ["app"]
