"""Under /api/v1/communities/{community_id}: rules, goods, the ledger's commands and the
record itself (households are in households.py). Each handler names the roles it allows."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.parameters import IdempotencyKeyHeader, required_idempotency_key
from ledger.api.responses import answers, command_answer
from ledger.api.schemas import EventPage, RecordedEvent, Verification
from ledger.api.schemas.commands import AwardRecorded, Redemption, Reversal, StockReceived
from ledger.domain import commands, roles
from ledger.services import awards, records, redemptions, reversals, stock
from ledger.store import queries


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


class CommunityController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    opt = {ACCESS: staff_of_community}
    tags = ["community"]

    @post(
        "/stock-receipts",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="goods_retired, insufficient_funds (bought with fund money) or idempotency_conflict",
        ),
        opt={"roles": roles.KEEP_STOCK},
        summary="Receive stock",
    )
    async def receive_stock(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.ReceiveStock, examples.STOCK_RECEIPT],
        request: Request,
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Response[StockReceived]:
        return command_answer(
            await stock.receive_stock(
                context.pool(request), community_id, _actor(request), data, idempotency_key
            ),
            StockReceived,
        )

    @post(
        "/awards",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not the committee, or the household is linked to you (conflict_of_interest) or needs the supervision committee (needs_supervisor)",
            conflict="household_closed, rule_retired, yearly_cap_reached, evidence_required or idempotency_conflict",
        ),
        opt={"roles": roles.AWARD},
        summary="Award points by a rule (a negative rule is a deduction)",
    )
    async def award(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Award, examples.AWARD],
        request: Request,
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Response[AwardRecorded]:
        return command_answer(
            await awards.award(context.pool(request), community_id, _actor(request), data, idempotency_key),
            AwardRecorded,
        )

    @post(
        "/redemptions",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="insufficient_points, insufficient_stock, household_closed, goods_retired, redemption_window_closed or idempotency_conflict",
        ),
        opt={"roles": roles.REDEEM},
        summary="Redeem a cart at the love supermarket, all or nothing",
    )
    async def redeem(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Redeem, examples.REDEEM],
        request: Request,
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Response[Redemption]:
        return command_answer(
            await redemptions.redeem(
                context.batcher(request),
                community_id,
                _actor(request),
                data,
                required_idempotency_key(idempotency_key),
            ),
            Redemption,
        )

    @post(
        "/reversals",
        responses=answers(
            404, 409, with_body=True, conflict="already_reversed, not_reversible or insufficient_points"
        ),
        opt={"roles": roles.REVERSE},
        summary="Reverse an award, deduction or redemption, with a reason",
    )
    async def reverse(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Reverse, examples.REVERSE],
        request: Request,
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Response[Reversal]:
        return command_answer(
            await reversals.reverse(
                context.pool(request),
                community_id,
                _actor(request),
                context.principal(request).roles_in(community_id),
                data,
                idempotency_key,
            ),
            Reversal,
        )

    @get(
        "/events",
        responses=answers(404),
        opt={"roles": roles.READ_RECORD},
        summary="The community's event log, in seq order",
    )
    async def events(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        after: Annotated[int, Parameter(ge=0, le=limits.SEQ_MAX)] = 0,
        limit: Annotated[int, Parameter(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
    ) -> EventPage:
        page = await queries.events_after(context.pool(request), community_id, after, limit)
        return EventPage(
            events=[
                RecordedEvent(
                    seq=event.seq,
                    kind=event.kind,
                    recorded_at=event.recorded_at,
                    occurred_on=event.occurred_on,
                    actor_id=event.actor_id,
                    household_id=event.household_id,
                    spendable_delta=event.spendable_delta,
                    pending_delta=event.pending_delta,
                    honour_delta=event.honour_delta,
                    money_delta_fen=event.money_delta_fen,
                    body=event.body,
                    previous_hash=event.previous_hash.hex(),
                    hash=event.hash.hex(),
                    canonical=event.canonical.decode(),
                )
                for event in page
            ],
            next_after=page[-1].seq if page else after,
        )

    @get(
        "/verify",
        responses=answers(404),
        opt={"roles": roles.READ_RECORD},
        summary="Walk the hash chain and name the first bad seq",
    )
    async def verify(self, community_id: FromPath[uuid.UUID], request: Request) -> Verification:
        report = await records.verify_community(context.pool(request), community_id)
        if report is None:
            raise NotFoundException("no such community")
        return Verification(
            ok=report.ok,
            events=report.events,
            head_seq=report.head_seq,
            head_hash=report.head_hash,
            first_bad_seq=report.first_bad_seq,
            problem=report.problem,
        )
