"""Every staff member changes their own password on a page; the change ends every session."""

from __future__ import annotations

import pytest

from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD

pytestmark = pytest.mark.anyio


async def test_a_counter_user_changes_their_own_password_and_logs_in_with_the_new_one(client, staffed):
    username = staffed.village.usernames["counter"]
    cookie = session_cookie(await log_in(client, username, PASSWORD))
    home = await client.get("/staff", headers=cookie)
    assert 'href="/staff/password"' in home.text
    page = await client.get("/staff/password", headers=cookie)
    assert page.status_code == 200
    form = {"csrf_token": hidden_csrf(page.text), "current_password": PASSWORD}
    differ = await submit(
        client,
        "/staff/password",
        data={**form, "new_password": "rice-field-2026", "repeated_password": "rice-field-2027"},
        headers=cookie,
    )
    assert differ.status_code == 400
    assert "两次输入的新密码不一样" in differ.text
    wrong = await submit(
        client,
        "/staff/password",
        data={
            **form,
            "current_password": "not-mine",
            "new_password": "rice-field-2026",
            "repeated_password": "rice-field-2026",
        },
        headers=cookie,
    )
    assert wrong.status_code == 401
    changed = await submit(
        client,
        "/staff/password",
        data={**form, "new_password": "rice-field-2026", "repeated_password": "rice-field-2026"},
        headers=cookie,
    )
    assert changed.url.path == "/login"
    assert "密码已修改" in changed.text
    assert (await client.get("/staff", headers=cookie)).status_code == 303  # this session ended
    await log_in(client, username, "rice-field-2026")  # asserts the log-in worked
