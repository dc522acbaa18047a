"""The fold of a community's log into its projections (invariants 1 and 10).

Each event carries everything its effect needs (deltas in columns, stock lines in its
body), so the fold never looks anything up: replaying the log gives the projections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.domain import events as kinds
from ledger.domain.events import Event


@dataclass(slots=True)
class HouseholdFigures:
    spendable: int = 0
    pending: int = 0
    honour: int = 0
    last_seq: int = 0


@dataclass(slots=True)
class Projection:
    households: dict[str, HouseholdFigures] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    reversed_seqs: dict[int, int] = field(default_factory=dict)  # reversed seq → reversal seq
    fund_fen: int = 0

    def apply(self, event: Event) -> None:
        household_id = None if event.household_id is None else str(event.household_id)
        body = event.body
        match event.kind:
            case kinds.HOUSEHOLD_REGISTERED:
                assert household_id is not None
                self.households[household_id] = HouseholdFigures(last_seq=event.seq)
            case kinds.GOODS_LISTED:
                self.stock[body["goods_id"]] = 0
            case kinds.STOCK_RECEIVED:
                self.stock[body["goods_id"]] += body["quantity"]
            case kinds.STOCK_WRITTEN_OFF:
                self.stock[body["goods_id"]] -= body["quantity"]
            case kinds.STOCK_COUNTED:
                self.stock[body["goods_id"]] += body["difference"]
            case kinds.REDEMPTION_MADE:
                for line in body["lines"]:
                    self.stock[line["goods_id"]] -= line["quantity"]
            case kinds.REVERSAL_RECORDED | kinds.REDEMPTION_CANCELLED:
                for line in body["stock"]:
                    self.stock[line["goods_id"]] += line["quantity"]
                self.reversed_seqs[body["reversed_seq"]] = event.seq
        self.fund_fen += event.money_delta_fen
        if (
            household_id is not None
            and event.kind != kinds.HOUSEHOLD_REGISTERED
            and (event.spendable_delta or event.pending_delta or event.honour_delta)
        ):
            figures = self.households[household_id]
            figures.spendable += event.spendable_delta
            figures.pending += event.pending_delta
            figures.honour += event.honour_delta
            figures.last_seq = event.seq
