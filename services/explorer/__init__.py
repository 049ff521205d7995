"""Explorer: a search page and JSON API over the article index, so the articles can be explored
without Kibana.

- `GET /` the page (static HTML, CSS and JS in services/explorer/static, no build step, no CDN);
- `GET /api/search` full text, entity/agency/language/date filters, facets and a date histogram;
- `GET /api/articles/{id}` one article with its entities, map locations, same-story articles and
  "more like this";
- `GET /health` (200 only while Elasticsearch answers), `GET /metrics` (Prometheus text);
- `GET /openapi.json` the API schema.

Run: `python -m services.explorer` (listens on NEWSFLOW_EXPLORER_HOST:NEWSFLOW_EXPLORER_PORT).

The app is in app.py, its routes in routes.py, what they depend on in deps.py, the response models
in schemas.py, and the shaping of Elasticsearch answers in results.py; the queries themselves are
in shared.index.queries.
"""

from services.explorer.app import create_app, main

__all__ = ["create_app", "main"]
