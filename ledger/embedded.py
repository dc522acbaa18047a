"""The embedded PostgreSQL (the `pgserver` package: a real PostgreSQL 16) under .ledger/.

It is started once and left running, so `ledger serve`, `ledger migrate` and the tests
all reach the same server; `ops/run` and `ops/test` stop it with `ledger stop-database`.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

DATABASE_NAME = "ledger"


def _pgserver():  # -> the pgserver module, imported late: only embedded use needs it
    with warnings.catch_warnings():
        # pgserver keeps its lock under XDG_RUNTIME_DIR and warns when a server shell has none.
        warnings.simplefilter("ignore")
        import pgserver
        import pgserver._commands
    return pgserver


def _server(home: Path):
    pgserver = _pgserver()

    home.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(home / "pgdata", cleanup_mode=None)


def ensure_database(home: Path, database: str = DATABASE_NAME, *, fresh: bool = False) -> str:
    """Start the server if needed, create `database` if missing (anew when `fresh`), and
    return its URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", database):
        raise ValueError(f"not a plain database name: {database!r}")
    server = _server(home)
    if fresh:
        server.psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE);")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608 name checked above
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {database};")
    return server.get_uri(database)


def binaries() -> Path:
    """The folder of the bundled PostgreSQL programs (psql, pgbench, pg_dump …)."""
    return Path(_pgserver()._commands.POSTGRES_BIN_PATH)


def stop(home: Path) -> None:
    pgdata = home / "pgdata"
    if (pgdata / "postmaster.pid").exists():
        owner = pgdata.owner()
        command = [str(binaries() / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"]
        if owner != _current_user():
            command = ["su", owner, "-s", "/bin/sh", "-c", " ".join(command)]
        subprocess.run(command, check=False, capture_output=True)


def _current_user() -> str:
    import getpass

    return getpass.getuser()
