"""ops/chaos: blows under load, then an account of every command sent.

On an embedded PostgreSQL of its own (a separate LEDGER_HOME, never the project's .ledger/)
and a `ledger serve` process it starts on a free 127.0.0.1 port, it seeds a few communities,
sends a mixed load of redemptions and awards (each with a fresh Idempotency-Key) at a
bounded rate, and meanwhile kills the server with SIGKILL (then starts it again, as systemd
would) and stops PostgreSQL with `pg_ctl stop -m immediate`. After a database stop it does
not start PostgreSQL: the server must bring it back by itself, and the stop counts as
recovered only when /readyz answers 200 within --recovery-seconds.

Afterwards every command that was not acknowledged is sent once more with the same key and
body, and the log is read back from the database: every acknowledged command exactly once
and at the seq it was answered with, every other one at most once and as its retry
answered, no event with a key that was never sent, `ledger verify` and `ledger rebuild
--check` clean. Exits 1 if any of that is wrong, or if any stop was not recovered.

Run through `ops/chaos` (it installs what is missing); `--report FILE` writes the figures as
JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import getpass
import json
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger import embedded  # noqa: E402
from ledger.services import operator  # noqa: E402
from ledger.store import queries  # noqa: E402
from ledger.store.pool import connect_owner, create_pool  # noqa: E402

COUNTY = "混沌县"
TOWNSHIP = "混沌镇"
STARTING_POINTS = 100_000  # each household's opening award: redemptions are never short of points
STOCK = 100_000  # the one goods item's stock: never short either
REQUEST_SECONDS = 15.0  # a request left unanswered this long counts as not acknowledged
SERVER_START_SECONDS = 60.0
EVENT_PAGE = 5_000
# Each blow falls on a server that has been serving the load again for at least this long.
SERVICE_BETWEEN_BLOWS = 1.0
# Answers that say nothing about whether the command landed: it may be retried.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclasses.dataclass
class Command:
    key: str
    community_id: str
    kind: str  # "redemption" or "award"
    household_id: str
    body: dict[str, Any]
    outcome: str = "unsent"  # acknowledged, refused, unacknowledged
    detail: str = ""  # the status and problem code, or the transport error's name
    event_seq: int | None = None
    retry_outcome: str | None = None  # replayed, fresh, refused, unacknowledged
    retry_detail: str = ""
    retry_seq: int | None = None


@dataclasses.dataclass
class Community:
    community_id: str
    committee: dict[str, str]  # Authorization headers
    counter: dict[str, str]
    household_ids: list[str]
    rule_id: str
    goods_id: str

    @property
    def api(self) -> str:
        return f"/api/v1/communities/{self.community_id}"


@dataclasses.dataclass
class Blows:
    kills: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    stops: list[dict[str, Any]] = dataclasses.field(default_factory=list)


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
                [sys.executable, "-m", "ledger.cli", "serve", "--pool-size", "10"],
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


async def created_id(response: httpx.Response) -> str:
    if response.status_code != 201:
        raise RuntimeError(f"seeding refused: {response.request.url} {response.status_code} {response.text}")
    return str(response.json()["id"])


async def seed(
    url: str, client: httpx.AsyncClient, communities: int, households: int, run_name: str
) -> list[Community]:
    """Communities and their staff as an operator makes them (`ledger community create`,
    `ledger user create`), then their rules, goods, stock and households over the API."""
    owner = await connect_owner(url)
    pool = await create_pool(url, minimum=1, maximum=2)
    made: list[tuple[str, dict[str, dict[str, str]]]] = []
    try:
        for number in range(1, communities + 1):
            community_id, _ = await operator.create_community(
                owner, pool, COUNTY, TOWNSHIP, f"混沌村{run_name}-{number}", "Asia/Shanghai", False
            )
            logins: dict[str, dict[str, str]] = {}
            for role in ("committee", "counter"):
                username = f"chaos_{run_name}_{number}_{role}"
                password = secrets.token_urlsafe(12)
                await operator.create_user(
                    owner, pool, username, password, username, [(community_id, role)], None, None
                )
                logins[role] = {"username": username, "password": password}
            made.append((str(community_id), logins))
    finally:
        await pool.close()
        await owner.close()

    seeded = []
    for made_id, logins in made:
        headers: dict[str, dict[str, str]] = {}
        for role, login in logins.items():
            answer = await client.post("/api/v1/auth/token", json=login)
            if answer.status_code != 200:
                raise RuntimeError(f"log-in refused: {answer.status_code} {answer.text}")
            headers[role] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        api = f"/api/v1/communities/{made_id}"
        committee = headers["committee"]
        rule_id = await created_id(
            await client.post(
                f"{api}/rules", json={"code": "CHAOS", "name": "混沌测试", "points": 5}, headers=committee
            )
        )
        opening_rule = await created_id(
            await client.post(
                f"{api}/rules",
                json={"code": "OPEN", "name": "期初积分", "points": STARTING_POINTS},
                headers=committee,
            )
        )
        goods_id = await created_id(
            await client.post(
                f"{api}/goods", json={"code": "SOAP", "name": "肥皂", "points": 1}, headers=committee
            )
        )
        stocked = await client.post(
            f"{api}/stock-receipts", json={"goods_id": goods_id, "quantity": STOCK}, headers=committee
        )
        if stocked.status_code != 201:
            raise RuntimeError(f"stock refused: {stocked.status_code} {stocked.text}")
        household_ids = []
        for number in range(1, households + 1):
            household_id = await created_id(
                await client.post(
                    f"{api}/households",
                    json={"number": f"{number:03d}", "head_name": f"户主{number}"},
                    headers=committee,
                )
            )
            opened = await client.post(
                f"{api}/awards",
                json={"household_id": household_id, "rule_id": opening_rule},
                headers=committee,
            )
            if opened.status_code != 201:
                raise RuntimeError(f"opening award refused: {opened.status_code} {opened.text}")
            household_ids.append(household_id)
        seeded.append(Community(made_id, committee, headers["counter"], household_ids, rule_id, goods_id))
    return seeded


def new_command(rng: random.Random, community: Community, award_share: float) -> Command:
    household_id = rng.choice(community.household_ids)
    key = f"chaos-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    if rng.random() < award_share:
        body: dict[str, Any] = {"household_id": household_id, "rule_id": community.rule_id}
        return Command(key, community.community_id, "award", household_id, body)
    body = {
        "household_id": household_id,
        "lines": [{"goods_id": community.goods_id, "quantity": rng.randint(1, 3)}],
    }
    return Command(key, community.community_id, "redemption", household_id, body)


def judge(response: httpx.Response) -> tuple[str, str, int | None, bool]:
    """(outcome, detail, event seq, replayed) of one answer."""
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    code = answer.get("code", "") if isinstance(answer, dict) else ""
    detail = f"{response.status_code} {code}".strip()
    if 200 <= response.status_code < 300:
        if isinstance(answer, dict) and isinstance(answer.get("event_seq"), int):
            replayed = response.headers.get("Idempotent-Replayed") == "true"
            return "acknowledged", detail, answer["event_seq"], replayed
        return "unacknowledged", f"{detail} without an event_seq", None, False
    if response.status_code in RETRYABLE_STATUSES:
        return "unacknowledged", detail, None, False
    # Any other 4xx is the ledger's considered answer: the command was refused and wrote nothing.
    return "refused", detail, None, False


async def send(
    client: httpx.AsyncClient, communities: dict[str, Community], command: Command
) -> tuple[str, str, int | None, bool]:
    community = communities[command.community_id]
    path = "/redemptions" if command.kind == "redemption" else "/awards"
    headers = {**(community.counter if command.kind == "redemption" else community.committee)}
    headers["Idempotency-Key"] = command.key
    try:
        response = await client.post(
            community.api + path, json=command.body, headers=headers, timeout=REQUEST_SECONDS
        )
    except httpx.TransportError as error:  # refused connection, dropped connection, timeout
        return "unacknowledged", type(error).__name__, None, False
    return judge(response)


async def run_load(
    client: httpx.AsyncClient,
    communities: dict[str, Community],
    commands: list[Command],
    rate: float,
    max_commands: int,
    award_share: float,
    concurrency: int,
    rng: random.Random,
    stop: asyncio.Event,
) -> None:
    """Commands at `rate` per second (fewer if `concurrency` are all waiting), until told to
    stop or `max_commands` are sent; then waits for the answers still out."""
    gate = asyncio.Semaphore(concurrency)
    running: set[asyncio.Task[None]] = set()
    choices = list(communities.values())

    async def one(command: Command) -> None:
        try:
            command.outcome, command.detail, command.event_seq, _ = await send(client, communities, command)
        finally:
            gate.release()

    due = time.monotonic()
    while not stop.is_set() and len(commands) < max_commands:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        due = max(due + 1 / rate, time.monotonic() - 1)  # behind by more than a second: no burst
        await gate.acquire()
        command = new_command(rng, rng.choice(choices), award_share)
        commands.append(command)
        task = asyncio.create_task(one(command))
        running.add(task)
        task.add_done_callback(running.discard)
    if running:
        await asyncio.gather(*running)


def blow_plan(kills: int, stops: int) -> list[str]:
    """Kills and stops taking turns, the longer list's rest at the end."""
    plan: list[str] = []
    for index in range(max(kills, stops)):
        if index < kills:
            plan.append("kill")
        if index < stops:
            plan.append("stop")
    return plan


