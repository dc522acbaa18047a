"""ops/chaos in the suite: a small run (2 server kills, 2 immediate database stops, a few
hundred commands) on a PostgreSQL and a server of its own, and the accounting it rests on
shown to catch what it must."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ops.chaos_run.accounting import Logged, account, failures_of
from ops.chaos_run.load import Command

ROOT = Path(__file__).resolve().parents[1]
# A hang guard only: the run bounds every wait itself and normally takes well under a minute.
RUN_LIMIT_SECONDS = 600


def test_a_small_chaos_run_loses_nothing_and_recovers_from_every_blow(tmp_path: Path) -> None:
    report = tmp_path / "chaos.json"
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "ops.chaos_run",
            "--kills",
            "2",
            "--stops",
            "2",
            "--seconds",
            "10",
            "--rate",
            "40",
            "--max-commands",
            "2000",
            "--recovery-seconds",
            "30",
            "--seed",
            "10",
            "--home",
            str(tmp_path / "home"),
            "--report",
            str(report),
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT_SECONDS,
        check=False,
    )
    output = finished.stdout + finished.stderr
    assert report.exists(), output
    figures = json.loads(report.read_text())
    assert figures["sent"] >= 200, output
    assert figures["acknowledged"] > 0, output
    assert figures["found"] == figures["acknowledged"], output
    for must_be_nought in ("lost", "duplicated", "phantom", "mismatched", "refused_but_logged"):
        assert figures[must_be_nought] == 0, output
    # Every unacknowledged command was retried, and each retry got an answer.
    assert figures["retry_unanswered"] == 0, output
    assert (figures["kills"], figures["restarted"]) == (2, 2), output
    assert (figures["stops"], figures["recovered"]) == (2, 2), output
    assert figures["verify_ok"] and figures["rebuild_ok"], output
    assert finished.returncode == 0, output


def _command(
    key: str,
    outcome: str,
    seq: int | None = None,
    retry_outcome: str | None = None,
    retry_seq: int | None = None,
) -> Command:
    return Command(
        key,
        "c1",
        "redemption",
        "h1",
        {},
        outcome=outcome,
        event_seq=seq,
        retry_outcome=retry_outcome,
        retry_seq=retry_seq,
    )


def test_the_accounting_names_lost_duplicated_mismatched_and_phantom_commands() -> None:
    commands = [
        _command("kept", "acknowledged", 1),
        _command("lost", "acknowledged", 2),
        _command("twice", "acknowledged", 3),
        _command("elsewhere", "acknowledged", 5),
        _command("refused", "refused"),
        _command("late", "unacknowledged", retry_outcome="replayed", retry_seq=7),
        _command("misanswered", "unacknowledged", retry_outcome="replayed", retry_seq=8),
        _command("never", "unacknowledged", retry_outcome="unacknowledged"),
    ]
    log: dict[str, Logged] = {
        "kept": [("c1", 1, "h1")],
        "twice": [("c1", 3, "h1"), ("c1", 4, "h1")],
        "elsewhere": [("c1", 5, "h2")],
        "refused": [("c1", 6, "h1")],
        "late": [("c1", 7, "h1")],
        "misanswered": [("c1", 9, "h1")],
        "stranger": [("c1", 10, "h1")],
    }
    figures = account(commands, log)
    assert figures["sent"] == 8
    assert (figures["acknowledged"], figures["refused"], figures["unacknowledged"]) == (4, 1, 3)
    assert figures["found"] == 1  # "kept" only: "elsewhere" is logged for another household
    assert figures["lost"] == 1
    assert figures["duplicated"] == 1
    assert figures["mismatched"] == 2  # another household; another seq than the retry answered
    assert figures["refused_but_logged"] == 1
    assert figures["phantom"] == 1
    assert (figures["retry_replayed"], figures["retry_unanswered"]) == (2, 1)
    figures.update(
        kills=0, restarted=0, stops=1, recovered=0, verify_ok=True, rebuild_ok=True, acknowledged=4
    )
    failures = failures_of(figures)
    assert any("recovered by itself after 0 of 1" in failure for failure in failures)
    assert any(failure.startswith("phantom 1") for failure in failures)


def test_a_clean_account_has_no_failures() -> None:
    commands = [
        _command("a", "acknowledged", 1),
        _command("b", "unacknowledged", retry_outcome="fresh", retry_seq=2),
        _command("c", "unacknowledged", retry_outcome="unacknowledged"),  # never landed
        _command("d", "refused"),
    ]
    log: dict[str, Logged] = {"a": [("c1", 1, "h1")], "b": [("c1", 2, "h1")]}
    figures = account(commands, log)
    figures.update(kills=1, restarted=1, stops=1, recovered=1, verify_ok=True, rebuild_ok=True)
    assert failures_of(figures) == []
    assert figures["found"] == 1 and figures["retry_fresh"] == 1
