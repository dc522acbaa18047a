"""Per-client rate limits (token buckets), for log-ins and card look-ups.

In memory, per server process: enough to make guessing card tokens or passwords slow
from any one address; the account lockout (users.locked_until) covers the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from litestar.connection import ASGIConnection

from ledger.domain.errors import Refused


class RateLimiter:
    def __init__(
        self, per_minute: int, clients_max: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self._rate = per_minute / 60.0
        self._burst = float(per_minute)
        self._clients_max = clients_max
        self._buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, last time)

    def check(self, client: str, what: str) -> None:
        now = self._clock()
        tokens, last = self._buckets.get(client, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            raise Refused(
                "rate_limited",
                "too many requests from this address; wait a minute",
                what=what,
                retry_after=60,
            )
        if len(self._buckets) >= self._clients_max:
            self._buckets.clear()  # a flood of addresses: start afresh rather than grow
        self._buckets[client] = (tokens - 1, now)


def client_address(connection: ASGIConnection) -> str:
    return connection.client.host if connection.client else "unknown"
