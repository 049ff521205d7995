"""How a replica runs beside others on one machine: its /health port (the service's default,
another free one when a replica holds the default, a clear error when a port the user set is
taken), and one OpenBLAS thread per NLP process, so that processes, not threads, use the cores."""

import os
import socket
import subprocess
import sys

import pytest

from shared.runtime import listen
from shared.settings import EnricherSettings
from tests.support.paths import ROOT


def test_the_second_replica_listens_on_a_free_port_and_the_first_keeps_the_default() -> None:
    settings = EnricherSettings(http_port=None)
    try:
        first = listen(settings)
    except OSError:
        pytest.skip("port 8103 is in use on this machine (a running enricher?)")
    with first, listen(settings) as second:
        assert first.getsockname()[1] == 8103
        assert second.getsockname()[1] not in (0, 8103)


def test_a_port_the_user_set_that_is_taken_is_an_error_naming_it() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"port {port} on 127.0.0.1 is taken.*NEWSFLOW_HTTP_PORT"):
            listen(EnricherSettings(http_port=port))


def test_port_zero_is_any_free_port() -> None:
    with listen(EnricherSettings(http_port=0)) as sock:
        assert sock.getsockname()[1] > 0


BLAS_THREADS = """
import {module}, numpy
from threadpoolctl import threadpool_info
print(sorted({{lib["num_threads"] for lib in threadpool_info() if lib["internal_api"] == "openblas"}}))
"""


@pytest.mark.parametrize("module", ["services.enricher", "services.cli.__main__"])
@pytest.mark.parametrize(("chosen", "expected"), [(None, "[1]"), ("2", "[2]")])
def test_nlp_processes_run_one_openblas_thread_unless_the_user_chose(
    module: str, chosen: str | None, expected: str
) -> None:
    # One thread per enricher made spaCy's NER 15-25 % cheaper; it must hold however the process starts.
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if chosen:
        env["OPENBLAS_NUM_THREADS"] = chosen
    code = BLAS_THREADS.format(module=module)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
