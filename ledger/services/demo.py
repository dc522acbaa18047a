"""`ledger demo`: a demo county, township and community 示范村 with households holding a
spread of balances, the rule catalog, goods with stock, and one staff user per role.

Idempotent: what exists is found by its natural key (names, numbers, codes) and left as
it is. Passwords and card tokens cannot be read back from their hashes, so the ones the
demo made are kept in a private file under the ledger's home and reused.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import secrets
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.domain.roles import COMMUNITY_ROLES
from ledger.services import cards, demo_fund, security
from ledger.services.demo_groups import seed_groups_and_claims
from ledger.store import accounts, communities, hierarchy, queries, supermarket
from ledger.store import rules as rule_store
from ledger.store import staff as staff_store
from ledger.store.types import Connection

COUNTY = "示范县"
TOWNSHIP = "示范镇"
COMMUNITY = "示范村"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "建国军华明伟芳秀英丽强磊洋勇艳杰娟涛超霞平刚桂兰志红玉海春"


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ledger.demo").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _head_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class _Secrets:
    """The demo's passwords and card tokens, in a file only the operator can read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
        self.values.setdefault("passwords", {})
        self.values.setdefault("cards", {})
        self.values.setdefault("short_codes", {})  # as printed on each card, for typing at the counter

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(self.values, file, ensure_ascii=False, indent=1)


async def seed(
    owner: asyncpg.Connection,
    pool: asyncpg.Pool,
    secrets_path: Path,
    household_count: int = 50,
    base_url: str = "http://127.0.0.1:8000",
) -> dict[str, Any]:
    kept = _Secrets(secrets_path)
    county_id = await hierarchy.county_id(owner, COUNTY, create=True)
    assert county_id is not None
    township_id = await hierarchy.township_id(owner, county_id, TOWNSHIP, create=True)
    assert township_id is not None
    staff, user_ids = await _staff(pool, kept)
    oversight = await _oversight(owner, staff, user_ids, township_id, county_id)
    community_id = await hierarchy.community_in_township(owner, township_id, COMMUNITY)
    async with pool.acquire() as connection:
        if community_id is None:
            community_id = uuid.uuid4()
            await communities.create_community(
                connection, community_id, COMMUNITY, township_id, user_ids["admin"]
            )
        for role, user_id in user_ids.items():
            await staff_store.grant_role(
                connection, community_id, user_ids["admin"], user_id, staff[role]["username"], role
            )
        await _rules(connection, pool, community_id, user_ids["admin"])
        await _goods(connection, pool, community_id, user_ids)
        await demo_fund.seed_fund(connection, pool, community_id, user_ids["committee"])
    rules = list(await queries.rules(pool, community_id))
    households = [
        await _household(pool, community_id, user_ids, kept, number, base_url, rules)
        for number in range(1, household_count + 1)
    ]
    tokens = {household["number"]: kept.values["cards"][household["id"]] for household in households}
    await seed_groups_and_claims(pool, community_id, user_ids, households, tokens)
    kept.save()
    return {
        "base_url": base_url,
        "community_id": str(community_id),
        "staff": staff,
        "oversight": oversight,
        "households": households,
        "goods": [
            {"id": str(row["goods_id"]), "code": row["code"], "points": row["points"], "stock": row["stock"]}
            for row in await queries.goods(pool, community_id)
        ],
        "rules": [{"id": str(row["rule_id"]), "code": row["code"], "points": row["points"]} for row in rules],
    }


async def _staff_user(pool: asyncpg.Pool, kept: _Secrets, role: str) -> tuple[uuid.UUID, str]:
    """The demo user of `role` and a password that logs them in: the kept one while it still
    matches, else a new one (and the user made, if missing)."""
    username = f"demo_{role}"
    user = await accounts.user_by_username(pool, username)
    password = kept.values["passwords"].get(username)
    if user is None or password is None or not security.password_matches(user["password_hash"], password):
        password = secrets.token_urlsafe(12)
        kept.values["passwords"][username] = password
        if user is None:
            await accounts.create_user(
                pool, uuid.uuid4(), username, f"演示{role}", security.hash_password(password)
            )
        else:
            await accounts.set_password_hash(pool, user["user_id"], security.hash_password(password))
        user = await accounts.user_by_username(pool, username)
    assert user is not None
    return user["user_id"], password


async def _staff(
    pool: asyncpg.Pool, kept: _Secrets
) -> tuple[dict[str, dict[str, str]], dict[str, uuid.UUID]]:
    """Each role's log-in (username, password) and user id."""
    staff: dict[str, dict[str, str]] = {}
    user_ids: dict[str, uuid.UUID] = {}
    # The five community roles, then a township and a county official (read-only).
    for role in (*COMMUNITY_ROLES, "township", "county"):
        user_ids[role], password = await _staff_user(pool, kept, role)
        staff[role] = {"username": f"demo_{role}", "password": password}
    return staff, user_ids


