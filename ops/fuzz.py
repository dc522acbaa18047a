"""The schema fuzzer: schemathesis against a server of its own, seeded with the demo, as every
staff role in turn and anonymously, every operation of /schema/openapi.json.

A fresh database (`ledger_fuzz` on the embedded PostgreSQL, or LEDGER_FUZZ_DATABASE_URL) each
run; the demo's real ids stand in for path parameters most of the time, so the fuzzer gets past
"no such household" into the rules behind it. Checks: no 5xx, every status and every body as
the document says. Then `ledger verify` and `ledger rebuild --check` on the fuzzed record.
Prints cases, 5xx and conformance failures; exits non-zero unless all is clean.

    ops/fuzz            bounded (≥ 2,000 cases, a few minutes on 2 cores)
    ops/fuzz --long     ≥ 50,000 cases, then the stateful property test's long profile
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ledger import embedded

ROOT = Path(__file__).resolve().parent.parent

FUZZ_DATABASE = "ledger_fuzz"
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance"
SERVER_ERROR_CHECK = "not_a_server_error"
# Staff roles of the demo in the order they are fuzzed: the admin last, since its
# operations (revoking roles, resetting passwords) may end the others' sessions.
ROLES = ("counter", "scorer", "committee", "supervisor", "township", "county", "admin")
# Operations that end the very token the run authenticates with: fuzzed anonymously only.
SESSION_ENDING = ("/api/v1/auth/logout", "/api/v1/auth/password")
# How often a path parameter is one of the demo's real ids rather than a generated value.
REAL_ID_PROBABILITY = 0.85
BOUNDED_CASES = 2_000  # at least, in the bounded run (ops/test)
LONG_CASES = 50_000  # at least, with --long


@dataclass
class Tally:
    cases: int = 0
    server_errors: int = 0
    conformance_failures: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    # exit status of each schemathesis run, by who ran it
    exit_codes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # the runs', the server's start aside


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ledger_command(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ledger.cli", *arguments],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def start_server(environment: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ledger.cli", "serve", "--pool-size", "20"],
            env=environment,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{environment['LEDGER_PORT']}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base_url + "/readyz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("ops/fuzz: the server did not start:\n" + log_path.read_text())
        time.sleep(0.2)


def some_address() -> str:
    """An address of its own per run: the server trusts X-Forwarded-For from 127.0.0.1 (as
    behind the reverse proxy), so each run's per-address limits count its own requests."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def log_in(base_url: str, login: dict[str, str]) -> str:
    answer = httpx.post(
        base_url + "/api/v1/auth/token",
        json={"username": login["username"], "password": login["password"]},
        headers={"X-Forwarded-For": some_address()},
        timeout=30,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def known_ids(base_url: str, demo: dict[str, Any], tokens: dict[str, str]) -> dict[str, list[Any]]:
    """The real ids of the demo community, for the path parameters of the same name."""
    community = demo["community_id"]
    api = f"{base_url}/api/v1/communities/{community}"

    def read(role: str, path: str) -> Any:
        answer = httpx.get(api + path, headers={"Authorization": f"Bearer {tokens[role]}"}, timeout=30)
        answer.raise_for_status()
        return answer.json()

    user_ids = [
        httpx.get(
            base_url + "/api/v1/me", headers={"Authorization": f"Bearer {tokens[role]}"}, timeout=30
        ).json()["user_id"]
        for role in ROLES
    ]
    events = read("committee", "/events?limit=1000")["events"]
    members = [
        member["id"]
        for household in demo["households"][:5]
        for member in read("committee", f"/households/{household['id']}").get("members") or []
    ]
    proposals = read("committee", "/proposals")
    rows = proposals if isinstance(proposals, list) else proposals.get("proposals", [])
    return {
        "community_id": [community],
        "household_id": [household["id"] for household in demo["households"]],
        "goods_id": [goods["id"] for goods in demo["goods"]],
        "rule_id": [rule["id"] for rule in demo["rules"]],
        "user_id": user_ids,
        "member_id": members or [demo["households"][0]["id"]],
        "seq": [event["seq"] for event in events[-50:]]
        + [event["seq"] for event in events if event["kind"] == "redemption"][-20:],
        "proposal_id": [row["proposal_id"] for row in rows if "proposal_id" in row][:50] or [community],
        "batch_id": sorted({row["batch_id"] for row in rows if row.get("batch_id")})[:20] or [community],
        "token": [household["card_url"].rsplit("/", 1)[-1] for household in demo["households"][:20]],
    }


def config_file(work: Path, ids: dict[str, list[Any]], examples_per_operation: int) -> Path:
    lines = [
        "[generation]",
        f"max-examples = {examples_per_operation}",
        "",
        "[phases.stateful]",
        "max-steps = 12",
        "",
        "[dictionaries]",
    ]
    for name, values in ids.items():
        lines.append(f"{name} = {{ values = {json.dumps(values, ensure_ascii=False)} }}")
    lines += ["", "[parameters]"]
    for name in ids:
        lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = {REAL_ID_PROBABILITY} }}')
    path = work / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_schemathesis(
    base_url: str, config: Path, who: str, token: str | None, work: Path, long: bool, seed: int
) -> tuple[int, Path]:
    report = work / f"{who}.ndjson"
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        f"{base_url}/schema/openapi.json",
        "--checks",
        CHECKS,
        "--mode",
        "all",
        "--workers",
        # Two at once in the bounded run; one in the long run, whose coverage phase trips a
        # thread-safety fault in Hypothesis' lambda-source cache with two ("AST constructor
        # recursion depth mismatch", a runtime error of the fuzzer, not an answer of ours).
        "1" if long else "2",
        "--seed",
        str(seed),
        "--generation-database",
        "none",
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--header",
        f"X-Forwarded-For: {some_address()}",
        "--phases",
        "examples,coverage,fuzzing,stateful" if long else "examples,fuzzing,stateful",
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
        for path in SESSION_ENDING:
            command += ["--exclude-path", path]
    started = time.monotonic()
    with (work / f"{who}.log").open("w") as log:
        finished = subprocess.run(command, cwd=work, stdout=log, stderr=subprocess.STDOUT, check=False)
    print(f"  {who}: schemathesis exit {finished.returncode} in {time.monotonic() - started:.0f} s")
    return finished.returncode, report


