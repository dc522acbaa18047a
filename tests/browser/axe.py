"""axe-core, the accessibility engine, in the browser tests: fetched once from the npm
registry as its published tarball (pinned, its sha512 checked against the registry's
integrity string), kept under .venv/cache/, and injected into each page state.

Python's urllib does the fetch, so a fresh machine needs neither node nor npm:
`.venv/bin/python -m tests.browser.axe` (ops/test runs it, as it installs Chromium).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

VERSION = "4.14.1"
TARBALL_URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# The registry's "dist.integrity" of that tarball (npm view axe-core@4.14.1 dist.integrity).
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
MEMBER = "package/axe.min.js"
TARBALL_BYTES_MAX = 20 * 1024 * 1024  # the 4.14.1 tarball is 0.7 MB; anything far larger is not it
DOWNLOAD_SECONDS = 60

REPOSITORY = Path(__file__).resolve().parents[2]
SCRIPT = REPOSITORY / ".venv" / "cache" / f"axe-core-{VERSION}" / "axe.min.js"

# What fails a page: axe's two highest impacts. (Moderate and minor findings are advice.)
IMPACTS_FAILING = ("critical", "serious")
RUN_SECONDS = 30


def verified(tarball: bytes) -> bytes:
    """The tarball, if its sha512 is the pinned one; else refuse it."""
    algorithm, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode("ascii")
    if digest != expected:
        raise ValueError(f"axe-core {VERSION}: the download's {algorithm} is {digest}, not {expected}")
    return tarball


def script_from(tarball: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise ValueError(f"axe-core {VERSION}: the tarball has no {MEMBER}")
        return member.read()


def install(target: Path = SCRIPT) -> Path:
    """Fetch, check and keep axe.min.js (nothing to do when it is already kept)."""
    if target.exists():
        return target
    with urllib.request.urlopen(TARBALL_URL, timeout=DOWNLOAD_SECONDS) as answer:
        tarball = answer.read(TARBALL_BYTES_MAX + 1)
    if len(tarball) > TARBALL_BYTES_MAX:
        raise ValueError(f"axe-core {VERSION}: the download is larger than {TARBALL_BYTES_MAX} bytes")
    script = script_from(verified(tarball))
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a run cut short never leaves half a script behind.
    partial = target.with_suffix(f".partial-{os.getpid()}")
    partial.write_bytes(script)
    partial.replace(target)
    return target


@cache
def source() -> str:
    if not SCRIPT.exists():
        raise FileNotFoundError(
            f"axe-core {VERSION} is not installed at {SCRIPT}: ops/test installs it "
            "(or run .venv/bin/python -m tests.browser.axe)"
        )
    return SCRIPT.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} ({self.help}) at {', '.join(self.targets)}"


_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (results) => done({violations: results.violations.map((rule) => ({
    rule: rule.id, impact: rule.impact, help: rule.help,
    targets: rule.nodes.map((node) => node.target.join(" ")),
  }))}),
  (error) => done({error: String(error)}),
);
"""


def failing_findings(driver: Any) -> list[Finding]:
    """axe-core's critical and serious findings on the page as it is now (injected once per
    document; a page that navigates gets it again)."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source())
    driver.set_script_timeout(RUN_SECONDS)
    answer = driver.execute_async_script(_RUN)
    if "error" in answer:
        raise RuntimeError(f"axe-core failed on {driver.current_url}: {answer['error']}")
    return [
        Finding(rule["rule"], rule["impact"], rule["help"], tuple(rule["targets"]))
        for rule in answer["violations"]
        if rule["impact"] in IMPACTS_FAILING
    ]


if __name__ == "__main__":
    if not SCRIPT.exists():
        print(f"axe-core {VERSION}: fetched and checked, kept at {install()}", file=sys.stderr)
