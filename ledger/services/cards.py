"""Resident cards: a random token printed as a QR code, and a short code printed under it
for typing in by hand. The ledger keeps only hashes of both, so a card can be printed
only when it is issued; issuing a new card retires the old one (rotation)."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain import carry_over
from ledger.domain.honours import star_rating
from ledger.domain.privacy import masked_name, ranks_shown
from ledger.messages import catalog
from ledger.services import card_claims, security
from ledger.store import boards as board_store
from ledger.store import households as store
from ledger.store import queries
from ledger.store.group_commit import CardAtCounter
from ledger.store.queries import card_page as card_page_reads
from ledger.store.queries import cards as card_reads

# No 0/O or 1/I: a code read aloud or typed from paper cannot be mistaken.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_CODE_LENGTH = 8  # 40 bits, looked up only by logged-in staff of the community
_CARD_URL_TOKEN = re.compile(r"/c/([A-Za-z0-9_-]{20,100})")


@dataclass(frozen=True, slots=True)
class IssuedCard:
    household_id: uuid.UUID
    token: str
    short_code: str  # as printed: ABCD-EFGH


def card_path(token: str) -> str:
    return f"/c/{token}"


def _new_short_code() -> str:
    code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def _short_code_hash(community_id: uuid.UUID, short_code: str) -> bytes:
    return hashlib.sha256(community_id.bytes + short_code.encode()).digest()


def normalised_short_code(typed: str) -> str | None:
    """ABCD-EFGH from what a person typed ('abcd efgh', 'ABCDEFGH'), or None."""
    letters = re.sub(r"[^0-9A-Za-z]", "", typed).upper()
    if len(letters) != SHORT_CODE_LENGTH or any(c not in SHORT_CODE_ALPHABET for c in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


async def issue_card(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_id: uuid.UUID
) -> IssuedCard:
    """Issue a new card (the household's old card stops working) and return what is
    printed on it: shown this once, never stored."""
    token, short_code = security.new_token(), _new_short_code()
    async with pool.acquire() as connection:
        await store.issue_card(
            connection,
            community_id,
            actor_id,
            household_id,
            uuid.uuid4(),
            security.token_hash(token),
            _short_code_hash(community_id, short_code),
        )
    return IssuedCard(household_id, token, short_code)


async def revoke_cards(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_id: uuid.UUID
) -> int:
    async with pool.acquire() as connection:
        return await store.revoke_cards(connection, community_id, actor_id, household_id)


def card_at_counter(community_id: uuid.UUID, typed: str) -> CardAtCounter:
    """The card as the counter's scanner or keyboard gives it (its URL, its token, or the short
    code typed by hand), as the hashes the ledger keeps of it."""
    typed = typed.strip()
    short_code = normalised_short_code(typed)
    if short_code is not None:
        return CardAtCounter(token_hash=None, short_code_hash=_short_code_hash(community_id, short_code))
    match = _CARD_URL_TOKEN.search(typed)
    token = match.group(1) if match else typed
    return CardAtCounter(token_hash=security.token_hash(token), short_code_hash=None)


async def household_of_card(pool: asyncpg.Pool, community_id: uuid.UUID, typed: str) -> uuid.UUID | None:
    """The household whose card this is, within the community (a card of another community is
    not found here)."""
    card = card_at_counter(community_id, typed)
    if card.short_code_hash is not None:
        return await store.household_by_short_code(pool, community_id, card.short_code_hash)
    assert card.token_hash is not None
    found = await card_reads.card_in_community(pool, community_id, card.token_hash)
    return None if found is None else found["household_id"]


async def card_holder(pool: asyncpg.Pool, token: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(community, household) of a live card, or None."""
    card = await queries.card_by_token_hash(pool, security.token_hash(token))
    return None if card is None else (card["community_id"], card["household_id"])


async def card_view(pool: asyncpg.Pool, token: str) -> dict[str, Any] | None:
    """What a resident sees by scanning: their own household only, read-only.

    An unknown, malformed or revoked token all answer None (→ 404), after the same one
    look-up of the hash in card_tokens (only live cards are there), so the answer says
    nothing about which it was."""
    card = await card_page_reads.card_page(
        pool, security.token_hash(token), limits.HISTORY_ENTRIES_ON_CARD, limits.CLAIMS_ON_CARD
    )
    if card is None:
        return None
    view = {
        "community": card["community_name"],
        "community_id": str(card["community_id"]),
        "household": {"number": card["number"], "head_name": masked_name(card["head_name"])},
        "balance": {
            "spendable": card["spendable"],
            "pending": card["pending"],
            "honour": card["honour"],
        },
        "star_rating": star_rating(card["honour"], list(card["star_thresholds"])),
        "rank": await _rank(pool, card),
        "pending_in_publicity": [
            {
                "award_seq": item["award_seq"],
                "title": (
                    item["rule_name"]
                    if item["subject"] != "carry_in"
                    else catalog.carried_in_figures(
                        item["points"],
                        item["carried_honour"],
                        carry_over.Source(
                            item["source_page"], item["source_line"], item["source_text"]
                        ).as_body(),
                    )
                ),
                "points": item["points"],
                "ends_on": item["ends_on"],  # ISO text from the statement's jsonb
            }
            for item in card["pending_in_publicity"]
        ],
        "history": [
            {
                "seq": entry["seq"],
                "kind": entry["kind"],
                "occurred_on": entry["occurred_on"],
                "spendable_delta": entry["spendable_delta"],
                "pending_delta": entry["pending_delta"],
                "honour_delta": entry["honour_delta"],
                "label": catalog.event_label(entry["kind"]),
                "title": _history_title(entry),
            }
            for entry in card["history"]
        ],
    }
    return view | card_claims.claims_on_card(card)


async def _rank(pool: asyncpg.Pool, card: asyncpg.Record) -> dict[str, Any] | None:
    """The household's place in the village this month and this year by points earned, where
    the community's policy shows ranks (ledger.domain.privacy.ranks_shown); else None."""
    if not ranks_shown(card["black_board_public"]):
        return None
    today: datetime.date = card["today"]
    row = await board_store.points_standing(pool, card["community_id"], card["household_id"], today)
    if row is None:  # a household moved out or closed is in no one's count
        return {"month": None, "year": None}
    return {
        name: {
            "period": period,
            "rank": row[f"{name}_rank"],
            "households": row["households"],
            "points": row[f"{name}_points"],
        }
        for name, period in (("month", today.strftime("%Y-%m")), ("year", str(today.year)))
    }


def _history_title(entry: dict[str, Any]) -> str:
    """The sentence a resident reads for the entry, in the request's language."""
    kind, body = entry["kind"], entry["body"]
    return catalog.history_sentence(
        kind, body, entry["spendable_delta"], entry["pending_delta"], entry["honour_delta"]
    )
