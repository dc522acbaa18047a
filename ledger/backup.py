"""Backups: the whole database with pg_dump in PostgreSQL's custom format, and its restore
into an empty database, after which every community's chain is walked and every
projection compared with its log — a restore is only reported good when the record is.

The programs are the bundled PostgreSQL 16 ones (they read servers up to 16); for a newer
server set LEDGER_PG_BIN to the folder of its own pg_dump and pg_restore.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ledger import embedded
from ledger.progress import Shown


class BackupFailed(Exception):
    pass


def _program(name: str) -> str:
    folder = os.environ.get("LEDGER_PG_BIN")
    return str(Path(folder) / name) if folder else str(embedded.binaries() / name)


def _run(command: list[str]) -> None:
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupFailed(f"{Path(command[0]).name} failed: {finished.stderr.strip()}")


# What pg_dump and pg_restore say (with --verbose) as each table's rows begin: the progress
# they can tell. Their other lines are kept for the error, should the program fail.
_DUMPING_TABLE = "dumping contents of table "
_LOADING_TABLE = "processing data for table "


def _run_counting_tables(command: list[str], marker: str, shown: Shown | None) -> None:
    """Run a program with --verbose, telling `shown` of each table as its rows begin (so the
    count is of tables begun; the last is done when the program ends)."""
    kept: list[str] = []
    with subprocess.Popen([*command, "--verbose"], stderr=subprocess.PIPE, text=True) as running:
        assert running.stderr is not None
        for line in running.stderr:
            if marker in line:
                if shown is not None:
                    shown.advance()
            elif ": error: " in line or ": warning: " in line or not line.startswith(Path(command[0]).name):
                kept.append(line.rstrip("\n"))
    if running.returncode != 0:
        raise BackupFailed(f"{Path(command[0]).name} failed: {chr(10).join(kept).strip()}")


def dump(database_url: str, path: Path, shown: Shown | None = None) -> None:
    """Write the database to `path` (custom format: compressed, restorable table by table),
    then read the file's table of contents back, so an unreadable file fails now."""
    partial = path.with_name(path.name + ".partial")
    _run_counting_tables(
        [_program("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", database_url],
        _DUMPING_TABLE,
        shown,
    )
    _run([_program("pg_restore"), "--list", str(partial)])
    partial.replace(path)  # never a half-written file under the backup's name


def tables_in(path: Path) -> int:
    """How many tables' rows the backup file holds (its table of contents' TABLE DATA)."""
    return len(_table_data_entries(path))


def restore(database_url: str, path: Path, shown: Shown | None = None) -> None:
    """Load `path` into the (empty) database in one transaction: all of it or nothing."""
    _run_counting_tables(
        [
            _program("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database_url}",
            str(path),
        ],
        _LOADING_TABLE,
        shown,
    )


def migrations_in(path: Path) -> list[tuple[int, str, str]]:
    """The migrations the backed-up database had applied (version, name, checksum), read
    from the file's copy of schema_migrations."""
    finished = subprocess.run(
        [_program("pg_restore"), "--data-only", "--table=schema_migrations", "--file=-", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise BackupFailed(f"pg_restore failed: {finished.stderr.strip()}")
    rows, inside = [], False
    for line in finished.stdout.splitlines():
        if line.startswith("COPY public.schema_migrations "):
            inside = True
        elif line == "\\.":
            inside = False
        elif inside:
            version, name, checksum, *_ = line.split("\t")
            rows.append((int(version), name, checksum))
    return sorted(rows)


def _table_data_entries(path: Path) -> dict[str, str]:
    """The lines of the file's table of contents that hold a table's rows, by table."""
    contents = subprocess.run(
        [_program("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if contents.returncode != 0:
        raise BackupFailed(f"pg_restore failed: {contents.stderr.strip()}")
    # A line of the table of contents reads "3201; 0 18291 TABLE DATA public events owner".
    return {line.split()[6]: line for line in contents.stdout.splitlines() if " TABLE DATA public " in line}


def load_data(database_url: str, path: Path, tables: list[str], shown: Shown | None = None) -> None:
    """Load the rows of `tables` from `path`, in that order, into a database whose schema
    is already made, in one transaction: all of it or nothing."""
    data_of = _table_data_entries(path)
    entries = [data_of[table] for table in tables if table in data_of]
    if shown is not None:
        shown.total(len(entries))
    chosen = path.with_name(path.name + ".tables")
    # pg_restore --use-list loads the entries in the order of the list's lines.
    chosen.write_text("".join(entry + "\n" for entry in entries))
    try:
        command = [_program("pg_restore"), "--data-only", "--exit-on-error", "--single-transaction"]
        _run_counting_tables(
            [*command, f"--use-list={chosen}", f"--dbname={database_url}", str(path)], _LOADING_TABLE, shown
        )
    finally:
        chosen.unlink(missing_ok=True)
