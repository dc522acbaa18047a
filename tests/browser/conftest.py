"""A real browser: the system's Chromium (ops/test installs it) driven by Selenium, headless,
at the size of a cheap Android phone (360 × 740 CSS pixels)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PHONE = (360, 740)


def _program(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"none of {names} is installed: ops/test installs Chromium and its driver")


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("LEDGER_CHROMIUM") or _program(
        "chromium", "chromium-browser", "google-chrome"
    )
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        f"--window-size={PHONE[0]},{PHONE[1]}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(_program("chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
