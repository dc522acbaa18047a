"""The server under test: `ledger serve` on a free 127.0.0.1 port, and the few HTTP calls
the benchmarks make to it outside wrk (log-in, JSON posts and reads, its peak memory)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from ops.benchmarks.preparation import BENCH_PASSWORD

SERVER_START_SECONDS = 60
SERVER_STOP_SECONDS = 20
POOL_SIZE = 16


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, log_path: Path, workers: int) -> subprocess.Popen[bytes]:
    """`ledger serve` on `url`'s database, once /readyz answers 200."""
    environment = {
        **os.environ,
        "LEDGER_DATABASE_URL": url,
        "LEDGER_HOST": "127.0.0.1",
        "LEDGER_PORT": str(port),
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ledger.cli",
                "serve",
                "--pool-size",
                str(POOL_SIZE),
                "--workers",
                str(workers),
            ],  # fmt: skip
            env=environment,
            stdout=log,
            stderr=log,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start; see " + str(log_path))


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as an operator stops it: the server finishes what it is doing first."""
    server.send_signal(signal.SIGINT)
    server.wait(SERVER_STOP_SECONDS)


def log_in(port: int, username: str = "bench_counter") -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=json.dumps({"username": username, "password": BENCH_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return str(json.loads(answer.read())["access_token"])


def post_json(port: int, path: str, body: dict[str, Any], token: str) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def get_json(port: int, path: str) -> Any:
    """A public read, no log-in."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
        return json.loads(answer.read())


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of the server: its own, plus its worker processes' if any."""

    def own(process_id: int) -> float:
        for line in Path(f"/proc/{process_id}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own(pid) + sum(own(int(child)) for child in children)
