"""Delivering an alert to its watch's webhook: one HTTP POST of JSON per alert."""

import aiohttp

from shared.contracts import Alert
from shared.errors import WebhookError, WebhookRefusedError

RETRYABLE = {408, 425, 429}


def webhook_body(alert: Alert) -> dict[str, object]:
    """What the webhook receives; `id` is the same for every delivery of one watch and article, so a
    receiver can drop a repeat (delivery is at least once)."""
    body = alert.model_dump(mode="json", exclude={"webhook"})
    return {"id": f"{alert.watch}:{alert.article.id}", **body}


async def deliver(session: aiohttp.ClientSession, alert: Alert, wait_seconds: float) -> None:
    assert alert.webhook, "only alerts of watches with a webhook are delivered"
    try:
        async with session.post(
            alert.webhook, json=webhook_body(alert), timeout=aiohttp.ClientTimeout(total=wait_seconds)
        ) as response:
            if 200 <= response.status < 300:
                return
            text = (await response.text())[:200]
            if 400 <= response.status < 500 and response.status not in RETRYABLE:
                raise WebhookRefusedError(f"webhook {alert.webhook} refused the alert: HTTP {response.status} {text}")
            raise WebhookError(f"webhook {alert.webhook} answered HTTP {response.status} {text}")
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise WebhookError(f"webhook {alert.webhook} unreachable: {type(exc).__name__} {exc}") from exc