async def _oversight(
    owner: asyncpg.Connection,
    staff: dict[str, dict[str, str]],
    user_ids: dict[str, uuid.UUID],
    township_id: uuid.UUID,
    county_id: uuid.UUID,
) -> dict[str, dict[str, str]]:
    """Grant the township and county officials their oversight, and take them out of the
    community's staff: their log-ins, by level."""
    await accounts.grant_oversight(owner, user_ids.pop("township"), township_id, None)
    await accounts.grant_oversight(owner, user_ids.pop("county"), None, county_id)
    return {level: staff.pop(level) for level in ("township", "county")}


async def _rules(
    connection: Connection, pool: asyncpg.Pool, community_id: uuid.UUID, admin_id: uuid.UUID
) -> None:
    """The rule catalog of rules.csv, each rule defined once (found again by its code)."""
    codes = {row["code"] for row in await queries.rules(pool, community_id)}
    for row in _csv_rows("rules.csv"):
        if row["code"] not in codes:
            await rule_store.define_rule(
                connection,
                community_id,
                admin_id,
                uuid.uuid4(),
                row["code"],
                row["name_zh"],
                row["name_en"],
                row["category"],
                int(row["points"]),
                row["needs_publicity"] == "true",
                claimable=row["claimable"] == "true",
            )
            codes.add(row["code"])


async def _goods(
    connection: Connection, pool: asyncpg.Pool, community_id: uuid.UUID, user_ids: dict[str, uuid.UUID]
) -> None:
    """The goods of goods.csv, each listed once (found again by its code) with its opening stock."""
    codes = {row["code"] for row in await queries.goods(pool, community_id)}
    for row in _csv_rows("goods.csv"):
        if row["code"] not in codes:
            goods_id = uuid.uuid4()
            await supermarket.list_goods(
                connection,
                community_id,
                user_ids["admin"],
                goods_id,
                row["code"],
                row["name_zh"],
                row["name_en"],
                row["category"],
                row["unit"],
                int(row["points"]),
            )
            await supermarket.receive_stock(
                connection,
                community_id,
                user_ids["counter"],
                goods_id,
                int(row["stock"]),
                "开业库存",
                None,
                None,
            )
            codes.add(row["code"])


async def _household(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    user_ids: dict[str, uuid.UUID],
    kept: _Secrets,
    number: int,
    base_url: str,
    rules: list[asyncpg.Record],
) -> dict[str, str]:
    """Household `number`, registered with its history if missing, and its card."""
    household_number = f"{number:03d}"
    rng = random.Random(number)  # the same household always gets the same story
    household_id = await queries.household_by_number(pool, community_id, household_number)
    if household_id is None:
        everyday_rules = [r for r in rules if not r["needs_publicity"] and r["points"] > 0]
        penalties = [r for r in rules if not r["needs_publicity"] and r["points"] < 0]
        household_id = await _register_with_history(
            pool, community_id, user_ids, household_number, _head_name(rng), rng, everyday_rules, penalties
        )
    token, short_code = await _card(pool, community_id, user_ids["admin"], kept, household_id)
    return {
        "id": str(household_id),
        "number": household_number,
        "card_url": base_url + cards.card_path(token),
        "short_code": short_code,
    }


async def _card(
    pool: asyncpg.Pool, community_id: uuid.UUID, admin_id: uuid.UUID, kept: _Secrets, household_id: uuid.UUID
) -> tuple[str, str]:
    """The household's card token and short code: the kept ones while the card is still
    valid, else those of a new card."""
    token = kept.values["cards"].get(str(household_id))
    short_code = kept.values["short_codes"].get(str(household_id))
    if (
        token is None
        or short_code is None
        or await queries.card_by_token_hash(pool, security.token_hash(token)) is None
    ):
        issued = await cards.issue_card(pool, community_id, admin_id, household_id)
        token, short_code = issued.token, issued.short_code
        kept.values["cards"][str(household_id)] = token
        kept.values["short_codes"][str(household_id)] = short_code
    return token, short_code


async def _register_with_history(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    user_ids: dict[str, uuid.UUID],
    number: str,
    head_name: str,
    rng: random.Random,
    everyday_rules: list[asyncpg.Record],
    penalties: list[asyncpg.Record],
) -> uuid.UUID:
    from ledger.services import awards, households

    household_id = await households.register_household(
        pool, community_id, user_ids["admin"], commands.RegisterHousehold(number=number, head_name=head_name)
    )
    # A spread: some households barely take part, a few are very active, some were fined.
    for _ in range(int(rng.paretovariate(1.2) * 3) % 40):
        rule = rng.choice(everyday_rules)
        await awards.award(
            pool,
            community_id,
            user_ids["committee"],
            commands.Award(household_id=household_id, rule_id=rule["rule_id"], note="演示数据"),
            None,
        )
    if rng.random() < 0.15:
        rule = rng.choice(penalties)
        await awards.award(
            pool,
            community_id,
            user_ids["committee"],
            commands.Award(household_id=household_id, rule_id=rule["rule_id"], note="演示数据"),
            None,
        )
    return household_id
