"""Every error that decides what happens to a message, in one tree.

    NewsflowError
    ├── PermanentError          the input can never succeed: dead-lettered at once, then acknowledged
    │   ├── ParseError          a file, or a part of one, the parser cannot use
    │   ├── RefusedFileError    a file the watcher will not send (empty, too large, unreadable)
    │   ├── RejectedDocumentError  Elasticsearch refused a document for good (e.g. a mapping error)
    │   └── WebhookRefusedError  a watch's webhook refused an alert (4xx): replay once it is fixed
    ├── RetryableError          a passing failure: the message stays pending, is reclaimed after
    │   │                       NEWSFLOW_CLAIM_IDLE_MS and retried, up to NEWSFLOW_MAX_DELIVERIES
    │   ├── WebhookError        a watch's webhook is unreachable, timed out or answered 5xx
    │   └── BulkRetryableError  Elasticsearch refused bulk items for a passing reason (429, 5xx)
    │       └── IndexBlockedError  the index has a write block (403): waited out however long, like an
    │                           outage (`newsflow reindex` switching versions, the disk's flood stage)
    └── GaveUpError             delivered NEWSFLOW_MAX_DELIVERIES times without an answer (a replica may
                                have crashed on it): dead-lettered without running it again

Outside the tree: a payload that does not match its contract (pydantic's ValidationError) is
permanent too; any other exception is treated like a RetryableError. The code that applies these
rules is shared/delivery/stage.py.
"""


class NewsflowError(Exception):
    """Base of the errors below; `file_name` names the file the message came from, when known."""

    def __init__(self, reason: str, file_name: str | None = None) -> None:
        super().__init__(reason)
        self.file_name = file_name


class PermanentError(NewsflowError):
    """The message can never succeed (bad input): dead-letter it at once instead of retrying."""


class ParseError(PermanentError):
    """A file (or part of one) the parser cannot use; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}", file_name)
        self.reason = reason


class RefusedFileError(PermanentError):
    """A file the watcher (or `newsflow ingest`) will not send; the message names the file and why."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}", file_name)
        self.reason = reason


class RejectedDocumentError(PermanentError):
    """Elasticsearch refused the document for a reason retrying cannot fix (4xx other than 403/408/429)."""


class WebhookRefusedError(PermanentError):
    """A watch's webhook answered that it will not take the alert (a 4xx other than 408, 425, 429)."""


class RetryableError(NewsflowError):
    """A passing failure: leave the message pending so it is retried."""


class WebhookError(RetryableError):
    """A watch's webhook did not take the alert now: unreachable, timed out, or a 5xx."""


class BulkRetryableError(RetryableError):
    """Elasticsearch refused some items for a passing reason (overload, blocked index, 5xx)."""


class IndexBlockedError(BulkRetryableError):
    """The index takes no writes for now (a write block: `newsflow reindex` switching versions, or
    the disk's flood stage): waited out like an outage, however long, not counted as a failure."""


class GaveUpError(NewsflowError):
    """A message was delivered more than max_deliveries times without being acknowledged."""