async def deliver_blows(
    plan: list[str],
    server: ServerProcess,
    home: Path,
    client: httpx.AsyncClient,
    started: float,
    seconds: float,
    recovery_seconds: float,
    blows: Blows,
    say: Callable[[str], None],
) -> None:
    """Each blow at its share of the load's time, never before the one before has been
    recovered from (or given up on)."""
    served_since = time.monotonic()
    for index, kind in enumerate(plan):
        due = max(started + (index + 1) * seconds / (len(plan) + 1), served_since + SERVICE_BETWEEN_BLOWS)
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        at = time.monotonic() - started
        if kind == "kill":
            await asyncio.to_thread(server.kill)
            await asyncio.to_thread(server.start)
            ready, waited = await wait_ready(client, SERVER_START_SECONDS)
            blows.kills.append({"at": round(at, 2), "restarted": ready, "seconds": round(waited, 2)})
            served_since = time.monotonic()
            say(
                f"  {at:6.1f} s  kill -9 the server, started again: {'serving' if ready else 'NOT SERVING'} after {waited:.1f} s"
            )
            continue
        output = await asyncio.to_thread(stop_database_immediately, home)
        seen_down = await wait_not_ready(client, 5)
        recovered, waited = await wait_ready(client, recovery_seconds)
        entry: dict[str, Any] = {
            "at": round(at, 2),
            "pg_ctl": output,
            "seen_not_ready": seen_down,
            "recovered": recovered,
            "seconds": round(waited, 2),
        }
        if recovered:
            say(
                f"  {at:6.1f} s  pg_ctl stop -m immediate: the server recovered by itself after {waited:.1f} s"
            )
        else:
            # Counted as not recovered already; started here only so the run can go on.
            # In a process of its own: pgserver keeps one handle per data folder per process,
            # and this process's handle still believes its server is running.
            entry["started_by_chaos"], entry["chaos_start_output"] = await asyncio.to_thread(
                ledger_check, home, "database-url"
            )
            entry["ready_after_chaos_started_it"], _ = await wait_ready(client, SERVER_START_SECONDS)
            say(
                f"  {at:6.1f} s  pg_ctl stop -m immediate: NOT RECOVERED by the server within {recovery_seconds:.0f} s; "
                "ops/chaos started PostgreSQL itself to go on"
            )
        blows.stops.append(entry)
        served_since = time.monotonic()