def tally_report(report: Path, tally: Tally) -> None:
    """Counts test cases and failed checks from the ndjson events of one run."""
    if not report.exists():
        return
    for line in report.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        for kind, body in event.items():
            if kind != "ScenarioFinished":
                continue
            recorder = body.get("recorder") or {}
            cases = recorder.get("cases") or {}
            tally.cases += len(cases)
            for check_list in (recorder.get("checks") or {}).values():
                for check in check_list:
                    if check.get("status") != "failure":
                        continue
                    name = check.get("name", "?")
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    message = str(failure.get("message", "")).replace("\n", "; ")[:160]
                    label = f"{failure.get('code', name)} {failure.get('operation', '')}: {message}"
                    tally.failures[label] += 1
                    if name == SERVER_ERROR_CHECK:
                        tally.server_errors += 1
                    else:
                        tally.conformance_failures += 1


def check_record(environment: dict[str, str]) -> bool:
    clean = True
    for arguments in (("verify",), ("rebuild", "--check")):
        finished = ledger_command(environment, *arguments)
        status = "clean" if finished.returncode == 0 else f"NOT clean (exit {finished.returncode})"
        print(f"ledger {' '.join(arguments)}: {status}")
        if finished.returncode != 0:
            print(finished.stdout[-4000:] + finished.stderr[-4000:])
            clean = False
    return clean


def property_test_long() -> int:
    """The stateful property test with its long profile (tests/conftest.py: a thousand examples
    of a hundred steps, or an hour), its statistics printed: steps and how often each rule fired."""
    machine = ROOT / "tests" / "properties" / "test_ledger_machine.py"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(machine)]
    command += ["--hypothesis-profile=long", "--hypothesis-show-statistics"]
    # A database of its own: the suite's may be in use by another run at the same time.
    environment = {
        **os.environ,
        "LEDGER_TEST_DATABASE": os.environ.get("LEDGER_TEST_DATABASE", "ledger_test_fuzz"),
    }
    print("$ " + " ".join(command))
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ops/fuzz", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--long", action="store_true", help="≥ 50,000 cases and the long property test")
    parser.add_argument("--examples", type=int, help="test cases per operation and phase (default by mode)")
    parser.add_argument("--seed", type=int, default=None, help="for a reproducible run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (reports, server log)")
    return parser.parse_args(argv)


