"""HTTP redemptions through wrk: one everyday item for a random household, over one
community or over all of them (their appends are serialised per community)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from ops.benchmarks.wrk import run_wrk, wrk_script


def redemptions_script(communities: list[dict[str, Any]], token: str) -> str:
    targets = [
        [
            f"/api/v1/communities/{community['community_id']}/redemptions",
            community["households"],
            community["goods"],
        ]
        for community in communities
    ]
    return wrk_script("redemptions", {"targets": targets}, token)


def run_redemptions(
    port: int,
    communities: list[dict[str, Any]],
    token: str,
    connections: int,
    seconds: int,
    work: Path,
    around: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> dict[str, Any]:
    return run_wrk(
        port,
        f"redeem-{len(communities)}",
        lambda: redemptions_script(communities, token),
        connections,
        seconds,
        work,
        around,
    )
