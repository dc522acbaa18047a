"""The `ledger` command (DESIGN §4): serve, migrate, demo, verify, rebuild."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from ledger import embedded, logs
from ledger.config import Settings


def database_url(settings: Settings) -> str:
    return settings.database_url or embedded.ensure_database(settings.home)


async def _migrate(url: str) -> list[str]:
    from ledger.store.migrations import migrate
    from ledger.store.pool import connect_owner

    connection = await connect_owner(url)
    try:
        return await migrate(connection)
    finally:
        await connection.close()


def command_migrate(settings: Settings, _: argparse.Namespace) -> int:
    applied = asyncio.run(_migrate(database_url(settings)))
    print("applied: " + ", ".join(applied) if applied else "up to date")
    return 0


def command_serve(settings: Settings, arguments: argparse.Namespace) -> int:
    import uvicorn

    from ledger.app import create_app

    url = database_url(settings)
    asyncio.run(_migrate(url))
    logs.configure()
    # The embedded database has nobody else to start it again after a crash: this process
    # watches it. A LEDGER_DATABASE_URL database is someone else's; the pool reconnects.
    embedded_home = None if settings.database_url else settings.home
    if arguments.workers > 1:
        # Each worker process builds its own app (and pool) from the environment.
        os.environ["LEDGER_DATABASE_URL"] = url
        os.environ["LEDGER_POOL_SIZE"] = str(arguments.pool_size)
        if embedded_home is not None:
            os.environ["LEDGER_EMBEDDED_HOME"] = str(embedded_home)
        uvicorn.run(
            "ledger.app:create_app_from_environment",
            factory=True,
            workers=arguments.workers,
            host=settings.host,
            port=settings.port,
            log_level="warning",
            log_config=None,  # its records go through ledger.logs: one JSON line each
            access_log=False,
            # Behind the reverse proxy (ops/), the client's address comes from X-Forwarded-For,
            # trusted only from the proxy's own address (uvicorn's forwarded_allow_ips).
            proxy_headers=True,
        )
        return 0
    uvicorn.run(
        create_app(
            url,
            pool_size=arguments.pool_size,
            tick_seconds=float(os.environ.get("LEDGER_TICK_SECONDS", "60")),
            public_url=settings.public_url,
            embedded_home=embedded_home,
        ),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        log_config=None,  # its records go through ledger.logs: one JSON line each
        access_log=False,
        # Behind the reverse proxy (ops/), the client's address comes from X-Forwarded-For,
        # trusted only from the proxy's own address (uvicorn's forwarded_allow_ips).
        proxy_headers=True,
    )
    return 0


async def _demo(settings: Settings, households: int) -> dict[str, Any]:
    from ledger.services.demo import seed
    from ledger.store.pool import connect_owner, create_pool

    url = database_url(settings)
    await _migrate(url)
    owner = await connect_owner(url)
    pool = await create_pool(url, minimum=1, maximum=4)
    try:
        return await seed(
            owner,
            pool,
            settings.home / "demo-secrets.json",
            household_count=households,
            base_url=settings.public_url or f"http://{settings.host}:{settings.port}",
        )
    finally:
        await pool.close()
        await owner.close()


DEMO_ROLE_LABELS = {
    "counter": "超市管理员 counter",
    "scorer": "网格员 scorer",
    "committee": "村两委 committee",
    "supervisor": "监督委员会 supervisor",
    "admin": "管理员 admin",
    "township": "乡镇 township (read only)",
    "county": "县 county (read only)",
}
DEMO_CARDS_SHOWN = 3


def command_demo(settings: Settings, arguments: argparse.Namespace) -> int:
    demo = asyncio.run(_demo(settings, arguments.households))
    if arguments.json:
        print(json.dumps(demo, ensure_ascii=False))
        return 0
    base = demo["base_url"]
    print(
        f"示范村 demo community {demo['community_id']}: {len(demo['households'])} households, "
        f"{len(demo['rules'])} rules, {len(demo['goods'])} goods"
    )
    print(f"\n  open on a phone or a PC  {base}")
    if arguments.qr:
        import segno

        # A phone on the office Wi-Fi scans this instead of typing the address.
        segno.make_qr(base, error="m").terminal(compact=True)
    print(f"  staff log-in  {base}/login")
    for role, login in {**demo["staff"], **demo["oversight"]}.items():
        print(f"    {login['username']:<16} {login['password']:<18} {DEMO_ROLE_LABELS.get(role, role)}")
    print("  resident cards (QR page, and the short code to type at the counter)")
    for household in demo["households"][:DEMO_CARDS_SHOWN]:
        print(f"    {household['number']:<5} {household['short_code']}  {household['card_url']}")
    print(f"  the public board  {base}/board/{demo['community_id']}")
    return 0


async def _communities(url: str, only: str | None) -> list[uuid.UUID]:
    from ledger.store import queries
    from ledger.store.pool import connect_owner

    if only is not None:
        return [uuid.UUID(only)]
    connection = await connect_owner(url)
    try:
        return await queries.community_ids(connection)
    finally:
        await connection.close()


async def _verify(url: str, only: str | None) -> int:
    from ledger.store import integrity
    from ledger.store.pool import connect_owner

    connection = await connect_owner(url)
    failures = 0
    try:
        for community_id in await _communities(url, only):
            report = await integrity.verify(connection, community_id)
            if report is None:
                print(f"{community_id}: no such community")
                failures += 1
            elif report.ok:
                print(
                    f"{community_id}: ok, {report.events} events, head {report.head_seq} {report.head_hash}"
                )
            else:
                print(f"{community_id}: BROKEN at seq {report.first_bad_seq}: {report.problem}")
                failures += 1
    finally:
        await connection.close()
    return 1 if failures else 0


def command_verify(settings: Settings, arguments: argparse.Namespace) -> int:
    return asyncio.run(_verify(database_url(settings), arguments.community))


async def _rebuild(url: str, only: str | None, check_only: bool) -> int:
    from ledger.store import integrity
    from ledger.store.pool import connect_owner

    connection = await connect_owner(url)
    differing = 0
    try:
        for community_id in await _communities(url, only):
            if check_only:
                found: list[str] = []
                remaining = await integrity.check_rebuild(connection, community_id)
            else:
                found, remaining = await integrity.rebuild(connection, community_id)
            differing += len(remaining)
            for line in found:
                print(f"{community_id}: corrected: {line}")
            for line in remaining:
                print(f"{community_id}: differs: {line}")
            if not found and not remaining:
                print(f"{community_id}: matches the log")
            else:
                print(f"{community_id}: {len(found)} rows corrected, {len(remaining)} differ")
            if remaining and not check_only:
                print(
                    f"{community_id}: rebuild does not rewrite these (reversals, carry-overs): the tables "
                    "were changed behind the record; compare with a backup (ops/restore)"
                )
    finally:
        await connection.close()
    return 1 if differing else 0


def command_rebuild(settings: Settings, arguments: argparse.Namespace) -> int:
    return asyncio.run(_rebuild(database_url(settings), arguments.community, arguments.check))


async def _with_database(settings: Settings, work):  # work(owner, pool) -> result
    from ledger.store.pool import connect_owner, create_pool

    url = database_url(settings)
    await _migrate(url)
    owner = await connect_owner(url)
    pool = await create_pool(url, minimum=1, maximum=2)
    try:
        return await work(owner, pool)
    finally:
        await pool.close()
        await owner.close()


def command_community_create(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger.services import operator

    community_id, created = asyncio.run(
        _with_database(
            settings,
            lambda owner, pool: operator.create_community(
                owner,
                pool,
                arguments.county,
                arguments.township,
                arguments.name,
                arguments.time_zone,
                arguments.deductions_may_overdraw,
            ),
        )
    )
    print(f"{'created' if created else 'exists'}: {arguments.name} {community_id}")
    return 0


def _new_password() -> str:
    """From LEDGER_NEW_PASSWORD (for scripts), else asked twice on the terminal."""
    import getpass

    password = os.environ.get("LEDGER_NEW_PASSWORD")
    if password:
        return password
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise SystemExit("the two passwords differ")
    return first


def command_user_create(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger.domain.errors import Refused
    from ledger.services import operator

    roles = [(uuid.UUID(arguments.community), role) for role in arguments.role] if arguments.community else []
    if arguments.role and not arguments.community:
        raise SystemExit("--role needs --community")
    township = (arguments.county, arguments.oversee_township) if arguments.oversee_township else None
    if township and not arguments.county:
        raise SystemExit("--oversee-township needs --county")
    password = _new_password()
    try:
        user_id = asyncio.run(
            _with_database(
                settings,
                lambda owner, pool: operator.create_user(
                    owner,
                    pool,
                    arguments.username,
                    password,
                    arguments.display_name,
                    roles,
                    township,
                    arguments.oversee_county,
                ),
            )
        )
    except Refused as refusal:
        raise SystemExit(f"{refusal.code}: {refusal.detail}") from None
    print(f"user {arguments.username} {user_id}")
    return 0


def command_tick(settings: Settings, arguments: argparse.Namespace) -> int:
    import datetime

    from ledger.services import publicity

    as_of = datetime.date.fromisoformat(arguments.as_of) if arguments.as_of else None

    async def work(owner, pool):
        return await publicity.confirm_due(pool, as_of)

    confirmed = asyncio.run(_with_database(settings, work))
    for community_id, count in confirmed.items():
        print(f"{community_id}: confirmed {count}")
    print(f"confirmed {sum(confirmed.values())} awards whose publicity had ended")
    return 0


def command_settle(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger.domain.errors import Refused
    from ledger.store import settlement as store

    async def work(owner, pool):
        communities = await _communities(database_url(settings), arguments.community)
        return [
            (community_id, await store.settle(pool, community_id, arguments.year))
            for community_id in communities
        ]

    try:
        results = asyncio.run(_with_database(settings, work))
    except Refused as refusal:
        raise SystemExit(f"{refusal.code}: {refusal.detail}") from None
    for community_id, answer in results:
        state = "already settled" if answer["replayed"] else "settled"
        print(
            f"{community_id}: {answer['year']} {state} ({answer['policy']}): "
            f"{answer['points_expired']} points expired from {answer['households']} households"
        )
    return 0


async def _heads(url: str) -> list[tuple[str, int, str]] | None:
    """Every community's chain head (None: the database holds no ledger)."""
    from ledger.store.pool import connect_owner

    connection = await connect_owner(url)
    try:
        if not await connection.fetchval("SELECT to_regclass('public.community_heads') IS NOT NULL"):
            return None
        rows = await connection.fetch(
            "SELECT community_id, head_seq, head_hash FROM community_heads ORDER BY community_id"
        )
    finally:
        await connection.close()
    return [(str(row["community_id"]), row["head_seq"], row["head_hash"].hex()) for row in rows]