def server_environment(database_url: str, work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LEDGER_DATABASE_URL": database_url,
        "LEDGER_HOME": str(work),  # the demo's secrets go here, not beside the real demo's
        "LEDGER_HOST": "127.0.0.1",
        "LEDGER_PORT": str(free_port()),
        "LEDGER_TICK_SECONDS": "5",
    }


def seed_demo(environment: dict[str, str], work: Path) -> dict[str, Any] | None:
    """The demo (`ledger demo --json`) with every staff login; None if it could not be made."""
    seeded = ledger_command(environment, "demo", "--json")
    if seeded.returncode != 0:
        print(seeded.stdout + seeded.stderr)
        return None
    demo: dict[str, Any] = json.loads(seeded.stdout)
    # The township and county officials are not in --json (it names the community's staff);
    # their passwords are in the demo's secrets file.
    passwords = json.loads((work / "demo-secrets.json").read_text(encoding="utf-8"))["passwords"]
    for level in ("township", "county"):
        demo["staff"][level] = {"username": f"demo_{level}", "password": passwords[f"demo_{level}"]}
    return demo


def fuzz_every_role(
    environment: dict[str, str], demo: dict[str, Any], work: Path, long: bool, examples: int, seed: int
) -> Tally:
    """schemathesis as each role in turn and anonymously, against a server started for it."""
    server = start_server(environment, work / "server.log")
    base_url = f"http://127.0.0.1:{environment['LEDGER_PORT']}"
    tally = Tally()
    started = time.monotonic()
    try:
        tokens = {role: log_in(base_url, demo["staff"][role]) for role in ROLES}
        config = config_file(work, known_ids(base_url, demo, tokens), examples)
        for who in (*ROLES, "anonymous"):
            # A fresh token per run: an earlier run may have ended the session (a password reset).
            token = None if who == "anonymous" else log_in(base_url, demo["staff"][who])
            exit_code, report = run_schemathesis(base_url, config, who, token, work, long, seed)
            tally.exit_codes[who] = exit_code
            tally_report(report, tally)
    finally:
        server.terminate()
        server.wait(30)
    tally.seconds = time.monotonic() - started
    return tally


def verdict(tally: Tally, work: Path, environment: dict[str, str], long: bool) -> bool:
    """The figures printed; whether the run is clean (the record included)."""
    server_log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    unhandled = server_log.count('"unhandled error"')
    print(f"\ncases: {tally.cases:,} in {tally.seconds:.0f} s")
    print(f"5xx: {tally.server_errors} (unhandled errors in the server log: {unhandled})")
    print(f"conformance failures: {tally.conformance_failures}")
    for label, count in tally.failures.most_common(40):
        print(f"  {count:5d}  {label}")
    record_clean = check_record(environment)
    enough = tally.cases >= (LONG_CASES if long else BOUNDED_CASES)
    if not enough:
        print("ops/fuzz: too few cases ran")
    bad_runs = {who: code for who, code in tally.exit_codes.items() if code != 0}
    if bad_runs:
        print(f"ops/fuzz: schemathesis reported problems in {bad_runs}; their logs are in {work}")
    return (
        record_clean
        and tally.server_errors == 0
        and unhandled == 0
        and tally.conformance_failures == 0
        and enough
        and not bad_runs
    )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    examples_per_operation = arguments.examples or (100 if arguments.long else 5)
    seed = arguments.seed if arguments.seed is not None else secrets.randbelow(2**31)
    database_url = os.environ.get("LEDGER_FUZZ_DATABASE_URL") or embedded.ensure_database(
        ROOT / ".ledger", FUZZ_DATABASE, fresh=True
    )
    work = Path(tempfile.mkdtemp(prefix="ledger-fuzz-"))
    environment = server_environment(database_url, work)
    print(f"ops/fuzz: seed {seed}, {examples_per_operation} examples per operation, work in {work}")
    demo = seed_demo(environment, work)
    if demo is None:
        return 1
    tally = fuzz_every_role(environment, demo, work, arguments.long, examples_per_operation, seed)
    ok = verdict(tally, work, environment, arguments.long)
    if arguments.long:
        ok = property_test_long() == 0 and ok
    if ok and not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("ops/fuzz: clean" if ok else f"ops/fuzz: NOT clean (reports in {work})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
