"""The figures of a run in words: the table printed at the end of ops/chaos."""

from __future__ import annotations

from typing import Any

PROBLEMS_PRINTED = 20


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
    for problem in figures["problems"][:PROBLEMS_PRINTED]:
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
