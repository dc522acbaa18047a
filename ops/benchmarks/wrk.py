"""wrk runs: a script made of its data, the shared preamble (preamble.lua) and its own
request function (NAME.lua beside this module); a warm-up, then the measured run, parsed."""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WARM_UP_SECONDS = 2
THREADS = 2
UNIT_MILLISECONDS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


LuaValue = int | str | list[Any]


def lua_value(value: LuaValue) -> str:
    """A number, a string or a (nested) list as a Lua literal; the strings are paths, ids
    and card tokens, which hold no quote or backslash."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return f'"{value}"'
    return "{" + ",".join(lua_value(item) for item in value) + "}"


def wrk_script(name: str, data: dict[str, LuaValue], token: str) -> str:
    """The script `name` with its data. Each call gets its own key prefix (`run`): a key
    reused with another cart would be a conflict."""
    values = {**data, "token": token, "run": uuid.uuid4().hex[:8]}
    lines = [f"local {key} = {lua_value(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n" + (HERE / "preamble.lua").read_text() + (HERE / f"{name}.lua").read_text()


def run_wrk(
    port: int,
    name: str,
    make_script: Callable[[], str],
    connections: int,
    seconds: int,
    work: Path,
    around: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> dict[str, Any]:
    """A short warm-up so connection set-up and first-use caches are not in the figures,
    then `seconds` measured with a script of its own, inside `around()` (a CPU meter)."""
    script = work / f"{name}.lua"
    target = f"http://127.0.0.1:{port}"
    script.write_text(make_script())
    subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{WARM_UP_SECONDS}s", "-s", str(script), target],
        capture_output=True,
        check=True,
    )
    script.write_text(make_script())
    with around():
        output = subprocess.run(
            [
                "wrk",
                f"-t{THREADS}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(script),
                target,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict[str, Any]:
    """Throughput, median and 99th-percentile latency, requests, and every error wrk saw
    (answers other than 2xx or 3xx, and socket errors)."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_second": float(found(r"Requests/sec:\s+([\d.]+)", output)),
        "latency_ms_p50": milliseconds(percentiles["50"]),
        "latency_ms_p99": milliseconds(percentiles["99"]),
        "requests": int(found(r"(\d+) requests in", output)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def found(pattern: str, output: str) -> str:
    """The first group of `pattern`, which wrk's output always holds."""
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk's output has no {pattern!r}:\n{output}")
    return match.group(1)


def milliseconds(text: str) -> float:
    """wrk's latency ("812.00us", "5.60ms", "1.02s") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise RuntimeError(f"not a wrk latency: {text!r}")
    number, unit = match.groups()
    return float(number) * UNIT_MILLISECONDS[unit]
