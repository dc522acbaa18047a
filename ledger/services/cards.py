"""Resident cards: a random token printed as a QR code; the ledger keeps only its hash."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain.privacy import masked_name
from ledger.services import security
from ledger.store import commands as store
from ledger.store import queries


def card_path(token: str) -> str:
    return f"/c/{token}"


async def issue_card(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_id: uuid.UUID
) -> str:
    """Issue a new card and return its token: shown once, to be printed, never stored."""
    token = security.new_token()
    async with pool.acquire() as connection:
        await store.issue_card(
            connection, community_id, actor_id, household_id, uuid.uuid4(), security.token_hash(token)
        )
    return token


async def card_view(pool: asyncpg.Pool, token: str) -> dict[str, Any] | None:
    """What a resident sees by scanning: their own household only, read-only.

    An unknown, malformed or revoked token all answer None (→ 404), after the same one
    indexed hash look-up, so the answer says nothing about which it was."""
    card = await queries.card_by_token_hash(pool, security.token_hash(token))
    if card is None:
        return None
    household = await queries.household(pool, card["community_id"], card["household_id"])
    assert household is not None, "a card always names a registered household"
    history = await queries.household_history(
        pool, card["community_id"], card["household_id"], limits.HISTORY_ENTRIES_ON_CARD
    )
    return {
        "community": card["community_name"],
        "household": {"number": household["number"], "head_name": masked_name(household["head_name"])},
        "balance": {
            "spendable": household["spendable"],
            "pending": household["pending"],
            "honour": household["honour"],
        },
        "history": [
            {
                "seq": entry["seq"],
                "kind": entry["kind"],
                "occurred_on": entry["occurred_on"].isoformat(),
                "spendable_delta": entry["spendable_delta"],
                "pending_delta": entry["pending_delta"],
                "honour_delta": entry["honour_delta"],
                "title": _history_title(entry["kind"], entry["body"]),
            }
            for entry in history
        ],
    }


def _history_title(kind: str, body: dict[str, Any]) -> str:
    if "rule_name" in body:
        return str(body["rule_name"])
    if "lines" in body:
        return "、".join(f"{line['name']}×{line['quantity']}" for line in body["lines"])
    if kind == "reversal.recorded":
        return f"冲正 #{body['reversed_seq']}: {body['reason']}"
    return {"household.registered": "登记入户", "card.issued": "发放积分卡"}.get(kind, kind)
