"""The fold of a community's log into its projections (invariants 1 and 10).

Each event carries everything its effect needs (deltas in columns, stock lines in its
body), so the fold never looks anything up: replaying the log gives the projections.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ledger.domain import activity as monthly
from ledger.domain import events as kinds
from ledger.domain.events import EventEffect


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
    # Carry-over from paper: each household's carry-in that has not ended without effect
    # ("proposed", "publicity" or "confirmed"; at most one a household), and the fund's.
    carried_in: dict[str, str] = field(default_factory=dict)
    fund_opening: str | None = None
    # Groups and grids: group_id → (kind, name, parent_id, status); household → (group_id,
    # grid_id, seq of its move); "user_id grid_id" → seq of the assignment.
    groups: dict[str, tuple[str, str, str | None, str]] = field(default_factory=dict)
    places: dict[str, tuple[str, str | None, int]] = field(default_factory=dict)
    scorer_grids: dict[str, int] = field(default_factory=dict)
    # The fund's resolutions (四议两公开): each one's (expenditure seq, receipt seq, withdrawal
    # seq), None until it is used, until its receipt is added, and unless it is withdrawn.
    fund_resolutions: dict[str, tuple[int | None, int | None, int | None]] = field(default_factory=dict)
    # Activity by month (domain/activity.py): a community's figures per month, and each
    # household month with an award, a deduction or a redemption.
    activity: dict[datetime.date, monthly.MonthActivity] = field(default_factory=dict)
    households_taking_part: set[tuple[datetime.date, str]] = field(default_factory=set)
    # The red and black lists' figures (schema/0027): (month, kind, household) → (points,
    # entries) of its confirmed awards or recorded deductions not reversed; none once all are.
    month_points: dict[tuple[datetime.date, str, str], tuple[int, int]] = field(default_factory=dict)
    # What the fold follows them by (not projections): a sheet's households, a posting's.
    sheet_households: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    posted_households: dict[int, str] = field(default_factory=dict, compare=False, repr=False)
    # Each entry a reversal may take back: its month and kind.
    figure_entries: dict[int, tuple[datetime.date, str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def apply(self, event: EventEffect) -> None:
        household_id = event.household_id
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
            case (
                kinds.CARRY_OVER_PROPOSED
                | kinds.CARRY_OVER_REJECTED
                | kinds.CARRY_IN_POSTED
                | kinds.CARRY_IN_CONFIRMED
            ):
                self._carry_over(event)
            case (
                kinds.GROUP_CREATED
                | kinds.GROUP_RENAMED
                | kinds.GROUP_RETIRED
                | kinds.HOUSEHOLD_MOVED
                | kinds.GRID_ASSIGNED
                | kinds.GRID_UNASSIGNED
            ):
                self._groups(event)
            case kinds.FUND_CARRIED_IN:
                self.fund_opening = "confirmed"
            case kinds.FUND_RESOLVED:
                self.fund_resolutions[body["resolution_id"]] = (None, None, None)
            case kinds.FUND_SPENT if body.get("resolution_id") is not None:
                self.fund_resolutions[body["resolution_id"]] = (event.seq, None, None)
            case kinds.FUND_RECEIPT_ADDED:
                self.fund_resolutions[body["resolution_id"]] = (body["expenditure_seq"], event.seq, None)
            case kinds.FUND_RESOLUTION_WITHDRAWN:  # only an unused one is withdrawn
                self.fund_resolutions[body["resolution_id"]] = (None, None, event.seq)
            case kinds.OBJECTION_UPHELD:
                # An upheld objection to a carried-in balance on the board rejects it.
                household = self.posted_households.pop(body["award_seq"], None)
                if household is not None and self.carried_in.get(household) == "publicity":
                    del self.carried_in[household]
        self.fund_fen += event.money_delta_fen
        if event.kind in monthly.FIGURE_KINDS or event.kind in monthly.REVERSING_KINDS:
            self._count_activity(event, household_id)
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

    def _count_activity(self, event: EventEffect, household_id: str | None) -> None:
        if event.kind in monthly.REVERSING_KINDS:
            reversed_entry = self.figure_entries.get(event.body["reversed_seq"])
            if reversed_entry is None:
                return
            month, figure_kind = reversed_entry
        else:
            month, figure_kind = monthly.month_of(event.occurred_on), event.kind
            self.figure_entries[event.seq] = (month, figure_kind)
        activity = self.activity.setdefault(month, monthly.MonthActivity())
        monthly.add_figure(activity, figure_kind, event)
        if figure_kind in monthly.LISTED_KINDS and household_id is not None:
            self._count_points((month, figure_kind, household_id), event)
        if event.kind in monthly.TAKING_PART_KINDS and household_id is not None:
            if (month, household_id) not in self.households_taking_part:
                self.households_taking_part.add((month, household_id))
                activity.households_taking_part += 1

    def _count_points(self, key: tuple[datetime.date, str, str], event: EventEffect) -> None:
        # A reversal carries its entry's points negated: both, and the entry, come back out.
        points, times = self.month_points.get(key, (0, 0))
        points += event.honour_delta
        times += -1 if event.kind in monthly.REVERSING_KINDS else 1
        if (points, times) == (0, 0):
            self.month_points.pop(key, None)
        else:
            self.month_points[key] = (points, times)

    def _carry_over(self, event: EventEffect) -> None:
        body = event.body
        if event.kind == kinds.CARRY_OVER_PROPOSED and body["subject"] == "fund":
            self.fund_opening = "proposed"
        elif event.kind == kinds.CARRY_OVER_PROPOSED:
            households = [line["household_id"] for line in body["lines"]]
            self.sheet_households[body["carry_over_id"]] = households
            self.carried_in.update(dict.fromkeys(households, "proposed"))
        elif event.kind == kinds.CARRY_OVER_REJECTED and body["subject"] == "fund":
            self.fund_opening = None
        elif event.kind == kinds.CARRY_OVER_REJECTED:
            for household in self.sheet_households.pop(body["carry_over_id"]):
                del self.carried_in[household]
        elif event.kind == kinds.CARRY_IN_POSTED:
            assert event.household_id is not None
            self.carried_in[event.household_id] = "publicity"
            self.posted_households[event.seq] = event.household_id
        else:
            assert event.household_id is not None
            self.carried_in[event.household_id] = "confirmed"
            if body.get("publicity_seq") is not None:  # it waited on the board
                self.posted_households.pop(int(body["publicity_seq"]), None)

    def _groups(self, event: EventEffect) -> None:
        body = event.body
        if event.kind == kinds.GROUP_CREATED:
            self.groups[body["group_id"]] = (body["kind"], body["name"], body["parent_id"], "active")
        elif event.kind == kinds.GROUP_RENAMED:
            kind, _, parent, status = self.groups[body["group_id"]]
            self.groups[body["group_id"]] = (kind, body["name"], parent, status)
        elif event.kind == kinds.GROUP_RETIRED:
            kind, name, parent, _ = self.groups[body["group_id"]]
            self.groups[body["group_id"]] = (kind, name, parent, "retired")
            # A retired grid is nobody's to look after (ledger/store/groups.py).
            for key in [key for key in self.scorer_grids if key.endswith(" " + body["group_id"])]:
                del self.scorer_grids[key]
        elif event.kind == kinds.HOUSEHOLD_MOVED:
            assert event.household_id is not None
            self.places[event.household_id] = (body["group_id"], body["grid_id"], event.seq)
        elif event.kind == kinds.GRID_ASSIGNED:
            self.scorer_grids[f"{body['user_id']} {body['grid_id']}"] = event.seq
        else:
            del self.scorer_grids[f"{body['user_id']} {body['grid_id']}"]
