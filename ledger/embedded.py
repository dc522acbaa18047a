"""The embedded PostgreSQL (the `pgserver` package: a real PostgreSQL 16) under .ledger/.

It is started once and left running, so `ledger serve`, `ledger migrate` and the tests
all reach the same server; `ops/run` and `ops/test` stop it with `ledger stop-database`.
If it stops any other way (a crash, kill -9, `pg_ctl stop -m immediate`), a serving
process starts it again (`start_if_stopped`, run by ledger/database_watch.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

DATABASE_NAME = "ledger"

# Held by whoever starts the server again, so that several server processes (uvicorn
# workers) never start it at once, and by anyone who needs it to stay down a while.
_RESTART_LOCK = "database-restart.lock"
# Left by `ledger stop-database`: the operator stopped it, and no server process undoes that.
_STOPPED_ON_PURPOSE = "database-stopped-on-purpose"


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
    (home / _STOPPED_ON_PURPOSE).unlink(missing_ok=True)
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
    """Stop the server on purpose (`ledger stop-database`): it stays stopped until
    `ensure_database` starts it."""
    if home.is_dir():
        (home / _STOPPED_ON_PURPOSE).touch()
    _pg_ctl_stop(home, "fast")


def stop_abruptly(home: Path) -> None:
    """Stop the server as a crash would (`pg_ctl stop -m immediate`: no checkpoint, clients
    cut off), for the outage tests and drills; a serving process starts it again."""
    _pg_ctl_stop(home, "immediate")


def _pg_ctl_stop(home: Path, mode: str) -> None:
    pgdata = home / "pgdata"
    # A postmaster still starting up (just started again by a watch) may not take the signal
    # yet: pg_ctl then fails and is asked again, up to a few times.
    for attempt in range(_STOP_ATTEMPTS):
        if not (pgdata / "postmaster.pid").exists():
            return
        owner = pgdata.owner()
        command = [str(binaries() / "pg_ctl"), "-D", str(pgdata), "-m", mode, "-w", "stop"]
        if owner != _current_user():
            command = ["su", owner, "-s", "/bin/sh", "-c", " ".join(command)]
        stopped = subprocess.run(command, check=False, capture_output=True, text=True)
        if not is_running(home):
            return
        if attempt == _STOP_ATTEMPTS - 1:
            raise RuntimeError(f"pg_ctl could not stop the database: {stopped.stderr.strip()}")
        time.sleep(0.5)


_STOP_ATTEMPTS = 10


def is_running(home: Path) -> bool:
    """Whether the postmaster named in postmaster.pid is alive (a file left by a crash, or
    its number since reused by another program, does not count)."""
    import psutil  # pgserver's own dependency

    try:
        pid = int((home / "pgdata" / "postmaster.pid").read_text().split("\n", 1)[0])
        return psutil.Process(pid).name() == "postgres"
    except (FileNotFoundError, ValueError, psutil.NoSuchProcess, psutil.ZombieProcess):
        return False


@contextlib.contextmanager
def restarts_held(home: Path) -> Iterator[None]:
    """While inside, no server process starts the database again (it waits for its next round)."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / _RESTART_LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # closing the file lets the lock go


def start_if_stopped(home: Path) -> bool:
    """Start the server if it stopped by itself; True when this call started it. False when
    it runs, when it was stopped on purpose (`stop`), or while restarts are held."""
    if is_running(home) or (home / _STOPPED_ON_PURPOSE).exists():
        return False
    with (home / _RESTART_LOCK).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if is_running(home):  # another server process started it meanwhile
            return False
        server = _server(home)  # a process's first handle starts the server itself
        with server._lock:  # pgserver's own lock around its start (checks, then pg_ctl start)
            server.ensure_postgres_running()
        return True


def _current_user() -> str:
    import getpass

    return getpass.getuser()
