"""ops/bench: redemptions over real HTTP at 32 connections, against PostgreSQL's own pgbench
running the minimal redemption (UPDATE balance where enough + INSERT event) on the same
server in the same run. Durable commits stay on (synchronous_commit=on, fsync=on).

Run through `ops/bench` (it installs what is missing). Prints a table and writes the
figures as JSON to .ledger/bench/result.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger import embedded  # noqa: E402
from ledger.services import cards, security  # noqa: E402
from ledger.services.demo import _csv_rows  # noqa: E402
from ledger.store import accounts, awards, rules, staff, supermarket  # noqa: E402
from ledger.store import communities as community_store  # noqa: E402
from ledger.store import households as household_store  # noqa: E402
from ledger.store.migrations import migrate  # noqa: E402
from ledger.store.pool import connect_owner, create_pool  # noqa: E402

BENCH_DATABASE = "ledger_bench"
BENCH_PASSWORD = "bench-password-not-secret"
BATCH_SIZE = 500
STARTING_POINTS = 100_000
STOCK = 10_000_000


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


async def prepare(url: str, communities: int, households: int) -> dict:
    """Communities of `households` each with the demo goods, everyone with points to spend."""
    owner = await connect_owner(url)
    await migrate(owner)
    # pgbench's tables: the least a redemption can be, a balance row and an event row.
    await owner.execute(
        """CREATE TABLE bench_balance (household integer PRIMARY KEY, spendable bigint NOT NULL);
           CREATE TABLE bench_event (seq bigserial PRIMARY KEY, household integer NOT NULL,
               points integer NOT NULL, body jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())"""
    )
    await owner.execute(
        "INSERT INTO bench_balance SELECT n, $1 FROM generate_series(1, $2) n",
        STARTING_POINTS,
        communities * households,
    )
    await owner.close()
    pool = await create_pool(url, minimum=4, maximum=12)
    user_id = await accounts.create_user(
        pool, uuid.uuid4(), "bench_counter", "bench", security.hash_password(BENCH_PASSWORD)
    )
    goods_rows = _csv_rows("goods.csv")

    async def community(index: int) -> dict:
        community_id = uuid.uuid4()
        async with pool.acquire() as connection:
            await community_store.create_community(connection, community_id, f"压测村{index:02d}", None, None)
            await staff.grant_role(connection, community_id, None, user_id, "bench_counter", "counter")
            rule_id = uuid.uuid4()
            await rules.define_rule(
                connection,
                community_id,
                None,
                rule_id,
                "BENCH",
                "压测起始积分",
                "",
                "",
                STARTING_POINTS,
                False,
            )
            goods_ids = []
            for row in goods_rows:
                goods_id = uuid.uuid4()
                await supermarket.list_goods(
                    connection,
                    community_id,
                    None,
                    goods_id,
                    row["code"],
                    row["name_zh"],
                    "",
                    row["category"],
                    row["unit"],
                    int(row["points"]),
                )
                await supermarket.receive_stock(
                    connection, community_id, None, goods_id, STOCK, None, None, None
                )
                goods_ids.append(str(goods_id))
            household_ids = []
            # The first community is at least 500 households: the batch-award scenario needs them.
            for number in range(1, (max(households, BATCH_SIZE) if index == 0 else households) + 1):
                household_id = uuid.uuid4()
                await household_store.register_household(
                    connection, community_id, None, household_id, f"{number:04d}", "压测户"
                )
                await awards.award(
                    connection, community_id, None, household_id, rule_id, None, None, None, None, None
                )
                household_ids.append(str(household_id))
        # Everyday goods only (≤ 25 points): the cart a counter rings up most.
        cheap = [g for g, row in zip(goods_ids, goods_rows, strict=True) if int(row["points"]) <= 25]
        # The first community's households get cards, for the counter-sale scenario.
        card_tokens = []
        if index == 0:
            for household in household_ids:
                issued = await cards.issue_card(pool, community_id, None, uuid.UUID(household))
                card_tokens.append(issued.token)
        batch_rule = None
        if index == 0:
            batch_rule = uuid.uuid4()
            async with pool.acquire() as connection:
                await rules.define_rule(
                    connection, community_id, None, batch_rule, "BATCH", "压测批量加分", "", "", 1, False
                )
                for username, role in (("bench_scorer", "scorer"), ("bench_committee", "committee")):
                    staff_id = await accounts.create_user(
                        pool, uuid.uuid4(), username, role, security.hash_password(BENCH_PASSWORD)
                    )
                    await staff.grant_role(connection, community_id, None, staff_id, username, role)
        return {
            "community_id": str(community_id),
            "households": household_ids,
            "goods": cheap,
            "cards": card_tokens,
            "batch_rule": None if batch_rule is None else str(batch_rule),
        }

    prepared = await asyncio.gather(*[community(i) for i in range(communities)])
    await pool.close()
    return {"communities": prepared}


BOARD_FILL = """
CREATE FUNCTION bench_fill(p_community_id uuid, p_households uuid[], p_count integer, p_today date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_head community_heads := v_first;
    v_event events;
    v_points integer;
    v_chance double precision;
BEGIN
    FOR i IN 1..p_count LOOP
        v_points := (ARRAY[5, 10, 20, 50])[1 + floor(random() * 4)::integer];
        v_chance := random();
        v_event := ledger_chain(v_head,
            CASE WHEN v_chance < 0.6 THEN 'award.confirmed' WHEN v_chance < 0.7 THEN 'deduction.recorded'
                 ELSE 'redemption.made' END,
            p_today - floor(random() * 730)::integer, NULL,
            p_households[1 + floor(random() * array_length(p_households, 1))::integer],
            CASE WHEN v_chance < 0.6 THEN v_points ELSE -v_points END, 0,
            CASE WHEN v_chance < 0.6 THEN v_points WHEN v_chance < 0.7 THEN -v_points ELSE 0 END, 0,
            jsonb_build_object('points', v_points, 'note', '压测'), NULL, NULL);
        v_head := (p_community_id, v_event.seq, v_event.hash)::community_heads;
    END LOOP;
    PERFORM ledger_move_head(v_first, v_head);
END
$$;
"""


async def prepare_board_village(url: str, events: int, households: int = 500) -> dict:
    """A community with `events` on its log: two years of awards (60 %), deductions (10 %)
    and redemptions (30 %) spread over its households, chained as the ledger chains them;
    and the same awards and deductions copied into a plain table for the baseline."""
    pool = await create_pool(url, minimum=1, maximum=2)
    community_id = uuid.uuid4()
    household_ids = [uuid.uuid4() for _ in range(households)]
    async with pool.acquire() as connection:
        await community_store.create_community(connection, community_id, "压测榜单村", None, None)
        for number, household_id in enumerate(household_ids, 1):
            await household_store.register_household(
                connection, community_id, None, household_id, f"{number:04d}", "王建国"
            )
    await pool.close()
    owner = await connect_owner(url)
    try:
        await owner.execute(BOARD_FILL)
        today = await owner.fetchval(
            "SELECT (now() AT TIME ZONE time_zone)::date FROM communities WHERE community_id = $1",
            community_id,
        )
        chunk = 100_000  # one transaction each, so a chunk's work is committed as it goes
        for start in range(0, events, chunk):
            await owner.execute(
                "SELECT bench_fill($1, $2, $3, $4)",
                community_id,
                household_ids,
                min(chunk, events - start),
                today,
            )
        # The figures the log adds up to, so the households look like a real village's.
        await owner.execute(
            """UPDATE household_balances b SET spendable = s.spendable, honour = s.honour
               FROM (SELECT household_id, sum(spendable_delta) AS spendable, sum(honour_delta) AS honour
                     FROM events WHERE community_id = $1 GROUP BY household_id) s
               WHERE b.community_id = $1 AND b.household_id = s.household_id""",
            community_id,
        )
        await owner.execute(
            """CREATE TABLE bench_points AS
                   SELECT household_id, kind, honour_delta AS points, occurred_on FROM events
                   WHERE community_id = $1 AND kind IN ('award.confirmed', 'deduction.recorded');
               CREATE INDEX ON bench_points (kind, occurred_on) INCLUDE (household_id, points)""".replace(
                "$1", f"'{community_id}'"
            )
        )
        # What autovacuum does for an insert-only table after a load: statistics and the
        # visibility map (index-only scans), for the log and the baseline alike.
        await owner.execute("VACUUM (ANALYZE) events, bench_points")
        total = await owner.fetchval(
            "SELECT head_seq FROM community_heads WHERE community_id = $1", community_id
        )
    finally:
        await owner.close()
    return {
        "community_id": str(community_id),
        "events": total,
        "month": today.strftime("%Y-%m"),
        "today": today,
    }


def run_board(port: int, board: dict, rounds: int = 30) -> float:
    """GET the month's red list over HTTP (public, no login); the median in milliseconds."""
    path = f"http://127.0.0.1:{port}/api/v1/boards/{board['community_id']}/red/{board['month']}"
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        with urllib.request.urlopen(path, timeout=60) as answer:
            listing = json.loads(answer.read())
        times.append((time.perf_counter() - started) * 1000)
        assert len(listing["entries"]) == 10, listing
    return sorted(times)[len(times) // 2]


async def plain_sql_board(url: str, board: dict, rounds: int = 30) -> float:
    """The baseline: the month's top ten from a bare table of the same awards, no join, no
    reversal check, no masking. The median in milliseconds."""
    connection = await connect_owner(url)
    first = board["today"].replace(day=1)
    times = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            rows = await connection.fetch(
                """SELECT household_id, sum(points) AS points, count(*) FROM bench_points
                   WHERE kind = 'award.confirmed' AND occurred_on BETWEEN $1 AND $2
                   GROUP BY household_id ORDER BY points DESC LIMIT 10""",
                first,
                board["today"],
            )
            times.append((time.perf_counter() - started) * 1000)
            assert len(rows) == 10
    finally:
        await connection.close()
    return sorted(times)[len(times) // 2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, log_path: Path, workers: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "LEDGER_DATABASE_URL": url,
        "LEDGER_HOST": "127.0.0.1",
        "LEDGER_PORT": str(port),
    }
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "ledger.cli", "serve", "--pool-size", "16"],
        env=environment,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start; see " + str(log_path))


def log_in(port: int, username: str = "bench_counter") -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=json.dumps({"username": username, "password": BENCH_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())["access_token"]


def post_json(port: int, path: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def run_batch_award(port: int, community: dict, rounds: int = 5) -> float:
    """A 500-household batch award end to end over HTTP: proposed by a scorer, approved as a
    batch by a committee member. The median of `rounds`, in milliseconds."""
    scorer, committee = log_in(port, "bench_scorer"), log_in(port, "bench_committee")
    base = f"/api/v1/communities/{community['community_id']}"
    households = community["households"][:BATCH_SIZE]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        batch = post_json(
            port,
            f"{base}/proposals",
            {"rule_id": community["batch_rule"], "household_ids": households},
            scorer,
        )
        decided = post_json(
            port, f"{base}/proposals/batches/{batch['batch_id']}/decision", {"approve": True}, committee
        )
        times.append((time.perf_counter() - started) * 1000)
        assert len(decided["approved"]) == BATCH_SIZE
    return sorted(times)[len(times) // 2]


async def plain_sql_batch(url: str, rounds: int = 5) -> float:
    """The baseline: the same number of balance updates and event inserts, in one
    transaction of plain SQL (no chain, no checks). The median, in milliseconds."""
    connection = await connect_owner(url)
    times = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            async with connection.transaction():
                await connection.executemany(
                    "UPDATE bench_balance SET spendable = spendable + 1 WHERE household = $1",
                    [(n,) for n in range(1, BATCH_SIZE + 1)],
                )
                await connection.executemany(
                    "INSERT INTO bench_event (household, points, body) VALUES ($1, 1, '{}')",
                    [(n,) for n in range(1, BATCH_SIZE + 1)],
                )
            times.append((time.perf_counter() - started) * 1000)
    finally:
        await connection.close()
    return sorted(times)[len(times) // 2]


WRK_SCRIPT = """
local targets = %(targets)s
local token = "%(token)s"
local run = "%(run)s"
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
end
function request()
  counter = counter + 1
  local target = targets[math.random(#targets)]
  local households = target[2]
  local goods = target[3]
  local body = '{"household_id":"' .. households[math.random(#households)] ..
    '","lines":[{"goods_id":"' .. goods[math.random(#goods)] .. '","quantity":1}]}'
  return wrk.format("POST", target[1], {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run .. "-" .. thread_number .. "-" .. counter,
  }, body)
end
"""


def lua_table(communities: list[dict]) -> str:
    def strings(values: list[str]) -> str:
        return "{" + ",".join(f'"{v}"' for v in values) + "}"

    return (
        "{"
        + ",".join(
            "{"
            + f'"/api/v1/communities/{c["community_id"]}/redemptions",'
            + strings(c["households"])
            + ","
            + strings(c["goods"])
            + "}"
            for c in communities
        )
        + "}"
    )


def parse_wrk(output: str) -> dict:
    def milliseconds(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "latency_ms_p50": milliseconds(percentiles["50"]),
        "latency_ms_p99": milliseconds(percentiles["99"]),
        "requests": requests,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


COUNTER_SALE_SCRIPT = """
local path = "%(path)s"
local cards = %(cards)s
local goods = %(goods)s
local token = "%(token)s"
local run = "%(run)s"
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
end
function request()
  counter = counter + 1
  local picked, lines = {}, {}
  while #lines < 5 do
    local g = goods[math.random(#goods)]
    if not picked[g] then
      picked[g] = true
      lines[#lines + 1] = '{"goods_id":"' .. g .. '","quantity":1}'
    end
  end
  local body = '{"card":"' .. cards[math.random(#cards)] .. '","lines":[' .. table.concat(lines, ",") .. ']}'
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run .. "-" .. thread_number .. "-" .. counter,
  }, body)
end
"""


def redemption_script(communities: list[dict], token: str) -> str:
    return WRK_SCRIPT % {"targets": lua_table(communities), "token": token, "run": uuid.uuid4().hex[:8]}


def counter_sale_script(community: dict, token: str) -> str:
    def strings(values: list[str]) -> str:
        return "{" + ",".join(f'"{v}"' for v in values) + "}"

    return COUNTER_SALE_SCRIPT % {
        "path": f"/api/v1/communities/{community['community_id']}/counter-sales",
        "cards": strings(community["cards"]),
        "goods": strings(community["goods"]),
        "token": token,
        "run": uuid.uuid4().hex[:8],
    }


def run_wrk(port: int, name: str, make_script, connections: int, seconds: int, work: Path) -> dict:
    script = work / f"{name}.lua"
    # A short warm-up so connection set-up and first-use caches are not in the figures.
    # Each run gets its own key prefix: a key reused with another cart would be a conflict.
    script.write_text(make_script())
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        check=True,
    )
    script.write_text(make_script())
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


PGBENCH_SCRIPT = """\\set household random(1, %(households)d)
BEGIN;
UPDATE bench_balance SET spendable = spendable - 5 WHERE household = :household AND spendable >= 5;
INSERT INTO bench_event (household, points, body) VALUES (:household, -5, '{"lines": [{"goods": "G01", "quantity": 1, "points": 5}]}');
END;
"""


def run_pgbench(url: str, households: int, connections: int, seconds: int, work: Path) -> float:
    parts = urllib.parse.urlparse(url)
    host = urllib.parse.parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    script = work / "redeem.pgbench"
    script.write_text(PGBENCH_SCRIPT % {"households": households})
    command = [
        str(embedded.binaries() / "pgbench"),
        "-n",
        "-c",
        str(connections),
        "-j",
        "2",
        "-T",
        str(seconds),
        "-f",
        str(script),
        "-h",
        host,
        "-U",
        parts.username or "postgres",
        parts.path.lstrip("/"),
    ]
    if parts.port:
        command[1:1] = ["-p", str(parts.port)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", output).group(1))  # type: ignore[union-attr]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of the server: its own, plus its worker processes' if any."""

    def own(process_id: int) -> float:
        for line in Path(f"/proc/{process_id}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own(pid) + sum(own(int(child)) for child in children)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--communities", type=int, default=10)
    parser.add_argument("--households", type=int, default=400, help="per community")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--board-events", type=int, default=1_000_000, help="events on the board village's log"
    )
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (ops/bench installs it)")

    home = ROOT / ".ledger"
    work = home / "bench"
    work.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("LEDGER_BENCH_DATABASE_URL") or embedded.ensure_database(
        home, BENCH_DATABASE, fresh=True
    )
    print(f"machine: {machine()}")
    started = time.monotonic()
    prepared = asyncio.run(prepare(url, arguments.communities, arguments.households))
    print(
        f"prepared {arguments.communities} communities × {arguments.households} households "
        f"in {time.monotonic() - started:.0f} s"
    )

    started = time.monotonic()
    board = asyncio.run(prepare_board_village(url, arguments.board_events))
    print(f"prepared a community with {board['events']:,} events in {time.monotonic() - started:.0f} s")

    pgbench_tps = run_pgbench(
        url, arguments.communities * arguments.households, arguments.connections, arguments.seconds, work
    )
    baseline_batch_ms = asyncio.run(plain_sql_batch(url))
    baseline_board_ms = asyncio.run(plain_sql_board(url, board))
    port = free_port()
    server = start_server(url, port, work / "server.log", arguments.workers)
    try:
        token = log_in(port)
        first, every = prepared["communities"][:1], prepared["communities"]
        scenarios = {
            "one community": run_wrk(
                port,
                "redeem-1",
                lambda: redemption_script(first, token),
                arguments.connections,
                arguments.seconds,
                work,
            ),
            f"{arguments.communities} communities": run_wrk(
                port,
                f"redeem-{len(every)}",
                lambda: redemption_script(every, token),
                arguments.connections,
                arguments.seconds,
                work,
            ),
            "counter sale, 5-line cart": run_wrk(
                port,
                "counter-sale-5",
                lambda: counter_sale_script(every[0], token),
                arguments.connections,
                arguments.seconds,
                work,
            ),
        }
        batch_ms = run_batch_award(port, prepared["communities"][0])
        board_ms = run_board(port, board)
        rss = peak_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(20)

    result = {
        "machine": machine(),
        "connections": arguments.connections,
        "server_workers": arguments.workers,
        "seconds": arguments.seconds,
        "pgbench_minimal_redemption_tps": round(pgbench_tps),
        "server_peak_rss_mb": round(rss, 1),
        "batch_award_500": {
            "ms": round(batch_ms, 1),
            "plain_sql_ms": round(baseline_batch_ms, 1),
            "ratio_to_plain_sql": round(baseline_batch_ms / batch_ms, 3),
        },
        "monthly_red_list": {
            "events_in_community": board["events"],
            "ms": round(board_ms, 1),
            "plain_sql_ms": round(baseline_board_ms, 1),
            "ratio_to_plain_sql": round(baseline_board_ms / board_ms, 3),
        },
        "scenarios": {
            name: {**figures, "ratio_to_pgbench": round(figures["requests_per_second"] / pgbench_tps, 3)}
            for name, figures in scenarios.items()
        },
    }
    (work / "result.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(
        f"\npgbench, minimal redemption (UPDATE where enough + INSERT), {arguments.connections} clients: "
        f"{pgbench_tps:,.0f} tps"
    )
    print(f"{'HTTP redemptions':<26}{'per s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, figures in result["scenarios"].items():
        print(
            f"  {name:<24}{figures['requests_per_second']:>9,.0f}{figures['ratio_to_pgbench']:>8.2f}"
            f"{figures['latency_ms_p50']:>9.1f}{figures['latency_ms_p99']:>9.1f}{figures['errors']:>8}"
        )
    print(
        f"batch award, 500 households (propose + approve over HTTP): {batch_ms:,.0f} ms; "
        f"plain SQL, 500 updates + inserts in one transaction: {baseline_batch_ms:,.0f} ms; "
        f"ratio {baseline_batch_ms / batch_ms:.2f}"
    )
    print(
        f"monthly red list over HTTP, community with {board['events']:,} events: {board_ms:,.1f} ms; "
        f"plain SQL top ten from a bare table of the same awards: {baseline_board_ms:,.1f} ms; "
        f"ratio {baseline_board_ms / board_ms:.2f}"
    )
    print(f"server peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
