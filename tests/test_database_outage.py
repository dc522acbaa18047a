"""Database outages, for real: a `ledger serve` process on an embedded PostgreSQL of its own
(a LEDGER_HOME in a tmp folder, never the suite's shared one) whose database is stopped
with `pg_ctl stop -m immediate`. While it is down every request that needs it answers 503
database_unavailable with Retry-After (a problem on the API, the Chinese page on pages),
/readyz says not ready and /healthz stays up; when it returns the same server serves
again — started again by the server's own watch (embedded), or by hand (LEDGER_DATABASE_URL).
A redemption whose answer was lost is answered its logged event on retry, once in the log.

No timed assertions: each wait polls with a generous deadline, and the watch is held off
(embedded.restarts_held) while the outage is looked at, so it cannot come back early.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from ledger import embedded
from ledger.store.migrations import migrate
from ledger.store.pool import connect_owner, create_pool
from tests.server import _free_port
from tests.support import add_goods, add_household, give_points, new_village, session_token

pytestmark = pytest.mark.anyio

DEADLINE_SECONDS = 90.0  # generous: a loaded machine is slow, never wrong
RESTARTED = "the embedded database had stopped; started it again"
ENGLISH = {"Accept-Language": "en"}


@dataclass(frozen=True)
class OwnDatabase:
    home: Path
    url: str
    community_id: uuid.UUID
    household_id: uuid.UUID
    goods_id: uuid.UUID
    counter_token: str

    @property
    def api(self) -> str:
        return f"/api/v1/communities/{self.community_id}"

    def counter(self, key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.counter_token}"}
        return headers | ({"Idempotency-Key": key} if key else {})

    def cart(self) -> dict:
        return {
            "household_id": str(self.household_id),
            "lines": [{"goods_id": str(self.goods_id), "quantity": 1}],
        }


async def _seed(url: str) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]:
    owner = await connect_owner(url)
    try:
        await migrate(owner)
    finally:
        await owner.close()
    pool = await create_pool(url, minimum=1, maximum=2)
    try:
        village = await new_village(pool)
        household = await add_household(pool, village, "001")
        await give_points(pool, village, household, 100)
        goods = await add_goods(pool, village, "G01", 5, 100)
        return village.community_id, household, goods, await session_token(pool, village.staff["counter"])
    finally:
        await pool.close()


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnDatabase]:
    home = tmp_path_factory.mktemp("outage") / "ledger-home"
    url = embedded.ensure_database(home)  # the name `ledger serve` uses with no LEDGER_DATABASE_URL
    try:
        yield OwnDatabase(home, url, *asyncio.run(_seed(url)))
    finally:
        embedded.stop(home)


@dataclass
class Serving:
    base_url: str
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def start_server(own_database: OwnDatabase, tmp_path: Path) -> Iterator[Callable[[bool], Serving]]:
    """`start_server(embedded_mode)`: `ledger serve` on the own database; embedded_mode: with
    no LEDGER_DATABASE_URL (the server owns and watches the database), else with it."""
    started: list[Serving] = []

    def start(embedded_mode: bool) -> Serving:
        port = _free_port()
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("LEDGER_DATABASE_URL", "LEDGER_EMBEDDED_HOME", "LEDGER_PUBLIC_URL")
        }
        environment |= {
            "LEDGER_HOME": str(own_database.home),
            "LEDGER_HOST": "127.0.0.1",
            "LEDGER_PORT": str(port),
        }
        if not embedded_mode:
            environment["LEDGER_DATABASE_URL"] = own_database.url
        log_path = tmp_path / f"server-{len(started)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "ledger.cli", "serve"],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        serving = Serving(f"http://127.0.0.1:{port}", log_path, process)
        started.append(serving)
        _wait_for(lambda: _ready(serving), serving, "the server did not start")
        return serving

    yield start
    for serving in started:
        serving.process.terminate()
        serving.process.wait(30)
    # Whatever a test left stopped is started again for the next one.
    embedded.start_if_stopped(own_database.home)


def _ready(serving: Serving) -> bool:
    try:
        return httpx.get(serving.base_url + "/readyz", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _wait_for(condition: Callable[[], bool], serving: Serving, failure: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if serving.process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{failure}:\n{serving.log()}")
        time.sleep(0.1)


def _stop_abruptly(own_database: OwnDatabase) -> None:
    embedded.stop_abruptly(own_database.home)  # pg_ctl stop -m immediate, as a crash would
    assert not embedded.is_running(own_database.home)


def _assert_unavailable(own_database: OwnDatabase, serving: Serving, key: str) -> None:
    """What every kind of request answers while the database is down."""
    with httpx.Client(base_url=serving.base_url, timeout=30) as client:
        # The first request after the stop may be the one whose pooled connection turns
        # out to be dead; it and every other answers 503.
        households = client.get(f"{own_database.api}/households", headers=own_database.counter())
        assert households.status_code == 503, households.text
        assert households.headers["content-type"].startswith("application/problem+json")
        assert int(households.headers["retry-after"]) > 0
        problem = households.json()
        assert (problem["status"], problem["code"]) == (503, "database_unavailable")
        assert problem["detail"] == "系统暂时不可用，请稍后再试"
        assert households.headers["content-language"] == "zh-CN"

        english = client.get(f"{own_database.api}/households", headers=own_database.counter() | ENGLISH)
        assert english.status_code == 503
        assert english.json()["detail"] == "the system is unavailable for a moment; please try again shortly"

        sale = client.post(
            f"{own_database.api}/redemptions", json=own_database.cart(), headers=own_database.counter(key)
        )
        assert sale.status_code == 503, sale.text
        assert sale.json()["code"] == "database_unavailable"
        assert int(sale.headers["retry-after"]) > 0

        board = client.get(f"/board/{own_database.community_id}")
        assert board.status_code == 503, board.text
        assert board.headers["content-type"].startswith("text/html")
        assert int(board.headers["retry-after"]) > 0
        assert "系统暂时不可用，请稍后再试" in board.text
        assert 'http-equiv="refresh"' in board.text  # the page asked for comes back by itself
        english_board = client.get(f"/board/{own_database.community_id}", headers=ENGLISH)
        assert english_board.status_code == 503
        assert "unavailable for a moment" in english_board.text
        assert "系统暂时不可用" not in english_board.text

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.headers["content-type"].startswith("application/problem+json")
        assert ready.json()["code"] == "database_unavailable"
        assert int(ready.headers["retry-after"]) > 0
        assert client.get("/healthz").status_code == 200
    assert "internal_error" not in serving.log()


def _assert_one_json_line_per_event(serving: Serving) -> None:
    """The server's log through the outage: asyncpg's and uvicorn's records too are JSON lines,
    and an outage is said in its error's words, not with a traceback at every retry."""
    lines = [line for line in serving.log().splitlines() if line.strip()]
    assert lines
    for line in lines:
        record = json.loads(line)
        assert isinstance(record, dict) and "event" in record, line
        assert "Traceback" not in record.get("exception", ""), line