async def retry_unacknowledged(
    client: httpx.AsyncClient, communities: dict[str, Community], commands: list[Command], concurrency: int
) -> None:
    """Each command without an acknowledgement, once more with the same key and body."""
    gate = asyncio.Semaphore(concurrency)

    async def one(command: Command) -> None:
        async with gate:
            outcome, command.retry_detail, command.retry_seq, replayed = await send(
                client, communities, command
            )
        if outcome == "acknowledged":
            command.retry_outcome = "replayed" if replayed else "fresh"
        else:
            command.retry_outcome = outcome

    await asyncio.gather(*(one(command) for command in commands if command.outcome == "unacknowledged"))


async def keyed_events(url: str, community_ids: list[str]) -> dict[str, list[tuple[str, int, str | None]]]:
    """Every event of these communities that carries an idempotency key: key → [(community,
    seq, household)], read from the database itself rather than through the server."""
    found: dict[str, list[tuple[str, int, str | None]]] = {}
    owner = await connect_owner(url)
    try:
        for community_id in community_ids:
            after = 0
            while True:
                page = await queries.events_after(owner, uuid.UUID(community_id), after, EVENT_PAGE)
                for event in page:
                    if event.idempotency_key is not None:
                        household = None if event.household_id is None else str(event.household_id)
                        found.setdefault(event.idempotency_key, []).append(
                            (community_id, event.seq, household)
                        )
                if len(page) < EVENT_PAGE:
                    break
                after = page[-1].seq
    finally:
        await owner.close()
    return found


