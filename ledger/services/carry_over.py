"""Carry-over from paper (期初结转), one function per use case: propose a sheet of
households' balances (or only check it), propose the fund's opening balance, and decide a
proposal. Each owns its transaction and checks every rule inside it, under the community's
head lock: the sheet row by row (all or nothing), at most one carry-in per household,
maker-checker (never the proposer), and fairness (nobody proposes or decides for a
household linked to them; a staff member's own household is the supervision committee's).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from ledger.domain import carry_over
from ledger.domain.carry_over import CarryInLine, FundOpening
from ledger.domain.commands import Decide
from ledger.domain.errors import Refused
from ledger.domain.roles import DECIDE_CARRY_OVER, PROPOSE_CARRY_OVER, Role
from ledger.domain.spreadsheet import RowNote, RowProblem
from ledger.messages import words
from ledger.services.spreadsheets import read_rows
from ledger.store import carry_over as store
from ledger.store import fairness, queries
from ledger.store.record import lock_head


@dataclass
class SheetReport:
    """What a sheet holds and what is wrong with it, row by row; `carry_over_id` once it is
    proposed (never when checking only, never with a problem)."""

    rows: int = 0
    spendable: int = 0
    honour: int = 0
    staff_households: list[str] = field(default_factory=list)  # their approval is the supervisors'
    carry_over_id: str | None = None
    proposed_seq: int | None = None
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        return self.carry_over_id is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "proposed": self.proposed,
            "carry_over_id": self.carry_over_id,
            "proposed_seq": self.proposed_seq,
            "households": self.rows,
            "spendable": self.spendable,
            "honour": self.honour,
            "staff_households": self.staff_households,
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
            "notes": [dataclasses.asdict(note) for note in self.notes],
        }


_LINE_STATES = {
    "proposed": ("待审批", "waiting for approval"),
    "publicity": ("公示中", "in publicity"),
    "confirmed": ("已生效", "in effect"),
}


def _refuse_unless_proposer(roles: frozenset[str]) -> None:
    if not roles & PROPOSE_CARRY_OVER:
        raise Refused("forbidden", "the committee proposes a carry-over")


async def propose_sheet(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    roles: frozenset[str],
    content: bytes,
    file_name: str | None,
    check_only: bool,
) -> SheetReport:
    _refuse_unless_proposer(roles)
    lines, problems, notes = carry_over.parse(
        await read_rows(content), await queries.household_numbers(pool, community_id)
    )
    report = SheetReport(rows=len(lines), problems=problems, notes=notes)
    if problems:
        return report
    async with pool.acquire() as connection, connection.transaction():
        if not check_only:  # checking only holds up no redemption: it writes nothing
            await lock_head(connection, community_id)
        resolved = await _checked_against_the_record(connection, community_id, proposer_id, lines, report)
        if report.problems or check_only:
            return report  # nothing was written
        carry_over_id = uuid.uuid4()
        file_name = (file_name or "")[:200] or None
        report.proposed_seq = await store.propose_households(
            connection, community_id, proposer_id, carry_over_id, file_name, resolved
        )
        report.carry_over_id = str(carry_over_id)
    return report


async def _checked_against_the_record(
    connection: Any,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    lines: list[CarryInLine],
    report: SheetReport,
) -> list[tuple[CarryInLine, uuid.UUID]]:
    """What only the record knows, as row problems: the household registered and living
    here, its head as the sheet names them, not carried in yet, not linked to the proposer."""
    found = await store.households_by_number(connection, community_id, [line.number for line in lines])
    ids = [row["household_id"] for row in found.values()]
    live = await store.live_carry_ins(connection, community_id, ids)
    linked = await fairness.linked_households(connection, community_id, proposer_id)
    staff_homes = await fairness.staff_households(connection, community_id, ids)
    column = carry_over.HEADERS["number"][0]
    resolved = []
    for line in lines:
        household = found.get(line.number)

        def problem(
            message: str, column: str = column, value: str = line.number, row: int = line.row
        ) -> None:
            report.problems.append(RowProblem(row, column, value, message))

        if household is None:
            problem(
                words("没有这个户号：请先在户籍中登记", "no household has this number: register it first")
            )
            continue
        if household["status"] != "active":
            problem(words("此户已迁出或注销", "this household has moved out or closed"))
        if line.head_name is not None and line.head_name != household["head_name"]:
            problem(
                words(
                    f"户主与登记的不同（登记为 {household['head_name']}）",
                    f"the head differs from the register ({household['head_name']})",
                ),
                carry_over.HEADERS["head_name"][0],
                line.head_name,
            )
        earlier = live.get(household["household_id"])
        if earlier is not None:
            state = words(*_LINE_STATES[earlier["status"]])
            problem(
                words(
                    f"此户已结转过（记录 #{earlier['proposed_seq']}，{state}），每户只能结转一次",
                    f"this household is already carried over (entry #{earlier['proposed_seq']}, {state}); "
                    "a household is carried over once",
                )
            )
        if household["household_id"] in linked:
            problem(
                words(
                    "此户与你关联（本人或亲属户），须由他人提议",
                    "this household is linked to you (your own or declared related): someone else must propose it",
                )
            )
        if household["household_id"] in staff_homes:
            report.staff_households.append(line.number)
        resolved.append((line, household["household_id"]))
    report.problems.sort(key=lambda problem: problem.row)
    report.spendable = sum(line.spendable for line in lines)
    report.honour = sum(line.honour for line in lines)
    return resolved


async def propose_fund(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    roles: frozenset[str],
    command: FundOpening,
) -> dict[str, Any]:
    _refuse_unless_proposer(roles)
    async with pool.acquire() as connection, connection.transaction():
        await lock_head(connection, community_id)
        existing = await store.live_fund_opening(connection, community_id)
        if existing is not None:
            raise Refused(
                "already_exists",
                "the fund's opening balance is already carried over (entry #{seq}); it is carried over once",
                seq=existing["proposed_seq"],
            )
        carry_over_id = uuid.uuid4()
        seq = await store.propose_fund(
            connection, community_id, proposer_id, carry_over_id, command.amount_fen, command.reference
        )
    return {"carry_over_id": str(carry_over_id), "proposed_seq": seq, "amount_fen": command.amount_fen}


async def decide(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    roles: frozenset[str],
    carry_over_id: uuid.UUID,
    command: Decide,
) -> dict[str, Any]:
    """Approve or reject a proposal, all of it: another committee member or the supervision
    committee decides, never its proposer."""
    if not roles & DECIDE_CARRY_OVER:
        raise Refused("forbidden", "the committee or the supervision committee decides a carry-over")
    async with pool.acquire() as connection, connection.transaction():
        await lock_head(connection, community_id)
        proposal = await store.proposal(connection, community_id, carry_over_id)
        if proposal is None:
            raise Refused("not_found", "no such carry-over in this community")
        if proposal["status"] != "proposed":
            raise Refused(
                "already_decided",
                "this carry-over was already decided ({status})",
                status=proposal["status"],
            )
        if proposal["proposer_id"] == decider_id:
            raise Refused("own_proposal", "nobody approves or rejects a carry-over they proposed")
        if proposal["subject"] == "households":
            await _refuse_unless_theirs_to_decide(
                connection, community_id, decider_id, roles, carry_over_id, command.approve
            )
        answer = await store.decide(
            connection,
            community_id,
            decider_id,
            carry_over_id,
            proposal["subject"],
            command.approve,
            command.reason,
        )
    answer["status"] = "approved" if command.approve else "rejected"
    return answer


async def _refuse_unless_theirs_to_decide(
    connection: Any,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    roles: frozenset[str],
    carry_over_id: uuid.UUID,
    approve: bool,
) -> None:
    lines = await store.proposal_lines(connection, community_id, carry_over_id)
    linked = await fairness.linked_households(connection, community_id, decider_id)
    for line in lines:
        if line["household_id"] in linked:
            raise Refused(
                "conflict_of_interest",
                "household {number} (row {row}) is linked to you (your own or declared related): "
                "someone else must decide this carry-over",
                number=line["number"],
                row=line["sheet_row"],
            )
    staff_homes = await fairness.staff_households(
        connection, community_id, [line["household_id"] for line in lines]
    )
    if staff_homes and Role.SUPERVISOR not in roles:
        first = next(line for line in lines if line["household_id"] in staff_homes)
        raise Refused(
            "needs_supervisor",
            "household {number} (row {row}) is a staff member's household: "
            "the supervision committee decides this carry-over",
            number=first["number"],
            row=first["sheet_row"],
        )
    if approve:
        for line in lines:
            if line["household_status"] != "active":
                raise Refused(
                    "household_closed",
                    "household {number} (row {row}) has moved out or closed since the sheet was proposed; "
                    "reject the sheet and propose it again without it",
                    number=line["number"],
                    row=line["sheet_row"],
                )


async def carry_overs(pool: asyncpg.Pool, community_id: uuid.UUID, limit: int) -> list[dict[str, Any]]:
    return [_listed(row) for row in await store.carry_overs(pool, community_id, limit)]


def _listed(row: asyncpg.Record) -> dict[str, Any]:
    listed = {
        "carry_over_id": str(row["carry_over_id"]),
        "subject": row["subject"],
        "status": row["status"],
        "proposer": row["proposer"],
        "proposer_id": str(row["proposer_id"]),
        "proposed_seq": row["proposed_seq"],
        "proposed_at": row["proposed_at"].isoformat(),
        "decider": row["decider"],
        "decided_seq": row["decided_seq"],
        "reason": row["reason"],
    }
    if row["subject"] == "fund":
        return listed | {"amount_fen": row["fund_fen"], "reference": row["fund_reference"]}
    return listed | {
        "file_name": row["file_name"],
        "households": row["households"],
        "spendable": row["spendable"],
        "honour": row["honour"],
        "in_publicity": row["in_publicity"],
        "confirmed": row["confirmed"],
        "rejected": row["rejected"],
    }


async def carry_over_lines(
    pool: asyncpg.Pool, community_id: uuid.UUID, carry_over_id: uuid.UUID, limit: int | None = None
) -> list[dict[str, Any]]:
    if await store.proposal(pool, community_id, carry_over_id) is None:
        raise Refused("not_found", "no such carry-over in this community")
    return [
        {
            "household_id": str(line["household_id"]),
            "number": line["number"],
            "row": line["sheet_row"],
            "spendable": line["spendable"],
            "honour": line["honour"],
            "source": carry_over.Source(
                line["source_page"], line["source_line"], line["source_text"]
            ).as_body(),
            "status": line["status"],
            "posted_seq": line["posted_seq"],
            "carried_seq": line["carried_seq"],
        }
        for line in await store.proposal_lines(pool, community_id, carry_over_id, limit)
    ]
