"""The township's overview (issue 13): a township of 200 villages × 300 households with a
year of events (≈ 5 M), GET /api/v1/townships/{id}/activity over HTTP for the whole year,
against the same aggregates in plain SQL on the same data in the same run — read from the
same monthly tables (what any reader of these figures would do), and once, for scale, summed
from the log itself (what the tables spare every request).

`ops/bench --overview` runs this alone: preparing 5 M events takes minutes, which the
default run should not pay."""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
from typing import Any

from ops.benchmarks.preparation import connect_owner

ROUNDS = 20

# The same figures the endpoint answers, in one statement of plain SQL: each village's months
# and its households and stock value, from the same tables, no ranking, rates or JSON.
PLAIN_SQL = """
WITH village AS (SELECT community_id, name FROM communities WHERE township_id = $1),
     households_active AS (
         SELECT community_id, count(*) AS households FROM households
         WHERE community_id IN (SELECT community_id FROM village) AND status = 'active' GROUP BY community_id),
     stock AS (
         SELECT s.community_id, sum(s.stock * g.points) AS points
         FROM goods_stock s JOIN goods g USING (community_id, goods_id)
         WHERE s.community_id IN (SELECT community_id FROM village) GROUP BY s.community_id)
SELECT v.community_id, v.name, a.month, a.points_awarded, a.points_deducted, a.points_redeemed,
       a.fund_in_fen, a.fund_out_fen, a.households_taking_part, h.households, s.points
FROM village v
LEFT JOIN community_month_activity a ON a.community_id = v.community_id AND a.month BETWEEN $2 AND $3
LEFT JOIN households_active h ON h.community_id = v.community_id
LEFT JOIN stock s ON s.community_id = v.community_id"""

# The same monthly figures summed from the log at each look (net of reversals left out: the
# bench's log has none), and the households taking part counted distinct.
FROM_THE_LOG = """
SELECT e.community_id, date_trunc('month', e.occurred_on) AS month,
       sum(e.honour_delta) FILTER (WHERE e.kind = 'award.confirmed'),
       -sum(e.honour_delta) FILTER (WHERE e.kind = 'deduction.recorded'),
       -sum(e.spendable_delta) FILTER (WHERE e.kind = 'redemption.made'),
       sum(e.money_delta_fen) FILTER (WHERE e.kind = 'fund.contributed'),
       -sum(e.money_delta_fen) FILTER (WHERE e.kind = 'fund.spent'),
       count(DISTINCT e.household_id)
           FILTER (WHERE e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made'))
FROM events e JOIN communities c USING (community_id)
WHERE c.township_id = $1 AND e.occurred_on BETWEEN $2 AND $3
GROUP BY e.community_id, date_trunc('month', e.occurred_on)"""


def _get(port: int, path: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, answer.read()


def run_overview(port: int, area: dict[str, Any], token: str, rounds: int = ROUNDS) -> dict[str, float]:
    """GET the township's year over HTTP as its official; the median and the slowest, in ms."""
    path = f"/api/v1/townships/{area['township_id']}/activity?from={area['from']}&to={area['to']}"
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        status, body = _get(port, path, token)
        times.append((time.perf_counter() - started) * 1000)
        answer = json.loads(body)
        assert status == 200, body[:200]
        assert len(answer["villages"]) == area["villages"], len(answer["villages"])
    return {"ms": statistics.median_high(times), "max_ms": max(times), "bytes": len(body)}


async def plain_sql_overview(url: str, area: dict[str, Any], rounds: int = ROUNDS) -> dict[str, float]:
    """The baselines: the same aggregates from the monthly tables (median of `rounds`), and
    summed from the log (once: seconds)."""
    owner = await connect_owner(url)
    arguments = (area["township_id"], area["first_day"], area["last_day"])
    try:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            rows = await owner.fetch(PLAIN_SQL, *arguments)
            times.append((time.perf_counter() - started) * 1000)
            assert len({row["community_id"] for row in rows}) == area["villages"]
        started = time.perf_counter()
        await owner.fetch(FROM_THE_LOG, area["township_id"], area["first_day"], area["last_day_of_month"])
        from_the_log_ms = (time.perf_counter() - started) * 1000
    finally:
        await owner.close()
    return {"ms": statistics.median_high(times), "from_the_log_ms": from_the_log_ms}


def print_overview(area: dict[str, Any], http: dict[str, float], plain: dict[str, float]) -> dict[str, Any]:
    """The figures in words, and as the JSON document's part."""
    ratio = plain["ms"] / http["ms"]
    print(
        f"\ntownship overview, {area['villages']} villages × {area['households']} households, "
        f"{area['events']:,} events, {area['from']} to {area['to']}:"
    )
    print(
        f"  over HTTP (JSON, {http['bytes'] / 1024:,.0f} KB): median {http['ms']:,.1f} ms, slowest {http['max_ms']:,.1f} ms"
    )
    print(
        f"  plain SQL, the same aggregates from the monthly tables: {plain['ms']:,.1f} ms; ratio {ratio:.2f}"
    )
    print(f"  plain SQL, the same figures summed from the log (once): {plain['from_the_log_ms']:,.0f} ms")
    return {
        "villages": area["villages"],
        "households_per_village": area["households"],
        "events": area["events"],
        "months": f"{area['from']}..{area['to']}",
        "http_ms": round(http["ms"], 1),
        "http_max_ms": round(http["max_ms"], 1),
        "answer_bytes": int(http["bytes"]),
        "plain_sql_ms": round(plain["ms"], 1),
        "ratio_to_plain_sql": round(ratio, 3),
        "plain_sql_from_the_log_ms": round(plain["from_the_log_ms"], 1),
    }
