"""The page checks themselves: on a page made to fail, axe-core runs and names what it
should (an unlabelled field, grey text below 4.5:1), and the width check and the viewport
check speak up. Without this, a harness that quietly checked nothing would pass everything."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser import axe

_BAD_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏页面</title></head>
<body><main><h1>坏页面</h1>
<input name="card">
<p style="color:#aaa;background:#fff">浅灰色的字</p>
<div style="width:500px">一张放不下的表</div>
</main></body></html>"""


def test_the_checks_find_what_is_wrong_with_a_page(inspector):
    inspector.driver.get("data:text/html;charset=utf-8," + urllib.parse.quote(_BAD_PAGE))
    inspector.look("a page made to fail", keep_screenshots=False)
    problems = "\n".join(inspector.problems)
    assert "no <meta name=viewport>" in problems
    assert "axe-core critical label" in problems
    assert "axe-core serious color-contrast" in problems
    phone, desktop = (
        [p for p in inspector.problems if f" at {size} " in p and "px wide" in p]
        for size in ("360×740", "1280×800")
    )
    assert len(phone) == 1
    assert "div" in phone[0]  # the element that sticks out is named
    assert desktop == []  # 500 px fits a desktop


def test_the_axe_script_is_the_pinned_one():
    assert axe.SCRIPT.exists(), "ops/test installs axe-core (.venv/bin/python -m tests.browser.axe)"
    assert f"axe v{axe.VERSION}" in axe.source()[:200]


def test_a_tampered_download_is_refused():
    with pytest.raises(ValueError, match="sha512"):
        axe.verified(b"not the tarball")
