"""`python -m services.cli`: the `newsflow` command."""

from services.cli import app

if __name__ == "__main__":
    app(prog_name="newsflow")