def _sells_again(own_database: OwnDatabase, serving: Serving, key: str) -> dict:
    """After the database returns: the sale refused during the outage goes through on retry."""
    with httpx.Client(base_url=serving.base_url, timeout=30) as client:
        assert client.get(f"{own_database.api}/households", headers=own_database.counter()).status_code == 200
        assert client.get(f"/board/{own_database.community_id}").status_code == 200
        sale = client.post(
            f"{own_database.api}/redemptions", json=own_database.cart(), headers=own_database.counter(key)
        )
        assert sale.status_code == 201, sale.text
        return sale.json()


async def _logged_with_key(own_database: OwnDatabase, key: str) -> int:
    connection = await asyncpg.connect(own_database.url)
    try:
        return await connection.fetchval(
            "SELECT count(*) FROM events WHERE community_id = $1 AND idempotency_key = $2",
            own_database.community_id,
            key,
        )
    finally:
        await connection.close()


def test_the_server_starts_its_embedded_database_again_and_serves_without_a_restart(
    own_database, start_server
):
    serving = start_server(True)
    key = f"outage-{uuid.uuid4().hex}"
    with embedded.restarts_held(own_database.home):  # the watch waits until we have looked
        _stop_abruptly(own_database)
        _assert_unavailable(own_database, serving, key)
        assert not embedded.is_running(own_database.home)
    # Let go: the server's own watch starts the database again, and the same process serves.
    _wait_for(lambda: _ready(serving), serving, "the server did not start its database again")
    assert embedded.is_running(own_database.home)
    answer = _sells_again(own_database, serving, key)
    assert answer["event_seq"] > 0
    assert asyncio.run(_logged_with_key(own_database, key)) == 1
    _wait_for(lambda: RESTARTED in serving.log(), serving, "no log line for the restart")
    assert serving.log().count(RESTARTED) == 1

    # A second blow, unheld: it comes back by itself again (one more line).
    _stop_abruptly(own_database)
    _wait_for(lambda: serving.log().count(RESTARTED) == 2 and _ready(serving), serving, "no second recovery")
    assert serving.process.poll() is None
    _assert_one_json_line_per_event(serving)


def test_with_a_database_url_the_server_reconnects_once_the_database_is_started_by_hand(
    own_database, start_server
):
    serving = start_server(False)
    key = f"outage-{uuid.uuid4().hex}"
    _stop_abruptly(own_database)
    _assert_unavailable(own_database, serving, key)
    # The database is someone else's to run: this server never started it.
    assert not embedded.is_running(own_database.home)
    assert RESTARTED not in serving.log()
    assert embedded.start_if_stopped(own_database.home)  # by hand
    _wait_for(lambda: _ready(serving), serving, "the server did not reconnect")
    _sells_again(own_database, serving, key)
    assert asyncio.run(_logged_with_key(own_database, key)) == 1
    assert RESTARTED not in serving.log()
    _assert_one_json_line_per_event(serving)


def test_a_sale_whose_answer_was_lost_answers_its_logged_event_on_retry_once_in_the_log(
    own_database, start_server
):
    """The sale committed but its answer never reached the till (the database went down
    right after): the till retries with the same Idempotency-Key after the outage."""
    serving = start_server(False)
    key = f"lost-answer-{uuid.uuid4().hex}"
    with httpx.Client(base_url=serving.base_url, timeout=30) as client:
        first = client.post(
            f"{own_database.api}/redemptions", json=own_database.cart(), headers=own_database.counter(key)
        )
        assert first.status_code == 201, first.text
    _stop_abruptly(own_database)
    with httpx.Client(base_url=serving.base_url, timeout=30) as client:
        during = client.post(
            f"{own_database.api}/redemptions", json=own_database.cart(), headers=own_database.counter(key)
        )
        assert during.status_code == 503
    embedded.start_if_stopped(own_database.home)
    _wait_for(lambda: _ready(serving), serving, "the server did not reconnect")
    with httpx.Client(base_url=serving.base_url, timeout=30) as client:
        retry = client.post(
            f"{own_database.api}/redemptions", json=own_database.cart(), headers=own_database.counter(key)
        )
    assert retry.status_code == 201, retry.text
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert asyncio.run(_logged_with_key(own_database, key)) == 1
