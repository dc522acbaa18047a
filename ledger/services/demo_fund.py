"""The demo's happiness fund (`ledger demo`): the story of ledger/demo/fund.csv — gifts in, the
threshold set, a meeting's resolution, the payment under it with its receipt photo and a small
purchase below the threshold — so the demo board shows a resolution (决议公开) and its result
(实施结果公开). Told once: found again by its resolution's purpose."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from importlib import resources

import asyncpg
from PIL import Image, ImageDraw, ImageFont

from ledger import limits
from ledger.documents.poster import font_path
from ledger.domain import commands
from ledger.domain.images import CleanImage
from ledger.domain.resolutions import check_count
from ledger.services import images
from ledger.store import counter, fund, fund_resolutions, queries
from ledger.store.queries import fund as fund_reads
from ledger.store.types import Connection

# Above 500 yuan the demo village pays from its fund only under a meeting's resolution.
FUND_RESOLUTION_THRESHOLD_FEN = 50_000

Row = dict[str, str]


def _story() -> list[Row]:
    text = resources.files("ledger.demo").joinpath("fund.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _fen(yuan: str) -> int:
    whole, _, cents = yuan.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


def receipt_photo(payee: str, purpose: str, amount_yuan: str, day: datetime.date) -> CleanImage:
    """A receipt as the committee would photograph it, drawn with the bundled font (no photo
    file to ship), then re-encoded as any upload is."""
    picture = Image.new("RGB", (480, 360), "#fbf8ef")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(font_path(), 26)
    lines = (
        "收  据",
        "今收到 示范村村民委员会",
        f"事由：{purpose}",
        f"金额：人民币 {amount_yuan} 元",
        payee,
        day.isoformat(),
    )
    for row, line in enumerate(lines):
        draw.text((32, 28 + row * 52), line, "#202020", font)
    draw.ellipse((330, 230, 450, 350), outline="#c0392b", width=4)  # the payee's seal
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return images.clean_image(out.getvalue())


async def seed_fund(
    connection: Connection, pool: asyncpg.Pool, community_id: uuid.UUID, committee_id: uuid.UUID
) -> None:
    """The story, in one transaction, unless it was told already. Dated back from today,
    never before the first of this month, so this month's statement shows all of it."""
    rows = _story()
    recorded = await fund_reads.resolutions(
        pool, community_id, datetime.date.min, limits.FUND_BOARD_ITEMS_MAX
    )
    if {row["purpose"] for row in recorded} & {row["purpose"] for row in rows if row["kind"] == "resolution"}:
        return
    today = await queries.local_today(connection, community_id)
    assert today is not None

    def dated(row: Row) -> datetime.date:
        return max(today - datetime.timedelta(days=int(row["days_ago"])), today.replace(day=1))

    resolved: dict[str, uuid.UUID] = {}  # purpose → its resolution
    async with connection.transaction():
        threshold = {"fund_resolution_threshold_fen": FUND_RESOLUTION_THRESHOLD_FEN}
        await counter.change_policy(connection, community_id, committee_id, threshold)
        for row in rows:
            if row["kind"] == "gift":
                await _gift(connection, community_id, committee_id, row, dated(row))
            elif row["kind"] == "resolution":
                resolved[row["purpose"]] = await _resolution(
                    connection, community_id, committee_id, row, dated(row)
                )
            else:
                await _spending(
                    connection, community_id, committee_id, row, dated(row), resolved.get(row["purpose"])
                )


async def _gift(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID, row: Row, day: datetime.date
) -> None:
    await fund.contribute(
        connection,
        community_id,
        actor_id,
        row["source_or_meeting"],
        row["party"] or None,
        None,
        _fen(row["amount_yuan"]),
        row["method"],
        row["note"] or None,
        day,
    )


async def _resolution(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID, row: Row, day: datetime.date
) -> uuid.UUID:
    resolution = commands.FundResolution(
        meeting=row["source_or_meeting"],  # type: ignore[arg-type]
        meeting_on=day,
        purpose=row["purpose"],
        amount_fen=_fen(row["amount_yuan"]),
        entitled=int(row["entitled"]),
        attended=int(row["attended"]),
        voted_for=int(row["voted_for"]),
        note=row["note"] or None,
    )
    check_count(resolution.meeting, resolution.entitled, resolution.attended, resolution.voted_for)
    answer = await fund_resolutions.record(connection, community_id, actor_id, uuid.uuid4(), resolution)
    return answer["resolution_id"]


async def _spending(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    row: Row,
    day: datetime.date,
    resolution_id: uuid.UUID | None,
) -> None:
    """Paid under the resolution of the same purpose, with its receipt; else below the threshold."""
    receipt = None
    if resolution_id is not None:
        receipt = receipt_photo(row["party"], row["purpose"], row["amount_yuan"], day)
    await fund.spend(
        connection,
        community_id,
        actor_id,
        _fen(row["amount_yuan"]),
        row["purpose"],
        row["party"],
        row["note"] or None,
        day,
        resolution_id,
        receipt,
    )
