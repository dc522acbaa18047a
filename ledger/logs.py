"""structlog set-up: one JSON line per event, UTC ISO timestamps, context from contextvars."""

from __future__ import annotations

import logging
import sys
from typing import Any

import msgspec
import structlog

# msgspec renders the lines (several times faster than the json module); anything it does
# not know is written as its str().
_encoder = msgspec.json.Encoder(enc_hook=str)


def _serialize(event: dict[str, Any], **_: Any) -> bytes:
    return _encoder.encode(event)


def configure(level: int = logging.INFO) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=_serialize),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.BytesLoggerFactory(file=sys.stdout.buffer),
        cache_logger_on_first_use=True,
    )