def account(commands: list[Command], events: dict[str, list[tuple[str, int, str | None]]]) -> dict[str, Any]:
    """The figures: what was sent against what the log holds."""
    figures: dict[str, Any] = {
        "sent": len(commands),
        "redemptions": sum(command.kind == "redemption" for command in commands),
        "awards": sum(command.kind == "award" for command in commands),
        "acknowledged": 0,
        "refused": 0,
        "unacknowledged": 0,
        "retry_replayed": 0,  # committed, but the first answer was lost
        "retry_fresh": 0,  # never landed the first time; the retry did
        "retry_refused": 0,
        "retry_unanswered": 0,
        "found": 0,  # acknowledged commands in the log exactly once, at the seq answered
        "lost": 0,
        "duplicated": 0,
        "mismatched": 0,  # in the log, but not as answered (another seq, another household)
        "refused_but_logged": 0,
        "phantom": 0,
        "refusal_codes": {},
        "problems": [],
    }
    sent_keys = set()
    for command in commands:
        sent_keys.add(command.key)
        figures[command.outcome] += 1
        logged = events.get(command.key, [])
        if len(logged) > 1:
            figures["duplicated"] += 1
            figures["problems"].append(f"{command.key}: {len(logged)} events {logged}")
        elsewhere = any(
            community != command.community_id or household != command.household_id
            for community, _, household in logged
        )
        if elsewhere:
            figures["mismatched"] += 1
            figures["problems"].append(f"{command.key}: logged for another community or household {logged}")
        if command.outcome == "refused":
            figures["refusal_codes"][command.detail] = figures["refusal_codes"].get(command.detail, 0) + 1
        expected_seq = command.event_seq
        if command.outcome == "acknowledged":
            if not logged:
                figures["lost"] += 1
                figures["problems"].append(
                    f"{command.key}: acknowledged at seq {command.event_seq}, not in the log"
                )
            elif len(logged) == 1 and logged[0][1] == command.event_seq and not elsewhere:
                figures["found"] += 1
        elif command.outcome == "refused" and logged:
            figures["refused_but_logged"] += 1
            figures["problems"].append(f"{command.key}: refused ({command.detail}) yet in the log {logged}")
        elif command.outcome == "unacknowledged":
            retry = command.retry_outcome
            figures[
                {"replayed": "retry_replayed", "fresh": "retry_fresh", "refused": "retry_refused"}.get(
                    retry or "", "retry_unanswered"
                )
            ] += 1
            expected_seq = command.retry_seq
            if retry in ("replayed", "fresh") and not logged:
                figures["lost"] += 1
                figures["problems"].append(
                    f"{command.key}: retry answered seq {command.retry_seq}, not in the log"
                )
            if retry == "refused" and logged:
                figures["refused_but_logged"] += 1
                figures["problems"].append(
                    f"{command.key}: retry refused ({command.retry_detail}) yet in the log"
                )
        if expected_seq is not None and len(logged) == 1 and logged[0][1] != expected_seq:
            figures["mismatched"] += 1
            figures["problems"].append(
                f"{command.key}: answered seq {expected_seq}, logged at {logged[0][1]}"
            )
    phantoms = sorted(set(events) - sent_keys)
    figures["phantom"] = len(phantoms)
    figures["problems"].extend(f"{key}: in the log, never sent {events[key]}" for key in phantoms[:20])
    return figures


