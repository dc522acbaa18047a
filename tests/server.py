"""A real server process (`ledger serve`) on a free port, for tests over real HTTP and in a
browser; and a community of its own per test, with a bearer token per role."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support import Village, new_village, session_token


@dataclass(frozen=True)
class Server:
    base_url: str
    log_path: Path
    database_url: str

    def log_lines_with(self, text: str, seconds: float = 30.0) -> list[str]:
        """The log's lines holding `text`, once there are any. The server writes a request's
        line after it has sent the answer, so the test may read before the line is there:
        it waits for it (as long as a loaded machine may need), and never for a fixed time."""
        deadline = time.monotonic() + seconds
        while True:
            lines = [line for line in self.log_path.read_text().splitlines() if text in line]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    environment = {
        **os.environ,
        "LEDGER_DATABASE_URL": database_url,
        "LEDGER_HOST": "127.0.0.1",
        "LEDGER_PORT": str(port),
        "LEDGER_TICK_SECONDS": "0.5",  # the background confirmation task runs often here
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ledger.cli", "serve", "--pool-size", "20"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base_url + "/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the server did not start:\n" + log_path.read_text())
        time.sleep(0.1)
    yield Server(base_url, log_path, database_url)
    process.terminate()
    process.wait(10)


@pytest.fixture
async def client(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    """Each test calls from an address of its own (the server trusts X-Forwarded-For from
    127.0.0.1, as behind the reverse proxy), so the per-address limits on log-ins and card
    look-ups count one test's requests, never the whole suite's; a request may still name
    its own address."""
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    async with httpx.AsyncClient(
        base_url=server.base_url, timeout=60, limits=limits, headers={"X-Forwarded-For": address}
    ) as client:
        yield client


@dataclass
class Staffed:
    """A community of its own, with a bearer token per role."""

    village: Village
    tokens: dict[str, str]

    @property
    def api(self) -> str:
        return f"/api/v1/communities/{self.village.community_id}"

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
async def staffed(pool, client: httpx.AsyncClient) -> Staffed:
    village = await new_village(pool)
    return Staffed(
        village, {role: await session_token(pool, user_id) for role, user_id in village.staff.items()}
    )
