"""`ledger demo`: seed the demo community 示范村 and show how to log in to it."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from ledger.config import Settings
from ledger.messages import catalog
from ledger.services.database import database_url, migrated

# Oversight logs in for a township or a county: the demo names which.
OVERSIGHT_LABELS = {"township": "乡镇 township (read only)", "county": "县 county (read only)"}
DEMO_CARDS_SHOWN = 3
DEMO_POOL_SIZE_MAX = 4


async def _seed(settings: Settings, households: int) -> dict[str, Any]:
    # Imported here: importing the password hasher computes a hash (0.15 s), which the
    # commands that make no accounts should not wait for.
    from ledger.services.demo import seed

    async with migrated(database_url(settings), DEMO_POOL_SIZE_MAX) as (owner, pool):
        return await seed(
            owner,
            pool,
            settings.home / "demo-secrets.json",
            household_count=households,
            base_url=settings.public_url or f"http://{settings.host}:{settings.port}",
        )


def command_demo(settings: Settings, arguments: argparse.Namespace) -> int:
    demo = asyncio.run(_seed(settings, arguments.households))
    if arguments.json:
        print(json.dumps(demo, ensure_ascii=False))
        return 0
    base = demo["base_url"]
    print(
        f"示范村 demo community {demo['community_id']}: {len(demo['households'])} households, "
        f"{len(demo['rules'])} rules, {len(demo['goods'])} goods"
    )
    print(f"\n  open on a phone or a PC  {base}")
    if arguments.qr:
        import segno

        # A phone on the office Wi-Fi scans this instead of typing the address.
        segno.make_qr(base, error="m").terminal(compact=True)
    print(f"  staff log-in  {base}/login")
    for role, login in {**demo["staff"], **demo["oversight"]}.items():
        print(f"    {login['username']:<16} {login['password']:<18} {_role_label(role)}")
    print("  resident cards (QR page, and the short code to type at the counter)")
    for household in demo["households"][:DEMO_CARDS_SHOWN]:
        print(f"    {household['number']:<5} {household['short_code']}  {household['card_url']}")
    print(f"  the public board  {base}/board/{demo['community_id']}")
    return 0


def _role_label(role: str) -> str:
    """A demo log-in's role for the operator: its Chinese name and its code."""
    if role in OVERSIGHT_LABELS:
        return OVERSIGHT_LABELS[role]
    return f"{catalog.ROLE_WORDS[role][0]} {role}"