def command_backup(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger import backup

    url = database_url(settings)
    path = Path(arguments.file).resolve()
    heads = asyncio.run(_heads(url))
    if heads is None:
        print("nothing to back up: this database holds no ledger (ledger migrate makes one)", file=sys.stderr)
        return 1
    try:
        backup.dump(url, path)
    except backup.BackupFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"backed up to {path} ({path.stat().st_size:,} bytes), {len(heads)} communities; their heads as it began (the file holds at least these):"
    )
    for community_id, seq, head_hash in heads:
        print(f"  {community_id} #{seq} {head_hash}")
    return 0


async def _empty_for_restore(url: str) -> bool:
    """Whether the database holds no ledger yet; if so, the serving role is made ready (it
    lives in the server, not in the dump)."""
    from ledger.store.pool import connect_owner

    connection = await connect_owner(url)
    try:
        if await connection.fetchval("SELECT to_regclass('public.events') IS NOT NULL"):
            return False
        await connection.execute(
            """DO $$ BEGIN
                   IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_app') THEN
                       CREATE ROLE ledger_app NOLOGIN;
                   END IF;
               END $$;
               GRANT ledger_app TO CURRENT_USER"""
        )
        return True
    finally:
        await connection.close()


def command_restore(settings: Settings, arguments: argparse.Namespace) -> int:
    from ledger import backup

    url = database_url(settings)
    if not asyncio.run(_empty_for_restore(url)):
        print("refused: the database already holds a ledger; restore into an empty one", file=sys.stderr)
        return 1
    try:
        backup.restore(url, Path(arguments.file))
    except backup.BackupFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(f"restored {arguments.file}; checking every chain and every projection:")
    chains = asyncio.run(_verify(url, None))
    projections = asyncio.run(_rebuild(url, None, check_only=True))
    return 1 if chains or projections else 0


