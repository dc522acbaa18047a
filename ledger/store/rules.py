"""The rule catalog's changes, under the head lock like every write."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.honours import is_honour_rule
from ledger.store.record import append, insert_or_refuse, lock_head
from ledger.store.types import Connection

FIELDS = ("name", "name_en", "category", "points", "needs_publicity", "needs_evidence", "claimable", "status")


async def change_rule(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    rule_id: uuid.UUID,
    changes: dict[str, Any],
) -> bool:
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await connection.fetchrow(
            f"SELECT code, {', '.join(FIELDS)} FROM rules WHERE community_id = $1 AND rule_id = $2",  # noqa: S608 fixed names
            community_id,
            rule_id,
        )
        if current is None:
            raise Refused("not_found", "no such rule in this community")
        if is_honour_rule(current["code"]):
            raise Refused(
                "forbidden",
                "an honour's bonus rule is fixed (文明家庭 50, 道德模范 100, always in publicity)",
            )
        different = {k: v for k, v in changes.items() if v is not None and current[k] != v}
        if not different:
            return False
        if different.get("points") == 0:
            raise Refused("validation_failed", "a rule gives or takes at least one point")
        if (
            different.get("claimable", current["claimable"])
            and different.get("points", current["points"]) < 0
        ):
            raise Refused("validation_failed", "residents claim awards only, never a deduction")
        kind = kinds.RULE_RETIRED if different.get("status") == "retired" else kinds.RULE_CHANGED
        await append(
            connection,
            community_id,
            kind,
            actor_id,
            {"rule_id": str(rule_id), "changes": different, "before": {k: current[k] for k in different}},
        )
        await connection.execute(
            """UPDATE rules SET name = coalesce($3, name), name_en = coalesce($4, name_en),
                   category = coalesce($5, category), points = coalesce($6, points),
                   needs_publicity = coalesce($7, needs_publicity), needs_evidence = coalesce($8, needs_evidence),
                   claimable = coalesce($9, claimable), status = coalesce($10, status)
               WHERE community_id = $1 AND rule_id = $2""",
            community_id,
            rule_id,
            *(different.get(field) for field in FIELDS),
        )
        return True


async def define_rule(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    rule_id: uuid.UUID,
    code: str,
    name: str,
    name_en: str,
    category: str,
    points: int,
    needs_publicity: bool,
    needs_evidence: bool = False,
    claimable: bool = False,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.RULE_DEFINED,
            actor_id,
            {
                "rule_id": str(rule_id),
                "code": code,
                "name": name,
                "name_en": name_en,
                "category": category,
                "points": points,
                "needs_publicity": needs_publicity,
                "needs_evidence": needs_evidence,
                "claimable": claimable,
            },
        )
        await insert_or_refuse(
            connection,
            """INSERT INTO rules (community_id, rule_id, code, name, name_en, category, points, needs_publicity,
                                  needs_evidence, claimable)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
            (
                community_id,
                rule_id,
                code,
                name,
                name_en,
                category,
                points,
                needs_publicity,
                needs_evidence,
                claimable,
            ),
            "rule code {code} is already defined",
            code=code,
        )
        return int(event["seq"])
