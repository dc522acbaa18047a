"""The fund on the public board (两公开), no login: each resolution of a meeting that approved
spending (决议公开) and, once paid, the result with its receipt photo (实施结果公开)."""

from __future__ import annotations

import uuid

import msgspec
from litestar import Request, Response, get
from litestar.params import FromPath

from ledger.api import context
from ledger.api.parameters import SeqPath
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers, success_content
from ledger.api.schemas.fund import FundPublicity
from ledger.domain.errors import Refused
from ledger.services import fund_resolutions
from ledger.store.queries import fund as fund_reads


@get(
    "/api/v1/boards/{community_id:uuid}/fund",
    responses=answers(404, 429, signed_in=False, not_found="no such community (not_found)"),
    tags=["residents"],
    summary="The fund's resolutions (决议公开) and what was paid under each (实施结果公开)",
)
async def fund_board(community_id: FromPath[uuid.UUID], request: Request) -> FundPublicity:
    context.card_limiter(request).check(client_address(request), "board look-ups")
    return msgspec.convert(
        await fund_resolutions.fund_publicity(context.pool(request), community_id), FundPublicity
    )


@get(
    "/api/v1/boards/{community_id:uuid}/fund/receipts/{expenditure_seq:int}",
    operation_class=success_content("image/jpeg", "image/png", instead_of_json=True),
    responses=answers(
        404,
        429,
        signed_in=False,
        not_found="no expenditure under a resolution with that entry number, or it has no receipt (not_found)",
    ),
    tags=["residents"],
    summary="The receipt photo of an expenditure under a resolution, as the board posts it",
)
async def fund_receipt(
    community_id: FromPath[uuid.UUID], expenditure_seq: SeqPath, request: Request
) -> Response[bytes]:
    context.card_limiter(request).check(client_address(request), "board look-ups")
    row = await fund_reads.receipt_photo(context.pool(request), community_id, expenditure_seq)
    if row is None:
        raise Refused("not_found", "entry #{seq} has no receipt on the board", seq=expenditure_seq)
    return Response(row["content"], media_type=row["media_type"])


ROUTES = [fund_board, fund_receipt]
