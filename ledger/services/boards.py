"""The monthly red list (top households by points earned) and black list (deductions):
public, names masked; the black list only where the community has made it public, and
either list only until its listing time has passed."""

from __future__ import annotations

import calendar
import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.carry_over import Source
from ledger.domain.errors import Refused
from ledger.domain.numbering import household_order
from ledger.domain.privacy import masked_name
from ledger.messages import catalog
from ledger.store import boards, queries
from ledger.store.queries import publicity as publicity_reads


async def board(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    colour: str,
    year: int,
    month: int,
    group_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The month's list, masked; with `group_id`, the same list kept to that group's
    households (a group board: each 小组 sees its own, under the same policy)."""
    kind = kinds.AWARD_CONFIRMED if colour == "red" else kinds.DEDUCTION_RECORDED
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    # One read: the policy, today, the chain's head and the list (the red list's size is the
    # community's own). The checks below come after it and refuse before anything is shown.
    listed = await boards.monthly(pool, community_id, kind, first, None if colour == "red" else 100, group_id)
    if listed is None:
        raise Refused("not_found", "no such community")
    settings = listed.policy
    today = settings["today"]
    if colour == "black" and not settings["black_board_public"]:
        raise Refused("not_found", "this community does not publish a black list")
    if first > today:
        raise Refused("validation_failed", "that month has not begun")
    expires_on = last + datetime.timedelta(days=settings["board_listing_days"])
    if today > expires_on:
        raise Refused(
            "not_found",
            "the list for {month} was taken down on {taken_down_on}",
            month=f"{year}-{month:02d}",
            taken_down_on=expires_on.isoformat(),
        )
    rows, head_seq, head_hash = listed.entries, listed.head_seq, listed.head_hash
    return {
        "community": settings["name"],
        "list": "红榜 red" if colour == "red" else "黑榜 black",
        "month": f"{year:04d}-{month:02d}",
        "shown_until": expires_on.isoformat(),
        "entries": [
            {
                "rank": rank,
                "household": f"{row['number']} {masked_name(row['head_name'])}",
                "points": row["points"],
                "times": row["times"],
            }
            for rank, row in enumerate(rows, 1)
        ],
        "head_seq": head_seq,
        "head_hash": head_hash.hex(),
    }


def _posted(row: Any) -> dict[str, Any]:
    carried_in = None
    if row["subject"] == "carry_in":  # a passbook's balance, posted for the household to compare
        # Only the page and line on the public board: the free text the committee typed
        # (where a figure came from) may name people; the card and the staff pages show it.
        source = Source(row["source_page"], row["source_line"], None).as_body()
        carried_in = {"spendable": row["points"], "honour": row["carried_honour"], "source": source}
    return {
        "award_seq": row["award_seq"],
        "household": f"{row['number']} {masked_name(row['head_name'])}",
        "rule": (
            f"{row['rule_code']} {row['rule_name']}"
            if carried_in is None
            else catalog.carried_in_figures(row["points"], row["carried_honour"], carried_in["source"])
        ),
        "carried_in": carried_in,
        "points": row["points"],
        "occurred_on": row["occurred_on"].isoformat(),
        "ends_on": row["ends_on"].isoformat(),
        "open_objections": row["open_objections"],
        "staff_household": row["staff_household"],  # marked, as DESIGN §2 asks
    }


async def publicity_board(pool: asyncpg.Pool, community_id: uuid.UUID) -> dict[str, Any]:
    """The public notice board (公示栏): awards in publicity with masked names, and the head
    of the community's chain, so a printed board can be checked against the record later."""
    community = await queries.community(pool, community_id)
    if community is None:
        raise Refused("not_found", "no such community")
    return {
        "community": community["name"],
        "head_seq": community["head_seq"],
        "head_hash": community["head_hash"].hex(),
        # Sorted as the village numbers its households, so a family finds its own line.
        "items": [
            _posted(row)
            for row in sorted(
                await publicity_reads.board(pool, community_id),
                key=lambda row: (household_order(row["number"]), row["award_seq"]),
            )
        ],
    }