def command_lan_address(_: Settings, __: argparse.Namespace) -> int:
    from ledger.network import lan_address

    address = lan_address()
    if address is None:
        print("ledger: this machine has no network address but loopback", file=sys.stderr)
        return 1
    print(address)
    return 0


def command_database_url(settings: Settings, _: argparse.Namespace) -> int:
    print(database_url(settings))
    return 0


def command_stop_database(settings: Settings, _: argparse.Namespace) -> int:
    embedded.stop(settings.home)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ledger", description="爱心积分账本 · Love-Supermarket Points Ledger"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve HTTP on LEDGER_HOST:LEDGER_PORT (migrates first)")
    serve.add_argument("--pool-size", type=int, default=10)
    serve.add_argument("--workers", type=int, default=1, help="server processes (each with its own pool)")
    serve.set_defaults(run=command_serve)
    sub.add_parser("migrate", help="apply the migrations in schema/").set_defaults(run=command_migrate)
    demo = sub.add_parser("demo", help="seed the demo community 示范村 (idempotent)")
    demo.add_argument("--json", action="store_true", help="print logins, households, goods and rules as JSON")
    demo.add_argument("--households", type=int, default=50)
    demo.add_argument("--qr", action="store_true", help="also print the address as a QR code for phones")
    demo.set_defaults(run=command_demo)
    verify = sub.add_parser("verify", help="walk every hash chain; name the first bad seq")
    verify.add_argument("--community")
    verify.set_defaults(run=command_verify)
    rebuild = sub.add_parser("rebuild", help="replay the log into the projections")
    rebuild.add_argument("--check", action="store_true", help="only report differences (exit 1 if any)")
    rebuild.add_argument("--community")
    rebuild.set_defaults(run=command_rebuild)
    community = sub.add_parser("community", help="set up communities").add_subparsers(
        dest="action", required=True
    )
    create_community = community.add_parser("create", help="create a community (and its township and county)")
    create_community.add_argument("--county", required=True)
    create_community.add_argument("--township", required=True)
    create_community.add_argument("--name", required=True)
    create_community.add_argument("--time-zone", default="Asia/Shanghai")
    create_community.add_argument("--deductions-may-overdraw", action="store_true")
    create_community.set_defaults(run=command_community_create)
    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="action", required=True)
    create_user = user.add_parser(
        "create", help="create a user (password from LEDGER_NEW_PASSWORD or asked) and grant roles"
    )
    create_user.add_argument("username")
    create_user.add_argument("--display-name", default="")
    create_user.add_argument("--community", help="community id for --role")
    create_user.add_argument(
        "--role",
        action="append",
        default=[],
        choices=["counter", "scorer", "committee", "supervisor", "admin"],
    )
    create_user.add_argument("--county", help="with --oversee-township: the township's county")
    create_user.add_argument("--oversee-township", help="read-only oversight of a township's communities")
    create_user.add_argument("--oversee-county", help="read-only oversight of a county's communities")
    create_user.set_defaults(run=command_user_create)
    tick = sub.add_parser("tick", help="confirm awards whose publicity has ended (for cron)")
    tick.add_argument("--as-of", help="a date (YYYY-MM-DD) instead of each community's today")
    tick.set_defaults(run=command_tick)
    settle = sub.add_parser("settle", help="year-end settlement: carry over or expire by policy (idempotent)")
    settle.add_argument("--year", type=int, required=True)
    settle.add_argument("--community")
    settle.set_defaults(run=command_settle)
    backup = sub.add_parser("backup", help="write the whole database to FILE (pg_dump, custom format)")
    backup.add_argument("file")
    backup.set_defaults(run=command_backup)
    restore = sub.add_parser("restore", help="load FILE into an empty database, then verify every chain")
    restore.add_argument("file")
    restore.set_defaults(run=command_restore)
    sub.add_parser("database-url", help="print the database URL in use").set_defaults(
        run=command_database_url
    )
    sub.add_parser("lan-address", help="print this machine's address on the local network").set_defaults(
        run=command_lan_address
    )
    sub.add_parser("stop-database", help="stop the embedded PostgreSQL").set_defaults(
        run=command_stop_database
    )
    arguments = parser.parse_args(argv)
    return int(arguments.run(Settings.from_environment(), arguments))


if __name__ == "__main__":
    sys.exit(main())
