"""Redemption by card through wrk: the counter scans a card and rings up a 5-line cart, so
the ledger also finds the household by its card, reads the policy and prices five lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ops.benchmarks.wrk import LuaValue, run_wrk, wrk_script

CART_LINES = 5


def redemption_by_card_script(community: dict[str, Any], token: str) -> str:
    data: dict[str, LuaValue] = {
        "path": f"/api/v1/communities/{community['community_id']}/redemptions/by-card",
        "cards": community["cards"],
        "goods": community["goods"],
        "cart_lines": CART_LINES,
    }
    return wrk_script("redemption_by_card", data, token)


def run_redemption_by_card(
    port: int, community: dict[str, Any], token: str, connections: int, seconds: int, work: Path
) -> dict[str, Any]:
    return run_wrk(
        port,
        f"redemption-by-card-{CART_LINES}",
        lambda: redemption_by_card_script(community, token),
        connections,
        seconds,
        work,
    )