def ledger_check(home: Path, *arguments: str) -> tuple[bool, str]:
    finished = subprocess.run(
        [sys.executable, "-m", "ledger.cli", *arguments],
        env=environment_for(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return finished.returncode == 0, (finished.stdout + finished.stderr).strip()


def own_home(requested: str | None) -> tuple[Path, bool]:
    """(the LEDGER_HOME for this run, whether to remove it afterwards)."""
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="ledger-chaos-")), True
    home = Path(requested).resolve()
    if (
        home == (ROOT / ".ledger").resolve()
        or home == Path(os.environ.get("LEDGER_HOME", ".ledger")).resolve()
    ):
        raise SystemExit("ops/chaos: --home must not be the ledger's own home; other runs use its PostgreSQL")
    home.mkdir(parents=True, exist_ok=True)
    return home, False


async def chaos(arguments: argparse.Namespace, home: Path, say: Callable[[str], None]) -> dict[str, Any]:
    rng = random.Random(arguments.seed)
    url = await asyncio.to_thread(embedded.ensure_database, home)
    server = ServerProcess(home, free_port())
    blows = Blows()
    commands: list[Command] = []
    limits = httpx.Limits(
        max_connections=arguments.concurrency + 8, max_keepalive_connections=arguments.concurrency
    )
    try:
        async with httpx.AsyncClient(
            base_url=server.base_url, limits=limits, timeout=REQUEST_SECONDS
        ) as client:
            server.start()
            ready, _ = await wait_ready(client, SERVER_START_SECONDS)
            if not ready:
                raise RuntimeError("the server did not start:\n" + server.log_tail())
            communities = await seed(
                url, client, arguments.communities, arguments.households, secrets.token_hex(3)
            )
            by_id = {community.community_id: community for community in communities}
            say(
                f"ops/chaos: {len(communities)} communities × {arguments.households} households on {home}; "
                f"server {server.base_url}"
            )
            plan = blow_plan(arguments.kills, arguments.stops)
            stop = asyncio.Event()
            started = time.monotonic()
            load = asyncio.create_task(
                run_load(
                    client,
                    by_id,
                    commands,
                    arguments.rate,
                    arguments.max_commands,
                    arguments.award_share,
                    arguments.concurrency,
                    rng,
                    stop,
                )
            )
            await deliver_blows(
                plan, server, home, client, started, arguments.seconds, arguments.recovery_seconds, blows, say
            )
            # Some load after the last blow too, so it fell on a server that was busy.
            await asyncio.sleep(max(1.0, started + arguments.seconds - time.monotonic()))
            stop.set()
            await load
            load_seconds = time.monotonic() - started
            ready, _ = await wait_ready(client, SERVER_START_SECONDS)
            if not ready:
                raise RuntimeError("the server is not serving after the blows:\n" + server.log_tail())
            await retry_unacknowledged(client, by_id, commands, arguments.concurrency)
    finally:
        server.terminate()
    events = await keyed_events(url, list(by_id))
    figures = account(commands, events)
    verify_ok, verify_output = await asyncio.to_thread(ledger_check, home, "verify")
    rebuild_ok, rebuild_output = await asyncio.to_thread(ledger_check, home, "rebuild", "--check")
    figures.update(
        load_seconds=round(load_seconds, 2),
        kills=len(blows.kills),
        restarted=sum(kill["restarted"] for kill in blows.kills),
        stops=len(blows.stops),
        recovered=sum(stop["recovered"] for stop in blows.stops),
        blows=dataclasses.asdict(blows),
        verify_ok=verify_ok,
        verify_output=verify_output,
        rebuild_ok=rebuild_ok,
        rebuild_output=rebuild_output,
        server_starts=server.starts,
    )
    return figures


def failures_of(figures: dict[str, Any]) -> list[str]:
    failures = [
        f"{name} {figures[name]} (must be 0)"
        for name in ("lost", "duplicated", "phantom", "mismatched", "refused_but_logged")
        if figures[name]
    ]
    if figures["recovered"] < figures["stops"]:
        failures.append(
            f"the server recovered by itself after {figures['recovered']} of {figures['stops']} database stops"
        )
    if figures["restarted"] < figures["kills"]:
        failures.append(f"the server served again after {figures['restarted']} of {figures['kills']} kills")
    if not figures["verify_ok"]:
        failures.append("ledger verify failed")
    if not figures["rebuild_ok"]:
        failures.append("ledger rebuild --check found differences")
    if figures["acknowledged"] == 0:
        failures.append("no command was acknowledged: the load never reached a serving server")
    return failures


