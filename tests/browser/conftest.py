"""A real browser: the system's Chromium (ops/test installs it) driven by Selenium, headless,
at the size of a cheap Android phone (360 × 740 CSS pixels). One browser serves the whole
run (starting Chromium costs a second); each test starts with no cookies, at phone size.

Screenshots of every page state the tests look at go to LEDGER_SCREENSHOTS if set, else
to a folder of this run's own; the run's summary says where."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.browser.inspection import PHONE, Inspector, set_viewport

_screenshot_folders: list[Path] = []


def _program(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"none of {names} is installed: ops/test installs Chromium and its driver")


@pytest.fixture(scope="session")
def chromium() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("LEDGER_CHROMIUM") or _program(
        "chromium", "chromium-browser", "google-chrome"
    )
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        "--lang=zh-CN",
        "--hide-scrollbars",  # screenshots as a phone shows the page
    ):
        options.add_argument(argument)
    # A village phone asks for Chinese (headless Chromium would ask for en-US, and the pages
    # follow the browser's Accept-Language until the language switch is used).
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(_program("chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium: webdriver.Chrome) -> webdriver.Chrome:
    chromium.get("about:blank")
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})  # every site's, not only the page's
    # Each test browses from an address of its own, as the HTTP tests' client does (tests/
    # server.py): the per-address limits on card and board look-ups count one test's pages,
    # never the whole run's (60 a minute from 127.0.0.1 is soon reached by a fast machine).
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    chromium.execute_cdp_cmd("Network.enable", {})
    chromium.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"X-Forwarded-For": address}})
    set_viewport(chromium, *PHONE)
    return chromium


@pytest.fixture(scope="session")
def screenshot_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("LEDGER_SCREENSHOTS")
    if chosen:
        folder = Path(chosen).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("screenshots")
    _screenshot_folders.append(folder)
    return folder


_names_taken: set[str] = set()


@pytest.fixture
def inspector(browser: webdriver.Chrome, screenshot_folder: Path) -> Inspector:
    return Inspector(browser, screenshot_folder, _names_taken)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for folder in _screenshot_folders:
        count = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"browser tests: {count} screenshots in {folder}")
