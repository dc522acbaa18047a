"""The run's own server and PostgreSQL: `ledger serve` started, killed and started again; the
database stopped as a crash would; readiness polled; `ledger` commands run against them."""

from __future__ import annotations

import asyncio
import getpass
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ledger import embedded

ROOT = Path(__file__).resolve().parents[2]
POOL_SIZE = 10
SERVER_START_SECONDS = 60.0
LEDGER_COMMAND_SECONDS = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment_for(home: Path) -> dict[str, str]:
    """The embedded PostgreSQL under `home` (no LEDGER_DATABASE_URL): the server owns it and
    is the one to start it again after a stop."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LEDGER_")}
    environment["LEDGER_HOME"] = str(home)
    return environment


class ServerProcess:
    """`ledger serve` on 127.0.0.1:port, its output appended to one log across restarts."""

    def __init__(self, home: Path, port: int) -> None:
        self.home = home
        self.port = port
        self.log_path = home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        environment = {
            **environment_for(self.home),
            "LEDGER_HOST": "127.0.0.1",
            "LEDGER_PORT": str(self.port),
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ledger.cli", "serve", "--pool-size", str(POOL_SIZE)],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, in-flight requests get no answer."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def stop_database_immediately(home: Path) -> str:
    """`pg_ctl stop -m immediate`: the postmaster and every backend quit at once, with no
    checkpoint (as a crash would), so PostgreSQL replays its WAL when it next starts."""
    pgdata = home / "pgdata"
    command = [str(embedded.binaries() / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "-w", "stop"]
    owner = pgdata.owner()
    if owner != getpass.getuser():  # run as root, pgserver runs PostgreSQL as a user of its own
        command = ["su", owner, "-s", "/bin/sh", "-c", shlex.join(command)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return (finished.stdout + finished.stderr).strip()


async def wait_ready(client: httpx.AsyncClient, seconds: float) -> tuple[bool, float]:
    """Poll /readyz until it answers 200 or `seconds` pass: (ready, seconds waited)."""
    started = time.monotonic()
    while True:
        try:
            if (await client.get("/readyz", timeout=2)).status_code == 200:
                return True, time.monotonic() - started
        except httpx.TransportError:
            pass
        if time.monotonic() - started > seconds:
            return False, time.monotonic() - started
        await asyncio.sleep(0.2)


async def wait_not_ready(client: httpx.AsyncClient, seconds: float) -> bool:
    """Whether /readyz was seen saying not ready (or not answering) within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if (await client.get("/readyz", timeout=2)).status_code != 200:
                return True
        except httpx.TransportError:
            return True
        await asyncio.sleep(0.1)
    return False


def ledger_check(home: Path, *arguments: str) -> tuple[bool, str]:
    """`ledger ARGUMENTS` on the run's own home: (succeeded, its output)."""
    finished = subprocess.run(
        [sys.executable, "-m", "ledger.cli", *arguments],
        env=environment_for(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=LEDGER_COMMAND_SECONDS,
        check=False,
    )
    return finished.returncode == 0, (finished.stdout + finished.stderr).strip()
