"""structlog set-up: one JSON line per event, UTC ISO timestamps, context from contextvars.

The libraries' own log records (asyncpg's pool, uvicorn) go through the same renderer, so
the log stays one JSON line per event; while the database cannot be reached their
tracebacks say nothing the error's words do not, and are left out."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import msgspec
import structlog

from ledger.store.pool import is_outage

# msgspec renders the lines (several times faster than the json module); anything it does
# not know is written as its str().
_encoder = msgspec.json.Encoder(enc_hook=str)


def _serialize(event: dict[str, Any], **_: Any) -> bytes:
    return _encoder.encode(event)


def _serialize_text(event: dict[str, Any], **_: Any) -> str:
    return _encoder.encode(event).decode()


def _outage_without_traceback(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    exc_info = event.get("exc_info")
    error = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    if isinstance(error, BaseException) and is_outage(error):
        del event["exc_info"]
        event["error"] = repr(error)
    return event


def configure(level: int = logging.INFO) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _outage_without_traceback,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=_serialize),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.BytesLoggerFactory(file=sys.stdout.buffer),
        cache_logger_on_first_use=True,
    )
    # Each record is one write straight to the same byte stream structlog writes to, so lines
    # from both never interleave.
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=True)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[
                structlog.stdlib.add_logger_name,
                structlog.processors.add_log_level,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                _outage_without_traceback,
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(serializer=_serialize_text),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)  # the libraries' warnings and errors; our own events are structlog's