def print_figures(figures: dict[str, Any], failures: list[str]) -> None:
    print(
        f"\nload: {figures['load_seconds']} s, {figures['redemptions']} redemptions and {figures['awards']} awards"
    )
    rows = [
        ("sent", figures["sent"]),
        ("acknowledged", figures["acknowledged"]),
        ("refused (4xx)", figures["refused"]),
        ("unacknowledged", figures["unacknowledged"]),
        ("  retry: answered its logged event", figures["retry_replayed"]),
        ("  retry: fresh success (had not landed)", figures["retry_fresh"]),
        ("  retry: refused", figures["retry_refused"]),
        ("  retry: unanswered again", figures["retry_unanswered"]),
        ("found (acknowledged, exactly once)", figures["found"]),
        ("lost (must be 0)", figures["lost"]),
        ("duplicated (must be 0)", figures["duplicated"]),
        ("phantom (must be 0)", figures["phantom"]),
        ("mismatched (must be 0)", figures["mismatched"]),
        ("refused but logged (must be 0)", figures["refused_but_logged"]),
        ("server kills / served again", f"{figures['kills']} / {figures['restarted']}"),
        ("database stops / recovered by itself", f"{figures['stops']} / {figures['recovered']}"),
        ("ledger verify", "ok" if figures["verify_ok"] else "FAILED"),
        ("ledger rebuild --check", "clean" if figures["rebuild_ok"] else "DIFFERS"),
    ]
    for name, value in rows:
        print(f"  {name:<42} {value}")
    if figures["refusal_codes"]:
        print(
            "  refusals: "
            + ", ".join(f"{code} × {count}" for code, count in figures["refusal_codes"].items())
        )
    for problem in figures["problems"][:20]:
        print(f"  ! {problem}")
    if not figures["verify_ok"]:
        print(figures["verify_output"])
    if not figures["rebuild_ok"]:
        print(figures["rebuild_output"])
    if figures["recovered"] < figures["stops"]:
        print(
            "\nNOT RECOVERED: after a database stop the server did not serve again by itself within the wait "
            "(ops/chaos does not start PostgreSQL for it; it did so only afterwards to go on)."
        )
    print("\nops/chaos: " + ("FAILED: " + "; ".join(failures) if failures else "all held"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ops/chaos", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--kills", type=int, default=5, help="kill -9 the server this many times")
    parser.add_argument("--stops", type=int, default=5, help="pg_ctl stop -m immediate this many times")
    parser.add_argument(
        "--seconds", type=float, default=60, help="the load's length (longer if blows take it)"
    )
    parser.add_argument("--rate", type=float, default=150, help="commands sent per second, at most")
    parser.add_argument("--max-commands", type=int, default=50_000, help="stop sending after this many")
    parser.add_argument("--concurrency", type=int, default=32, help="commands waiting for an answer, at most")
    parser.add_argument("--award-share", type=float, default=0.3, help="the share of awards in the load")
    parser.add_argument("--communities", type=int, default=3)
    parser.add_argument("--households", type=int, default=20, help="per community")
    parser.add_argument(
        "--recovery-seconds", type=float, default=60, help="how long to wait for the server to recover a stop"
    )
    parser.add_argument("--seed", type=int, default=None, help="the random choices' seed")
    parser.add_argument(
        "--home", help="LEDGER_HOME for this run's own PostgreSQL (default: a new temporary folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary home (database, server log)")
    parser.add_argument("--report", help="write the figures as JSON to this file")
    arguments = parser.parse_args(argv)
    if arguments.rate <= 0 or arguments.seconds <= 0 or arguments.kills < 0 or arguments.stops < 0:
        parser.error("--rate and --seconds must be positive, --kills and --stops not negative")
    home, temporary = own_home(arguments.home)

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        figures = asyncio.run(chaos(arguments, home, say))
    finally:
        embedded.stop(home)  # this run's own PostgreSQL, never the ledger's
        if temporary and not arguments.keep:
            shutil.rmtree(home, ignore_errors=True)
        elif temporary:
            print(f"ops/chaos: kept {home} (server.log, pgdata)")
    failures = failures_of(figures)
    print_figures(figures, failures)
    if arguments.report:
        Path(arguments.report).write_text(
            json.dumps({**figures, "failures": failures}, ensure_ascii=False, indent=1)
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
