"""Expected refusals, each with a stable code that clients may rely on.

A refusal is an operating answer (the household cannot afford the cart), not a bug:
it carries a code from the list below and a readable detail, and nothing was written.
"""

from __future__ import annotations

from typing import Any

REFUSAL_CODES = frozenset(
    {
        "validation_failed",
        "not_found",
        "forbidden",
        "unauthorized",
        "insufficient_points",
        "insufficient_stock",
        "insufficient_funds",
        "idempotency_conflict",
        "household_closed",
        "goods_retired",
        "rule_retired",
        "yearly_cap_reached",
        "already_reversed",
        "not_reversible",
        "already_exists",
        "body_too_large",
        "rate_limited",
        "account_locked",
        "own_proposal",
        "proposal_required",
        "evidence_required",
        "conflict_of_interest",
        "needs_supervisor",
        "already_decided",
        "redemption_window_closed",
        "pin_required",
        "pin_wrong",
        "pin_locked",
        # groups and grids (ledger/store/groups.py, ledger_proposal_refusal)
        "group_retired",
        "group_in_use",
        "grid_outside_group",
        "not_a_scorer",
        "outside_assigned_grid",
        # residents' own claims (schema/functions/claims.sql)
        "rule_not_claimable",
        "claim_limit_reached",
        # the fund under 四议两公开 (ledger/domain/resolutions.py)
        "resolution_required",
        "resolution_not_found",
        "resolution_used",
        "resolution_withdrawn",
        "over_resolved_amount",
        "quorum_not_met",
        "majority_not_reached",
        # answered by the HTTP edge while PostgreSQL cannot be reached (ledger/store/pool.py)
        "database_unavailable",
    }
)


class Refused(Exception):
    """`message` is a stable English template whose {names} come from `context` (the
    numbers that matter); `ledger.messages.catalog` holds its words in every language,
    and `detail` is the English text."""

    # Positional-only: a template may name a `code` of its own ("rule code {code} …").
    def __init__(self, code: str, message: str, /, **context: Any) -> None:
        assert code in REFUSAL_CODES, code
        self.code = code
        self.message = message
        self.context = context
        try:
            self.detail = message.format(**context)
        except (KeyError, IndexError, ValueError):  # a message that is not a template
            self.detail = message
        super().__init__(self.detail)
