"""Test helpers: a fresh community with one staff user per role, and ways to fill it.

Every test works in a community of its own, so tests share one database and never see
each other's rows (every key starts with community_id).
"""

from __future__ import annotations

import datetime
import io
import uuid
import zoneinfo
from dataclasses import dataclass, field
from functools import cache

import asyncpg
from PIL import Image

from ledger.domain.roles import COMMUNITY_ROLES
from ledger.services import security
from ledger.store import accounts, awards, communities, households, rules, staff, supermarket
from ledger.store.group_commit import RedemptionBatcher

PASSWORD = "correct-horse-battery"


@cache
def password_hash() -> str:
    # argon2 is slow by design; one hash serves every test user.
    return security.hash_password(PASSWORD)


async def session_token(pool: asyncpg.Pool, user_id: uuid.UUID) -> str:
    """A bearer token made the way a log-in makes it, without argon2 and the log-in limit."""
    token = security.new_token()
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    await accounts.create_session(pool, security.token_hash(token), user_id, expires_at)
    return token


@dataclass
class Village:
    community_id: uuid.UUID
    staff: dict[str, uuid.UUID] = field(default_factory=dict)  # role → user id
    usernames: dict[str, str] = field(default_factory=dict)  # role → username


async def new_village(
    pool: asyncpg.Pool,
    *,
    deduction_may_overdraw: bool = False,
    township_id: uuid.UUID | None = None,
    name: str | None = None,
    usernames: dict[str, str] | None = None,  # role → username, for pictures people read
) -> Village:
    village = Village(uuid.uuid4())
    async with pool.acquire() as connection:
        await communities.create_community(
            connection,
            village.community_id,
            name or f"测试村-{village.community_id.hex[:8]}",
            township_id,
            None,
            deduction_may_overdraw=deduction_may_overdraw,
        )
        for role in COMMUNITY_ROLES:
            username = (usernames or {}).get(role) or f"t{village.community_id.hex[:10]}_{role}"
            user_id = await accounts.create_user(pool, uuid.uuid4(), username, role, password_hash())
            await staff.grant_role(connection, village.community_id, None, user_id, username, role)
            village.staff[role] = user_id
            village.usernames[role] = username
    return village


async def add_household(pool: asyncpg.Pool, village: Village, number: str, name: str = "张小明") -> uuid.UUID:
    household_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await households.register_household(
            connection, village.community_id, None, household_id, number, name
        )
    return household_id


async def add_rule(pool: asyncpg.Pool, village: Village, code: str, points: int) -> uuid.UUID:
    rule_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await rules.define_rule(
            connection, village.community_id, None, rule_id, code, f"规则{code}", "", "", points, False
        )
    return rule_id


async def add_goods(pool: asyncpg.Pool, village: Village, code: str, points: int, stock: int) -> uuid.UUID:
    goods_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await supermarket.list_goods(
            connection, village.community_id, None, goods_id, code, f"商品{code}", "", "", "", points
        )
        if stock:
            await supermarket.receive_stock(
                connection, village.community_id, None, goods_id, stock, "期初库存", None, None, "transfer"
            )
    return goods_id


async def give_points(pool: asyncpg.Pool, village: Village, household_id: uuid.UUID, points: int) -> None:
    rule_id = await add_rule(pool, village, f"G{uuid.uuid4().hex[:8]}", points)
    await awards.award(pool, village.community_id, None, household_id, rule_id, None, None, None, None, None)


async def redeem(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    household_id: uuid.UUID,
    lines: list[tuple[uuid.UUID, int]],
    idempotency_key: str | None = None,
    request_digest: bytes | None = None,
) -> dict:
    """One redemption, as the server makes it (through group commit, here a batch of one)."""
    return await RedemptionBatcher(pool).redeem(
        community_id, None, household_id, sorted(lines), idempotency_key, request_digest
    )


def photo() -> bytes:
    """A small JPEG, as a phone camera would send it."""
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


def community_today() -> datetime.date:
    """Today by the test communities' calendar (Asia/Shanghai): tests date things from it,
    so that they hold in any year."""
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()


def last_month(day: int) -> datetime.date:
    """That day of last month: always past, always within the backdating window."""
    return (community_today().replace(day=1) - datetime.timedelta(days=1)).replace(day=day)


def end_of_last_year() -> datetime.date:
    """31 December of last year: in the year before, and never more than 366 days back."""
    return datetime.date(community_today().year - 1, 12, 31)


async def keep_the_day_from_turning(pool: asyncpg.Pool, village: Village) -> datetime.date:
    """Move the village to a time zone where it is now about noon, so that its day cannot turn
    while a test counts things per day (its own clock, not a hope about the machine's speed).
    Answers the village's today."""
    offset = (12 - datetime.datetime.now(datetime.UTC).hour + 12) % 24 - 12  # -12 … 11 hours
    zone = "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # POSIX names count westwards
    await pool.execute(
        "UPDATE communities SET time_zone = $2 WHERE community_id = $1", village.community_id, zone
    )
    # Read apart from the UPDATE: Citus refuses now() in a write's RETURNING on a reference table.
    return await pool.fetchval(
        "SELECT (now() AT TIME ZONE time_zone)::date FROM communities WHERE community_id = $1",
        village.community_id,
    )
