"""Honours (文明家庭, 道德模范): a grant is an honour.granted event and a bonus award that
goes through publicity like any award needing it (its rule is created on first use)."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.honours import TITLES
from ledger.store import rules
from ledger.store.record import answer_or_refusal, append, lock_head
from ledger.store.types import Connection


async def grant(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    household_id: uuid.UUID,
    title: str,
    year: int,
    note: str | None,
) -> dict[str, Any]:
    code, bonus = TITLES[title]
    async with connection.transaction():
        await lock_head(connection, community_id)
        if await connection.fetchval(
            """SELECT true FROM events WHERE community_id = $1 AND household_id = $2 AND kind = $3
                 AND body ->> 'title' = $4 AND (body ->> 'year')::int = $5""",
            community_id,
            household_id,
            kinds.HONOUR_GRANTED,
            title,
            year,
        ):
            raise Refused(
                "already_exists", "this household already holds {title} for {year}", title=title, year=year
            )
        rule_id = await _honour_rule(connection, community_id, actor_id, code, title, bonus)
        granted = await append(
            connection,
            community_id,
            kinds.HONOUR_GRANTED,
            actor_id,
            {"title": title, "year": year, "note": note},
            household_id=household_id,
        )
        award = answer_or_refusal(
            await connection.fetchval(
                "SELECT ledger_award($1, $2, $3, $4, NULL, $5, NULL, NULL, NULL)",
                community_id,
                actor_id,
                household_id,
                rule_id,
                f"{title} {year}",
            )
        )
        return {"honour_seq": granted["seq"], "award": award}


async def _honour_rule(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID, code: str, title: str, bonus: int
) -> uuid.UUID:
    """The honour's bonus rule, defined like any rule (its rule.defined event) the first time
    the honour is granted."""
    rule_id = await connection.fetchval(
        "SELECT rule_id FROM rules WHERE community_id = $1 AND code = $2", community_id, code
    )
    if rule_id is None:
        rule_id = uuid.uuid4()
        await rules.define_rule(
            connection, community_id, actor_id, rule_id, code, title, "", "honour", bonus, True
        )
    return rule_id
