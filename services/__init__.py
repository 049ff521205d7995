"""The Newsflow services, one module each (watcher, parser, enricher, indexer, alerter), the explorer
and the command line.

Every Newsflow process starts here (`python -m services.<name>`, the `newsflow` command, the image's
CMD), so this is where a process-wide default is set before any library loads: one OpenBLAS thread,
unless the user chose otherwise. It must be set before numpy loads. With the default (a thread per
core) spaCy's NER took 15-25 % more CPU for the same articles on a 2-core machine (150 BBC articles:
5.0 s against 4.0-4.3 s), and one enricher per core already keeps every core busy; threadpoolctl's
limit at run time does not have the effect.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
