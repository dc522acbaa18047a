"""The `ledger` command (DESIGN §4): serve, migrate, demo, verify, rebuild, and the
operator's other tools. Each subject's commands live in their own module; every command
calls the use cases of ledger.services and prints what they return."""

from __future__ import annotations

import argparse

from ledger.cli import backup, database, demo, operators, records, scheduled
from ledger.config import Settings
from ledger.domain.roles import COMMUNITY_ROLES


def _add_serving(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve HTTP on LEDGER_HOST:LEDGER_PORT (migrates first)")
    serve.add_argument("--pool-size", type=int, default=10)
    serve.add_argument("--workers", type=int, default=1, help="server processes (each with its own pool)")
    serve.set_defaults(run=database.command_serve)
    sub.add_parser("migrate", help="apply the migrations in schema/").set_defaults(
        run=database.command_migrate
    )
    seed = sub.add_parser("demo", help="seed the demo community 示范村 (idempotent)")
    seed.add_argument("--json", action="store_true", help="print logins, households, goods and rules as JSON")
    seed.add_argument("--households", type=int, default=50)
    seed.add_argument("--qr", action="store_true", help="also print the address as a QR code for phones")
    seed.set_defaults(run=demo.command_demo)


def _add_records(sub: argparse._SubParsersAction) -> None:
    verify = sub.add_parser("verify", help="walk every hash chain; name the first bad seq")
    verify.add_argument("--community")
    verify.set_defaults(run=records.command_verify)
    rebuild = sub.add_parser("rebuild", help="replay the log into the projections")
    rebuild.add_argument("--check", action="store_true", help="only report differences (exit 1 if any)")
    rebuild.add_argument("--community")
    rebuild.set_defaults(run=records.command_rebuild)


def _add_operators(sub: argparse._SubParsersAction) -> None:
    community = sub.add_parser("community", help="set up communities").add_subparsers(
        dest="action", required=True
    )
    create_community = community.add_parser("create", help="create a community (and its township and county)")
    create_community.add_argument("--county", required=True)
    create_community.add_argument("--township", required=True)
    create_community.add_argument("--name", required=True)
    create_community.add_argument("--time-zone", default="Asia/Shanghai")
    create_community.add_argument("--deductions-may-overdraw", action="store_true")
    create_community.set_defaults(run=operators.command_community_create)
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
        choices=[str(role) for role in COMMUNITY_ROLES],
    )
    create_user.add_argument("--county", help="with --oversee-township: the township's county")
    create_user.add_argument("--oversee-township", help="read-only oversight of a township's communities")
    create_user.add_argument("--oversee-county", help="read-only oversight of a county's communities")
    create_user.set_defaults(run=operators.command_user_create)


def _add_scheduled(sub: argparse._SubParsersAction) -> None:
    tick = sub.add_parser("tick", help="confirm awards whose publicity has ended (for cron)")
    tick.add_argument("--as-of", help="a date (YYYY-MM-DD) instead of each community's today")
    tick.set_defaults(run=scheduled.command_tick)
    settle = sub.add_parser("settle", help="year-end settlement: carry over or expire by policy (idempotent)")
    settle.add_argument("--year", type=int, required=True)
    settle.add_argument("--community")
    settle.set_defaults(run=scheduled.command_settle)


def _add_backups(sub: argparse._SubParsersAction) -> None:
    dump = sub.add_parser("backup", help="write the whole database to FILE (pg_dump, custom format)")
    dump.add_argument("file")
    dump.set_defaults(run=backup.command_backup)
    restore = sub.add_parser("restore", help="load FILE into an empty database, then verify every chain")
    restore.add_argument("file")
    restore.set_defaults(run=backup.command_restore)


def _add_database_tools(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("database-url", help="print the database URL in use").set_defaults(
        run=database.command_database_url
    )
    sub.add_parser("lan-address", help="print this machine's address on the local network").set_defaults(
        run=database.command_lan_address
    )
    sub.add_parser("stop-database", help="stop the embedded PostgreSQL").set_defaults(
        run=database.command_stop_database
    )


def parser() -> argparse.ArgumentParser:
    """Every command, in the order `ledger --help` lists them."""
    whole = argparse.ArgumentParser(
        prog="ledger", description="爱心积分账本 · Love-Supermarket Points Ledger"
    )
    sub = whole.add_subparsers(dest="command", required=True)
    for add in (
        _add_serving,
        _add_records,
        _add_operators,
        _add_scheduled,
        _add_backups,
        _add_database_tools,
    ):
        add(sub)
    return whole


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return int(arguments.run(Settings.from_environment(), arguments))
