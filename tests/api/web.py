"""Staff pages in tests: log in through the form and carry the session cookie by hand, so
each test says which session a request carries."""

from __future__ import annotations

import re
import secrets


def set_cookie(answer, name: str) -> tuple[str, str]:
    """The cookie's value and its attributes, from the Set-Cookie header."""
    for header in answer.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            value, _, attributes = header.partition(";")
            return value.split("=", 1)[1].strip('"'), attributes.lower()
    raise AssertionError(f"no {name} cookie set")


def hidden_csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


async def log_in(client, username: str, password: str) -> str:
    form = await client.get("/login")
    login_csrf, _ = set_cookie(form, "ledger_login_csrf")
    answer = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": hidden_csrf(form.text)},
        headers={
            "Cookie": f"ledger_login_csrf={login_csrf}",
            "X-Forwarded-For": f"10.9.{secrets.randbelow(250)}.1",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/staff"
    session, attributes = set_cookie(answer, "ledger_session")
    for flag in ("httponly", "samesite=strict"):
        assert flag in attributes
    return session


def session_cookie(session: str) -> dict[str, str]:
    return {"Cookie": f"ledger_session={session}"}


async def submit(client, path: str, **request):
    """Post a page's form as a browser does: the answer is a redirect (post → redirect →
    get), followed to the page that shows what the form did."""
    answer = await client.post(path, **request)
    assert answer.status_code == 303, (answer.status_code, answer.text[:300])
    # Followed by hand with the same headers: httpx drops a Cookie header on a redirect and
    # sends its own jar's instead (the last log-in's session, not this request's).
    return await client.get(answer.headers["location"], headers=request.get("headers"))
