"""Fairness (DESIGN §2): nobody acts on a household linked to them (their own, or one they
declared related), a staff member's own household is the supervision committee's to award,
and only that committee corrects the record.

Where each check is made, once for each command (each in the transaction that commits it,
after the community's head lock, so that a link declared meanwhile is seen):
- here, a pure rule, asked by the use cases that read the links themselves: a direct award
  (AWARD), an honour (DECIDE), a reversal (REVERSE), a ruling on an objection
  (DECIDE_OBJECTION);
- in SQL, where the command is one call of a PL/pgSQL function so that it stays one round
  trip (on Citus one call delegated to the community's worker): a redemption in
  ledger_redeem_after (schema/functions/redemptions.sql; group commit, DESIGN §7), a
  proposal in ledger_proposal_refusal and a decision on proposals in
  ledger_decision_refusal (schema/functions/proposals.sql) — a proposal: no household
  linked to the proposer; a decision: the DECIDE rule below, as it is written here —
  refusing with the same codes and numbers."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ledger.domain.errors import Refused
from ledger.domain.roles import REVERSE, Role


class Act(enum.Enum):
    """What the acting user does to the households a command touches."""

    AWARD = "award"  # a direct award or deduction by the committee
    DECIDE = "decide"  # granting an honour (deciding proposals: ledger_decision_refusal)
    REVERSE = "reverse"  # correcting the record
    DECIDE_OBJECTION = "decide_objection"  # upholding or dismissing an objection


@dataclass(frozen=True)
class Links:
    """What the rule needs to know of the record, read in the committing transaction."""

    # The households linked to the acting user (own or declared related); none for the system.
    linked_to_actor: frozenset[uuid.UUID]
    # Of the households the command touches, those that are some staff member's own.
    staff_households: frozenset[uuid.UUID]


def refusal(
    act: Act, touched: Sequence[uuid.UUID], links: Links, roles: frozenset[str] = frozenset()
) -> Refused | None:
    """The refusal of the command, or None when fairness lets it go on. `roles` are the acting
    user's roles in the community (what the edge's guard let through)."""
    if act is Act.REVERSE and not roles & REVERSE:
        return Refused("forbidden", "only the supervision committee reverses entries")
    linked = next((household for household in touched if household in links.linked_to_actor), None)
    if linked is not None:
        return Refused(
            "conflict_of_interest",
            "this household is linked to you (your own or declared related): someone else must do it",
            household_id=str(linked),
        )
    staff_homes = links.staff_households & set(touched)
    if act is Act.AWARD and staff_homes:
        return Refused(
            "needs_supervisor",
            "an award to a staff member's household goes through a proposal that the "
            "supervision committee decides",
        )
    if act is Act.DECIDE:
        return _refusal_of_decision(touched, staff_homes, roles)
    return None


def _refusal_of_decision(
    touched: Sequence[uuid.UUID], staff_homes: frozenset[uuid.UUID], roles: frozenset[str]
) -> Refused | None:
    """An award to a staff member's own household is the supervision committee's to decide;
    every other award is the committee's."""
    if staff_homes and Role.SUPERVISOR not in roles:
        return Refused(
            "needs_supervisor",
            "an award to a staff member's household needs the supervision committee's decision",
            household_id=str(min(staff_homes)),
        )
    if set(touched) - staff_homes and Role.COMMITTEE not in roles:
        return Refused(
            "forbidden", "the committee decides awards for households that are not staff households"
        )
    return None


def refuse(act: Act, touched: Sequence[uuid.UUID], links: Links, roles: frozenset[str] = frozenset()) -> None:
    """Raise the refusal, if fairness has one."""
    refused = refusal(act, touched, links, roles)
    if refused is not None:
        raise refused


def free_of_links(households: Iterable[uuid.UUID], linked_to_actor: frozenset[uuid.UUID]) -> list[uuid.UUID]:
    """The households the acting user may act on at all: those not linked to them (what a
    choice of "every household" offers, so that it is not refused whole)."""
    return [household for household in households if household not in linked_to_actor]
