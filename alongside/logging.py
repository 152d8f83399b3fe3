"""Logging filters that keep survivor data out of log records."""

import logging


class StripRequestDetails(logging.Filter):
    """Drop the request object Django attaches to error records.

    Handlers such as AdminEmailHandler render the request's POST body and cookies; a case note
    typed into a form must never travel into a log line or an e-mail that way.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
