"""Request parameters shared by several routes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import HeaderParameter

from ledger import limits

IdempotencyKeyHeader = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=limits.IDEMPOTENCY_KEY_LENGTH_MAX,
        description="Makes a retry safe: the same key and body answer the first answer.",
    ),
]
