"""The counter and the community's policy, under /api/v1/communities/{community_id}."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath

from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.parameters import IdempotencyKeyHeader, SeqPath, required_idempotency_key
from ledger.api.responses import answers, command_answer, success_content
from ledger.api.schemas.commands import Cancellation, PinUnlocked, RedemptionWithReceipt
from ledger.api.schemas.people import Changed
from ledger.api.schemas.supermarket import Policy
from ledger.documents import receipt as receipt_document
from ledger.domain import commands, roles
from ledger.services import counter
from ledger.store.queries import policy as policy_reads


class CounterController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    opt = {ACCESS: staff_of_community}
    tags = ["counter"]

    @post(
        "/redemptions/by-card",
        responses=answers(
            404,
            409,
            423,
            with_body=True,
            forbidden="not counter staff, the household is linked to you (conflict_of_interest), or its PIN is needed (pin_required) or wrong (pin_wrong)",
            not_found="no such card in this community (not_found)",
            conflict="insufficient_points, insufficient_stock, household_closed, goods_retired, redemption_window_closed or idempotency_conflict",
            locked="the household's PIN is locked after five wrong tries (pin_locked)",
        ),
        opt={"roles": roles.REDEEM},
        summary="Sell a cart to the household whose card was scanned (PIN where policy asks), all or nothing",
    )
    async def sell(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.RedeemByCard, examples.REDEEM_BY_CARD],
        request: Request,
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Response[RedemptionWithReceipt]:
        # No per-address limit: the caller is logged-in counter staff, and a PIN guessed at
        # is locked per household after five wrong tries.
        answer = await counter.redeem_by_card(
            context.pool(request),
            context.batcher(request),
            community_id,
            context.principal(request),
            data,
            required_idempotency_key(idempotency_key),
        )
        return command_answer(answer, RedemptionWithReceipt)

    @post(
        "/redemptions/{seq:int}/cancel",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not counter staff, not your own redemption, or not today's",
            conflict="already_reversed or not_reversible",
        ),
        opt={"roles": roles.REDEEM},
        summary="Cancel one's own redemption the same day",
    )
    async def cancel(
        self,
        community_id: FromPath[uuid.UUID],
        seq: SeqPath,
        data: Annotated[commands.CancelRedemption, examples.CANCEL_REDEMPTION],
        request: Request,
    ) -> Cancellation:
        answer = await counter.cancel(
            context.pool(request), community_id, context.principal(request), seq, data
        )
        answer.pop("replayed")  # no Idempotency-Key here: a second cancel is already_reversed
        return msgspec.convert(answer, Cancellation)

    @get(
        "/redemptions/{seq:int}/receipt",
        operation_class=success_content("text/html", instead_of_json=True),
        responses=answers(404, not_found="no such redemption in this community (not_found)"),
        opt={"roles": roles.READ_RECEIPTS},
        summary="The receipt, for a 58 mm thermal printer (HTML)",
    )
    async def receipt(
        self, community_id: FromPath[uuid.UUID], seq: SeqPath, request: Request
    ) -> Response[str]:
        view = await counter.receipt(context.pool(request), community_id, seq)
        return Response(receipt_document.receipt(view), media_type="text/html; charset=utf-8")

    @get(
        "/policy",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The community's policies",
    )
    async def policy(self, community_id: FromPath[uuid.UUID], request: Request) -> Policy:
        row = await policy_reads.policy(context.pool(request), community_id)
        assert row is not None
        return msgspec.convert(
            {field: row[field] for field in ("time_zone", *policy_reads.POLICY_FIELDS)}, Policy
        )

    @patch(
        "/policy",
        responses=answers(404, with_body=True),
        opt={"roles": roles.CHANGE_POLICY},
        summary="Change policies (open or close the redemption window …)",
    )
    async def change_policy(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangePolicy, examples.POLICY],
        request: Request,
    ) -> Changed:
        return Changed(
            await counter.change_policy(
                context.pool(request), community_id, context.principal(request).user_id, data
            )
        )

    @post(
        "/households/{household_id:uuid}/pin",
        responses=answers(404, 409, with_body=True, conflict="the household is closed (household_closed)"),
        status_code=204,
        opt={"roles": roles.SET_PIN},
        summary="Set the household's 4-digit PIN (stored hashed)",
    )
    async def set_pin(
        self,
        community_id: FromPath[uuid.UUID],
        household_id: FromPath[uuid.UUID],
        data: Annotated[commands.SetPin, examples.SET_PIN],
        request: Request,
    ) -> None:
        await counter.set_pin(
            context.pool(request), community_id, context.principal(request).user_id, household_id, data.pin
        )

    @post(
        "/households/{household_id:uuid}/pin/unlock",
        responses=answers(404),
        status_code=200,
        opt={"roles": roles.UNLOCK_PIN},
        summary="Unlock a PIN locked after wrong tries",
    )
    async def unlock_pin(
        self, community_id: FromPath[uuid.UUID], household_id: FromPath[uuid.UUID], request: Request
    ) -> PinUnlocked:
        return PinUnlocked(
            await counter.unlock_pin(
                context.pool(request), community_id, context.principal(request).user_id, household_id
            )
        )
