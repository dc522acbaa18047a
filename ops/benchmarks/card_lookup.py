"""A resident's card look-up through wrk (`GET /api/v1/cards/{token}`, no log-in), against
pgbench's select-only script: one read by primary key per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ops.benchmarks.wrk import LuaValue, run_wrk, wrk_script


def card_lookup_script(community: dict[str, Any], token: str) -> str:
    data: dict[str, LuaValue] = {"cards": community["cards"]}
    return wrk_script("card_lookup", data, token)


def run_card_lookup(
    port: int, community: dict[str, Any], token: str, connections: int, seconds: int, work: Path
) -> dict[str, Any]:
    return run_wrk(
        port, "card-lookup", lambda: card_lookup_script(community, token), connections, seconds, work
    )
