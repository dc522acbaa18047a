"""Publicity (公示): objections raised and decided, and awards confirmed when it ends (what is
on the board is read in ledger.store.queries.publicity)."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from ledger import limits
from ledger.domain import events as kinds
from ledger.domain import fairness
from ledger.domain.errors import Refused
from ledger.store import carry_over
from ledger.store import fairness as fairness_store
from ledger.store.record import append, lock_head
from ledger.store.types import Connectable, Connection


@dataclass(frozen=True)
class Objector:
    """Who objects, as far as the objection limits need to know: the board's form by the
    address its request came from, a card's page by the card's household (staff entering
    an objection on someone's behalf are not counted)."""

    via: Literal["board", "card", "staff"]
    address: str | None = None
    card_household_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        assert (self.via == "board") == (self.address is not None), self
        assert (self.via == "card") == (self.card_household_id is not None), self

    @classmethod
    def from_board(cls, address: str) -> Objector:
        return cls("board", address=address)

    @classmethod
    def with_card(cls, household_id: uuid.UUID) -> Objector:
        return cls("card", card_household_id=household_id)


def address_digest(community_id: uuid.UUID, address: str) -> bytes:
    """The same address gives the same digest within a community and unrelated ones across
    communities; the address itself is not kept."""
    return hashlib.sha256(community_id.bytes + address.encode()).digest()


async def raise_objection(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    award_seq: int,
    reason: str,
    objector: Objector,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Record an objection to an award in publicity, within the objection limits.

    `today` is the community's own date unless a test names the day. The limits are counted
    under the head lock, in the transaction that records the objection, so concurrent posts
    from one address or card cannot pass them together."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        item = await connection.fetchrow(
            "SELECT household_id, status FROM publicity WHERE community_id = $1 AND award_seq = $2",
            community_id,
            award_seq,
        )
        if item is None:
            raise Refused("not_found", "no such item on the publicity board")
        if item["status"] != "open":
            raise Refused("already_decided", "its publicity is over")
        day = await connection.fetchrow(
            """SELECT (now() AT TIME ZONE time_zone)::date AS today,
                      ceil(extract(epoch FROM ((((now() AT TIME ZONE time_zone)::date + 1)::timestamp
                                                AT TIME ZONE time_zone) - now())))::integer AS seconds_left
               FROM communities WHERE community_id = $1""",
            community_id,
        )
        assert day is not None, "a publicity item belongs to a community"
        raised_on = today or day["today"]
        digest = None if objector.address is None else address_digest(community_id, objector.address)
        await _refuse_past_the_limits(
            connection, community_id, award_seq, objector, digest, raised_on, day["seconds_left"]
        )
        objection_id = uuid.uuid4()
        event = await append(
            connection,
            community_id,
            kinds.OBJECTION_RAISED,
            actor_id,
            {
                "objection_id": str(objection_id),
                "award_seq": award_seq,
                "reason": reason,
                "via": objector.via,
            },
            household_id=item["household_id"],
        )
        await connection.execute(
            """INSERT INTO objections (community_id, objection_id, award_seq, reason, via, raised_seq,
                                       address_digest, card_household_id, raised_on)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
            community_id,
            objection_id,
            award_seq,
            reason,
            objector.via,
            event["seq"],
            digest,
            objector.card_household_id,
            raised_on,
        )
        return {"objection_id": str(objection_id), "event_seq": event["seq"]}


async def _refuse_past_the_limits(
    connection: Connection,
    community_id: uuid.UUID,
    award_seq: int,
    objector: Objector,
    digest: bytes | None,
    raised_on: datetime.date,
    seconds_left_today: int,
) -> None:
    if digest is None and objector.card_household_id is None:
        return  # entered by staff, who answer for it by name
    counts = await connection.fetchrow(
        """SELECT count(*) FILTER (WHERE award_seq = $2 AND status = 'open') AS open_on_award,
                  count(*) FILTER (WHERE raised_on = $3) AS today
           FROM objections
           WHERE community_id = $1 AND (address_digest = $4 OR card_household_id = $5)""",
        community_id,
        award_seq,
        raised_on,
        digest,
        objector.card_household_id,
    )
    assert counts is not None
    if objector.via == "card":
        open_max, day_max = limits.OBJECTIONS_OPEN_PER_AWARD_PER_CARD, limits.OBJECTIONS_PER_DAY_PER_CARD
    else:
        open_max, day_max = (
            limits.OBJECTIONS_OPEN_PER_AWARD_PER_ADDRESS,
            limits.OBJECTIONS_PER_DAY_PER_ADDRESS,
        )
    # One open objection holds the award back already: a second from the same source adds
    # nothing the supervision committee would not read in the first.
    if counts["open_on_award"] >= open_max:
        if objector.via == "card":
            raise Refused(
                "already_exists",
                "this card already has an open objection to item #{award_seq}; "
                "the supervision committee will look into it",
                award_seq=award_seq,
            )
        raise Refused(
            "already_exists",
            "this address already has an open objection to item #{award_seq}; "
            "the supervision committee will look into it",
            award_seq=award_seq,
        )
    if counts["today"] >= day_max:
        # A limit of the day, so the client may try again when the community's day turns.
        if objector.via == "card":
            raise Refused(
                "rate_limited",
                "{count} objections from this card today; at most {limit} a day",
                count=counts["today"],
                limit=day_max,
                retry_after=seconds_left_today,
            )
        raise Refused(
            "rate_limited",
            "{count} objections from this address today; at most {limit} a day",
            count=counts["today"],
            limit=day_max,
            retry_after=seconds_left_today,
        )


async def decide_objection(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    objection_id: uuid.UUID,
    uphold: bool,
    reason: str,
) -> dict[str, Any]:
    """Uphold: the award is rejected and its pending points go (never spendable).
    Dismiss: the objection no longer holds the award back."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        row = await connection.fetchrow(
            """SELECT o.status, o.award_seq, p.household_id, p.points, p.status AS publicity_status
               FROM objections o JOIN publicity p USING (community_id, award_seq)
               WHERE o.community_id = $1 AND o.objection_id = $2""",
            community_id,
            objection_id,
        )
        if row is None:
            raise Refused("not_found", "no such objection in this community")
        if row["status"] != "open":
            raise Refused("already_decided", "the objection was already {status}", status=row["status"])
        households = [row["household_id"]]
        links = await fairness_store.links(connection, community_id, actor_id, households)
        fairness.refuse(fairness.Act.DECIDE_OBJECTION, households, links)
        releases = max(row["points"], 0) if uphold and row["publicity_status"] == "open" else 0
        event = await connection.fetchrow(
            "SELECT seq FROM ledger_append($1, $2, NULL, $3, $4, 0, $5, 0, 0, $6, NULL, NULL)",
            community_id,
            kinds.OBJECTION_UPHELD if uphold else kinds.OBJECTION_DISMISSED,
            actor_id,
            row["household_id"],
            -releases,
            {"objection_id": str(objection_id), "award_seq": row["award_seq"], "reason": reason},
        )
        assert event is not None
        await connection.execute(
            "UPDATE objections SET status = $3, decided_seq = $4 WHERE community_id = $1 AND objection_id = $2",
            community_id,
            objection_id,
            "upheld" if uphold else "dismissed",
            event["seq"],
        )
        if uphold and row["publicity_status"] == "open":
            await connection.execute(
                "UPDATE publicity SET status = 'rejected', decided_seq = $3 WHERE community_id = $1 AND award_seq = $2",
                community_id,
                row["award_seq"],
                event["seq"],
            )
            if releases:
                await connection.execute(
                    """UPDATE household_balances SET pending = pending - $3, last_seq = $4
                       WHERE community_id = $1 AND household_id = $2""",
                    community_id,
                    row["household_id"],
                    releases,
                    event["seq"],
                )
            # A carried-in balance rejected so leaves its household free for a corrected sheet.
            await carry_over.end_with_upheld_objection(
                connection, community_id, row["award_seq"], event["seq"]
            )
        return {
            "event_seq": event["seq"],
            "award_rejected": bool(uphold and row["publicity_status"] == "open"),
        }


async def confirm_due(db: Connectable, community_id: uuid.UUID, as_of: datetime.date) -> int:
    return int(await db.fetchval("SELECT ledger_confirm_due($1, $2)", community_id, as_of))


async def communities_with_due(db: Connectable) -> list[uuid.UUID]:
    """Communities with publicity ended by their own calendar (a cheap index scan)."""
    rows = await db.fetch(
        """SELECT DISTINCT p.community_id FROM publicity p JOIN communities c USING (community_id)
           WHERE p.status = 'open' AND p.ends_on < (now() AT TIME ZONE c.time_zone)::date"""
    )
    return [row["community_id"] for row in rows]
