"""What every page state must pass, at a phone's size and a desktop's: the page has a
viewport, its document is no wider than the window (no sideways scrolling), and axe-core
finds nothing critical or serious; and a screenshot of it is kept.

One browser serves both sizes: each state is looked at as it is, at 360 × 740 and then at
1280 × 800 (Chromium's own viewport, set through DevTools: the layout, its media queries
and axe see exactly that width), without loading it again — a form's result is looked at
as the form left it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser import axe

PHONE = (360, 740)
DESKTOP = (1280, 800)
SIZES = (PHONE, DESKTOP)
SCREENSHOT_HEIGHT_MAX = 6000  # px: a long list is cut there, the file stays small
OFFENDERS_SHOWN = 5

# The elements that stick out past the window's right edge, innermost first: the ones to fix.
_WIDER_THAN_THE_WINDOW = """
const width = window.innerWidth;
const wide = [...document.querySelectorAll("body *")].filter(
  (element) => element.getBoundingClientRect().right > width + 0.5);
const innermost = wide.filter((element) => !wide.some((other) => other !== element && element.contains(other)));
return innermost.slice(0, arguments[0]).map((element) =>
  element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
  + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "")
  + " (" + Math.round(element.getBoundingClientRect().right) + " px) "
  + JSON.stringify((element.textContent || "").trim().slice(0, 40)));
"""


def set_viewport(driver: Any, width: int, height: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    shown = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    assert shown == [width, height], f"the browser shows {shown}, not {width} × {height}"


def screenshot(
    driver: Any, path: Path, width: int, height_max: int = SCREENSHOT_HEIGHT_MAX, *, quick: bool = True
) -> None:
    """The whole page, not only what fits in the window (up to height_max). Quick: Chromium
    compresses less (a run of 270 pictures saves seconds); pictures to keep are made small."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "optimizeForSpeed": quick,
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, height_max), "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def slug(name: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    assert cleaned, name
    return cleaned


@dataclass
class Inspector:
    """Looks at page states one after another and keeps every problem found, so that one
    run names all of them (`assert_clean` at the end of a test)."""

    driver: Any = field(repr=False)
    folder: Path
    taken: set[str] = field(repr=False)  # screenshot names already used in this run (every test's)
    problems: list[str] = field(default_factory=list, repr=False)
    looked_at: int = 0

    def look(self, state: str, keep_screenshots: bool = True) -> None:
        """Check the page as it is now, at each size; the browser is left at phone size."""
        name = slug(state)
        assert name not in self.taken, f"two page states are both called {name!r}"
        self.taken.add(name)
        address = self.driver.current_url
        has_viewport = self.driver.execute_script("return !!document.querySelector('meta[name=viewport]')")
        if not has_viewport:
            self.problems.append(f"{state} ({address}): no <meta name=viewport>, a phone would show it tiny")
        for width, height in SIZES:
            set_viewport(self.driver, width, height)
            where = f"{state} at {width}×{height} ({address})"
            document_width = self.driver.execute_script("return document.documentElement.scrollWidth")
            if document_width > width:
                offenders = self.driver.execute_script(_WIDER_THAN_THE_WINDOW, OFFENDERS_SHOWN)
                self.problems.append(
                    f"{where}: the document is {document_width} px wide; sticking out: {'; '.join(offenders)}"
                )
            self.problems.extend(
                f"{where}: axe-core {finding}" for finding in axe.failing_findings(self.driver)
            )
            if keep_screenshots:
                screenshot(self.driver, self.folder / f"{name}-{width}x{height}.png", width)
        set_viewport(self.driver, *PHONE)
        self.looked_at += 1

    def assert_clean(self) -> None:
        assert self.looked_at, "no page state was looked at"
        assert not self.problems, (
            f"{len(self.problems)} problems in {self.looked_at} page states "
            f"(screenshots in {self.folder}):\n" + "\n".join(self.problems)
        )
