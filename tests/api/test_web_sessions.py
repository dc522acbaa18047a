"""Staff pages: a form log-in, an HttpOnly SameSite session cookie (Secure over HTTPS), and
a CSRF token that every form must carry."""

from __future__ import annotations

import pytest

from tests.api.web import hidden_csrf, log_in, set_cookie
from tests.support import PASSWORD

pytestmark = pytest.mark.anyio


async def test_the_login_form_sets_a_guarded_csrf_cookie(client):
    form = await client.get("/login")
    value, attributes = set_cookie(form, "ledger_login_csrf")
    assert value == hidden_csrf(form.text)
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "secure" not in attributes  # plain http: a browser would drop a Secure cookie
    assert "工作人员登录" in form.text
    assert "没有加密" in form.text  # and the page says the link is not encrypted


async def test_over_https_behind_the_proxy_cookies_are_secure_and_no_warning_shows(client):
    # The reverse proxy (ops/deploy/nginx.conf) tells the server the browser used HTTPS.
    form = await client.get("/login", headers={"X-Forwarded-Proto": "https"})
    _, attributes = set_cookie(form, "ledger_login_csrf")
    assert "secure" in attributes
    assert "没有加密" not in form.text


async def test_a_log_in_without_the_forms_csrf_token_is_refused(client, staffed):
    answer = await client.post(
        "/login",
        data={"username": staffed.village.usernames["admin"], "password": PASSWORD, "csrf_token": "x"},
    )
    assert answer.status_code == 303  # back to the form, with the reason
    assert not [h for h in answer.headers.get_list("set-cookie") if h.startswith("ledger_session=")]
    shown = await client.get(answer.headers["location"])
    assert shown.status_code == 400
    assert "页面已过期" in shown.text


async def test_a_session_opens_the_workbench_and_logout_needs_its_csrf_token(client, staffed):
    session = await log_in(client, staffed.village.usernames["admin"], PASSWORD)
    cookie = {"Cookie": f"ledger_session={session}"}
    home = await client.get("/staff", headers=cookie)
    assert home.status_code == 200
    assert "测试村-" in home.text
    forged = await client.post("/logout", data={"csrf_token": "forged"}, headers=cookie)
    assert (forged.status_code, forged.headers["location"]) == (303, "/staff")  # nothing happened
    assert (await client.get("/staff", headers=cookie)).status_code == 200
    out = await client.post("/logout", data={"csrf_token": hidden_csrf(home.text)}, headers=cookie)
    assert out.status_code == 303
    gone = await client.get("/staff", headers=cookie)
    assert gone.status_code == 303
    assert gone.headers["location"] == "/login"


async def test_a_session_cookie_does_not_open_the_api(client, staffed):
    session = await log_in(client, staffed.village.usernames["admin"], PASSWORD)
    answer = await client.get(f"{staffed.api}/households", headers={"Cookie": f"ledger_session={session}"})
    assert answer.status_code == 401


async def test_a_wrong_password_shows_the_form_again(client, staffed):
    form = await client.get("/login")
    login_csrf, _ = set_cookie(form, "ledger_login_csrf")
    answer = await client.post(
        "/login",
        data={
            "username": staffed.village.usernames["admin"],
            "password": "not-the-one",
            "csrf_token": login_csrf,
        },
        headers={"Cookie": f"ledger_login_csrf={login_csrf}", "X-Forwarded-For": "10.8.8.8"},
        follow_redirects=True,
    )
    assert answer.history[0].status_code == 303  # a reload of the answer sends no password again
    assert answer.status_code == 401
    assert "用户名或密码错误" in answer.text
