"""A redemption: a household's cart at the love supermarket, all or nothing, through the
group-commit batcher (DESIGN §7), so that concurrent redemptions of a community share one
commit. The API's /redemptions and the counter's redemption by card both come through here:
one cart path."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.domain import commands
from ledger.store.group_commit import RedemptionBatcher


async def redeem(
    batcher: RedemptionBatcher,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.Redeem,
    idempotency_key: str | None,
    request_digest: bytes | None = None,
) -> dict[str, Any]:
    """The cart's lines merged (one per goods item, in lock order) and redeemed. Its rules —
    the redemption window, fairness, points and stock — are checked inside the batch's
    transaction, under the head lock, by the SQL function ledger_redeem_after. A caller that
    identifies the household another way (a card) names its own `request_digest`, of the
    command as it was sent, so that a retry of that command replays."""
    lines = commands.merged_lines(command.lines)
    digest = commands.request_digest("redeem", command) if request_digest is None else request_digest
    return await batcher.redeem(community_id, actor_id, command.household_id, lines, idempotency_key, digest)
