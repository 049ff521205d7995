"""Watches (saved searches) and the alerts they raise: keeping them in Redis, matching newly
indexed documents against them in Elasticsearch, and delivering matches to webhooks."""
