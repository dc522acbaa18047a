"""The posters for the village's WeChat group: /board/{community}/poster/{kind}.{png,pdf},
public like the board they come from (no log-in; the same per-address limit as the board),
drawn afresh from the board as it stands."""

from __future__ import annotations

import asyncio
import uuid

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from ledger.api import context
from ledger.api.rate_limit import client_address
from ledger.documents import poster_drawing
from ledger.documents.poster import laid_out
from ledger.web.poster_links import KINDS
from ledger.web.posters import FORMATS, poster


@get("/board/{community_id:uuid}/poster/{name:str}", include_in_schema=False)
async def board_poster(
    community_id: FromPath[uuid.UUID], name: FromPath[str], request: Request
) -> Response[bytes]:
    kind, _, suffix = name.partition(".")
    if kind not in KINDS or suffix not in FORMATS:
        raise NotFoundException()
    context.card_limiter(request).check(client_address(request), "board look-ups")
    board_url = f"{context.public_address(request)}/board/{community_id}"
    content = await poster(context.pool(request), community_id, kind, board_url)
    sheet = laid_out(content)
    # Drawn off the event loop: a poster takes a tenth of a second of CPU, and the counter's
    # redemptions should not wait behind it.
    if suffix == "png":
        drawn = await asyncio.to_thread(poster_drawing.png, sheet)
    else:
        drawn = await asyncio.to_thread(poster_drawing.pdf, sheet, f"{content.community} · {content.title}")
    filename = f"{kind}-{content.made_on}.{suffix}"
    return Response(
        drawn,
        media_type=FORMATS[suffix],
        headers={
            # inline: a phone opens it, and a long press sends it to the group
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-store",  # the board changes with every entry
        },
    )


ROUTES = [board_poster]
