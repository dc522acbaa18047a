"""What goes on each poster for the village's WeChat group, in words: the publicity list
(who, what, points, days left), this month's red list, or this month's fund statement. The
figures come from the very functions the board and the fund statement use (names masked
there, as the community's policy says), so a poster never shows more than the board does."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.documents.poster import Poster, PosterRow
from ledger.domain.errors import Refused
from ledger.limits import POSTER_ROWS_MAX
from ledger.messages import words
from ledger.services import boards, supermarket
from ledger.store import queries
from ledger.web.pages import chain_sentence
from ledger.web.workbench.fund import STATEMENT_SOURCES, yuan

FORMATS = {"png": "image/png", "pdf": "application/pdf"}


def _signed(points: int) -> str:
    return f"+{points}" if points > 0 else f"−{-points}" if points < 0 else "0"


def _days_left(ends_on: str, today: datetime.date) -> str:
    left = (datetime.date.fromisoformat(ends_on) - today).days
    if left <= 0:  # the last day of publicity is today (confirmed from tomorrow)
        return words(f"今天是公示最后一天（{ends_on}）", f"last day of publicity today ({ends_on})")
    return words(f"公示还剩 {left} 天（至 {ends_on}）", f"{left} days of publicity left (until {ends_on})")


def _publicity_row(item: dict[str, Any], today: datetime.date) -> PosterRow:
    details = [item["rule"], _days_left(item["ends_on"], today)]
    if item["staff_household"]:
        details.append(words("工作人员户", "staff household"))  # marked, as on the board
    if item["open_objections"]:
        details.append(
            words(f"异议 {item['open_objections']} 条待核实", f"objections: {item['open_objections']}")
        )
    return PosterRow(item["household"], _signed(item["points"]), item["points"], tuple(details))


def _more(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return words(
        f"另有 {total - shown} 条，扫码到公示栏查看全部", f"{total - shown} more on the board: scan the code"
    )


def _frame(
    community: str, title: str, today: datetime.date, board_url: str, seq: int, hash_hex: str
) -> dict[str, Any]:
    return {
        "community": community,
        "title": title,
        "made_on": today.isoformat(),
        "dated": words(f"{today.isoformat()} 制作", f"Made on {today.isoformat()}"),
        "board_url": board_url,
        "scan_hint": words("扫码打开本村公示栏，核对或提出异议", "Scan to open the village's board"),
        "chain": chain_sentence(seq, hash_hex),
    }


async def _publicity(
    pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date, board_url: str
) -> Poster:
    view = await boards.publicity_board(pool, community_id)
    items = view["items"]
    return Poster(
        **_frame(
            view["community"],
            words("公示栏 · 公示中", "Public board · in publicity"),
            today,
            board_url,
            view["head_seq"],
            view["head_hash"],
        ),
        rows=tuple(_publicity_row(item, today) for item in items[:POSTER_ROWS_MAX]),
        empty=words("目前没有公示内容", "Nothing in publicity now"),
        more=_more(POSTER_ROWS_MAX, len(items)),
    )


async def _red_list(
    pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date, board_url: str
) -> Poster:
    listing = await boards.board(pool, community_id, "red", today.year, today.month)
    entries = listing["entries"]
    return Poster(
        **_frame(
            listing["community"],
            words(f"本月红榜（{listing['month']}）", f"Red list, {listing['month']}"),
            today,
            board_url,
            listing["head_seq"],
            listing["head_hash"],
        ),
        rows=tuple(
            PosterRow(
                f"{entry['rank']}. {entry['household']}",
                _signed(entry["points"]),
                entry["points"],
                (words(f"本月 {entry['times']} 次", f"{entry['times']} times this month"),),
            )
            for entry in entries[:POSTER_ROWS_MAX]
        ),
        empty=words("本月暂无", "None yet this month"),
        more=_more(POSTER_ROWS_MAX, len(entries)),
    )


def _fund_row(entry: dict[str, Any]) -> PosterRow:
    value = entry["source_or_purpose"]
    what = words(*STATEMENT_SOURCES[value]) if value in STATEMENT_SOURCES else value
    amount = entry["amount_fen"]
    figure = ("+" if amount > 0 else "−") + yuan(abs(amount))
    kind = words("收入", "in") if amount > 0 else words("支出", "out")
    party = entry["party"] if entry["party"] not in ("", what, "匿名") else ""  # 匿名: said already
    return PosterRow(f"{entry['occurred_on']} {kind} · {what}", figure, amount, (party,) if party else ())


async def _fund(pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date, board_url: str) -> Poster:
    community = await queries.community(pool, community_id)
    if community is None:
        raise Refused("not_found", "no such community")
    statement = await supermarket.monthly_statement(pool, community_id, today.year, today.month)
    entries = statement["entries"]
    return Poster(
        **_frame(
            community["name"],
            words(f"幸福基金收支公示（{statement['month']}）", f"Happiness fund, {statement['month']}"),
            today,
            board_url,
            community["head_seq"],
            community["head_hash"].hex(),
        ),
        summary=(
            words(
                f"期初余额 {yuan(statement['opening_balance_fen'])} 元",
                f"Opening balance {yuan(statement['opening_balance_fen'])} yuan",
            ),
            words(
                f"本月收入 {yuan(statement['in_fen'])} 元，支出 {yuan(statement['out_fen'])} 元",
                f"In {yuan(statement['in_fen'])}, out {yuan(statement['out_fen'])} yuan",
            ),
            words(
                f"期末余额 {yuan(statement['closing_balance_fen'])} 元",
                f"Closing balance {yuan(statement['closing_balance_fen'])} yuan",
            ),
        ),
        rows=tuple(_fund_row(entry) for entry in entries[:POSTER_ROWS_MAX]),
        empty=words("本月暂无收支", "Nothing in or out this month"),
        more=_more(POSTER_ROWS_MAX, len(entries)),
    )


_MAKERS = {"publicity": _publicity, "red-list": _red_list, "fund": _fund}


async def poster(pool: asyncpg.Pool, community_id: uuid.UUID, kind: str, board_url: str) -> Poster:
    """The poster of `kind` (one of poster_links.KINDS) as the community's board stands now."""
    today = await queries.local_today(pool, community_id)
    if today is None:
        raise Refused("not_found", "no such community")
    return await _MAKERS[kind](pool, community_id, today, board_url)
