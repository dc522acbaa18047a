"""The per-address token bucket, on a clock the test moves: a burst of `per_minute`, then
one more each 60/per_minute seconds."""

from __future__ import annotations

from ledger.api.rate_limit import RateLimiter
from ledger.domain.errors import Refused


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _allowed(limiter: RateLimiter, client: str, attempts: int) -> int:
    allowed = 0
    for _ in range(attempts):
        try:
            limiter.check(client, "log-in attempts")
            allowed += 1
        except Refused as refusal:
            assert refusal.code == "rate_limited"
            assert refusal.context["retry_after"] == 60
    return allowed


def test_a_burst_then_one_more_every_three_seconds_for_twenty_a_minute():
    clock = Clock()
    limiter = RateLimiter(20, clock=clock)
    assert _allowed(limiter, "10.0.0.1", 25) == 20
    clock.now += 2.9
    assert _allowed(limiter, "10.0.0.1", 1) == 0
    clock.now += 0.2  # 3.1 s since: one attempt earned
    assert _allowed(limiter, "10.0.0.1", 2) == 1
    assert _allowed(limiter, "10.0.0.2", 20) == 20  # another address has its own bucket
    clock.now += 3600
    assert _allowed(limiter, "10.0.0.1", 25) == 20  # refilled to the burst, never beyond
