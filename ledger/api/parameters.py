"""Request parameters shared by several routes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import HeaderParameter, Parameter

from ledger import limits
from ledger.domain.errors import Refused

IdempotencyKeyHeader = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=limits.IDEMPOTENCY_KEY_LENGTH_MAX,
        description="Makes a retry safe: the same key and body answer the first answer.",
    ),
]

# An event's number in a path: bounded, so a number past what PostgreSQL's bigint holds is
# a 400 rather than a database error.
SeqPath = Annotated[int, Parameter(ge=1, le=limits.SEQ_MAX)]

# A calendar month in a path (a board, a fund statement): years 2000–2099 only, so "0000-01"
# is a 400 rather than a date Python cannot make, and the document says so to clients.
MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"
MonthPath = Annotated[
    str, Parameter(pattern=MONTH_PATTERN, description="YYYY-MM, a month of the years 2000–2099")
]


def required_idempotency_key(key: str | None) -> str:
    """The Idempotency-Key of a command that may not go without one (a redemption: a retry
    after a lost answer must not redeem twice)."""
    if key is None:
        raise Refused("validation_failed", "a redemption needs an Idempotency-Key header, so a retry is safe")
    return key
