"""Staff access: log-in, lockout, rate limits, passwords, staff management; and card
guessing. Each test speaks from its own (forwarded) address, so limits do not mix."""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid

import pytest

from ledger import limits
from ledger.services import cards, security
from tests.support import PASSWORD, add_household

# The number Citus gives each shard's copy of a table and its indexes.
_SHARD_NUMBER = re.compile(r"_[0-9]+$")

pytestmark = pytest.mark.anyio


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def _address() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


async def _log_in(client, username: str, password: str, address: str):
    return await client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}, headers=_from(address)
    )


async def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, staffed, server):
    username = staffed.village.usernames["counter"]
    address = _address()
    wrong = [await _log_in(client, username, "wrong-password-x", address) for _ in range(5)]
    right = await _log_in(client, username, PASSWORD, address)
    assert [a.status_code for a in wrong] == [401] * 5
    assert right.status_code == 423
    assert right.json()["code"] == "account_locked"
    audit = [
        json.loads(line)
        for line in server.log_path.read_text().splitlines()
        if '"login"' in line and username in line
    ]
    assert [line["outcome"] for line in audit][-6:] == ["wrong password"] * 4 + ["locked", "locked"]


async def test_an_admin_reset_unlocks_and_ends_old_sessions(client, staffed):
    username = staffed.village.usernames["scorer"]
    user_id = staffed.village.staff["scorer"]
    address = _address()
    for _ in range(5):
        await _log_in(client, username, "wrong-password-x", address)
    reset = await client.post(
        f"{staffed.api}/staff/{user_id}/password",
        json={"new_password": "brand-new-pass-9"},
        headers=staffed.auth("admin"),
    )
    assert reset.status_code == 204
    assert (await client.get(f"{staffed.api}/goods", headers=staffed.auth("scorer"))).status_code == 401
    assert (await _log_in(client, username, "brand-new-pass-9", address)).status_code == 200


async def test_log_ins_are_rate_limited_per_address(client):
    """A burst of a minute's worth, then one try every three seconds (exactly so in
    tests/test_rate_limit.py, on an injected clock). Over HTTP the clock is the server's: what
    gets through is bounded by the time the tries really took, so a slow machine is never wrong."""
    per_minute = limits.LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT
    address = _address()
    started = time.monotonic()
    answers = []
    while not answers or answers[-1].status_code != 429 and len(answers) < 10 * per_minute:
        answers.append(await _log_in(client, f"nobody{len(answers)}", "whatever-password", address))
    refilled = (time.monotonic() - started) * per_minute / 60
    statuses = [answer.status_code for answer in answers]
    assert statuses[:per_minute] == [401] * per_minute
    assert statuses[-1] == 429
    assert answers[-1].headers["retry-after"] == "60"
    assert len(statuses) - 1 <= per_minute + refilled + 1
    # Another address is not held back by this one's tries.
    assert (await _log_in(client, "nobody", "whatever-password", _address())).status_code == 401


async def test_staff_change_their_own_password_with_the_current_one(client, staffed):
    headers = staffed.auth("committee")
    wrong = await client.post(
        "/api/v1/auth/password",
        json={"current_password": "not-it-at-all", "new_password": "another-pass-77"},
        headers=headers,
    )
    weak = await client.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "short"}, headers=headers
    )
    good = await client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "another-pass-77"},
        headers=headers,
    )
    assert (wrong.status_code, weak.status_code, good.status_code) == (401, 400, 204)
    assert (
        await _log_in(client, staffed.village.usernames["committee"], "another-pass-77", _address())
    ).status_code == 200


async def test_an_admin_creates_grants_and_revokes_staff(client, staffed):
    username = f"s{uuid.uuid4().hex[:10]}"
    created = await client.post(
        f"{staffed.api}/staff",
        json={"username": username, "password": "counter-pass-42", "roles": ["counter"]},
        headers=staffed.auth("admin"),
    )
    user_id = created.json()["id"]
    token = (await _log_in(client, username, "counter-pass-42", _address())).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert (await client.get(f"{staffed.api}/goods", headers=bearer)).status_code == 200
    duplicate = await client.post(
        f"{staffed.api}/staff",
        json={"username": username, "password": "counter-pass-42", "roles": ["counter"]},
        headers=staffed.auth("admin"),
    )
    assert duplicate.json()["code"] == "already_exists"
    await client.post(
        f"{staffed.api}/staff/{user_id}/roles", json={"role": "scorer"}, headers=staffed.auth("admin")
    )
    staff = (await client.get(f"{staffed.api}/staff", headers=staffed.auth("admin"))).json()
    assert next(s["roles"] for s in staff if s["username"] == username) == ["counter", "scorer"]
    revoked = await client.delete(
        f"{staffed.api}/staff/{user_id}/roles/scorer", headers=staffed.auth("admin")
    )
    again = await client.delete(f"{staffed.api}/staff/{user_id}/roles/scorer", headers=staffed.auth("admin"))
    assert (revoked.status_code, again.status_code) == (204, 404)
    kinds = [
        e["kind"]
        for e in (await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("admin"))).json()[
            "events"
        ]
    ]
    assert kinds.count("staff.revoked") == 1


async def test_a_thousand_guessed_card_tokens_find_nothing_and_engage_the_limit(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    real = await cards.issue_card(pool, staffed.village.community_id, None, household)
    guesses = [secrets.token_urlsafe(24) for _ in range(1000)]
    assert [await cards.card_view(pool, guess) for guess in guesses] == [None] * 1000
    address = _address()
    started = time.monotonic()
    statuses = [
        (await client.get(f"/api/v1/cards/{guess}", headers=_from(address))).status_code for guess in guesses
    ]
    elapsed = time.monotonic() - started
    assert set(statuses) == {404, 429}
    burst = limits.CARD_LOOKUPS_PER_MINUTE_PER_CLIENT
    assert statuses[:burst] == [404] * burst
    # Past the burst one look-up a second comes back, however long the thousand took: an
    # upper bound from the time they really took, never a guess at the machine's speed.
    assert statuses.count(404) <= burst + burst * elapsed / 60 + 1
    assert (await client.get(f"/api/v1/cards/{real.token}", headers=_from(_address()))).status_code == 200


async def test_a_near_miss_token_is_looked_up_exactly_as_a_random_one(pool, owner, staffed):
    """The token is found by the SHA-256 of all of it, through card_tokens' primary key: a
    guess right in all but its last character shares nothing with the real card's key and
    takes the very same path as a random one — nothing to learn from timing. (Proven by the
    plan and the hashes, not by a stopwatch: a timed test would depend on the machine's load.)"""
    household = await add_household(pool, staffed.village, "001")
    real = (await cards.issue_card(pool, staffed.village.community_id, None, household)).token
    near_miss = real[:-1] + ("A" if real[-1] != "A" else "B")
    stored = await owner.fetchval(
        "SELECT token_hash FROM cards WHERE community_id = $1 AND household_id = $2",
        staffed.village.community_id,
        household,
    )
    assert stored == security.token_hash(real)  # the token itself is never stored
    assert (
        await owner.fetchval(
            "SELECT token_hash FROM card_tokens WHERE community_id = $1", staffed.village.community_id
        )
        == stored
    )
    near_hash = security.token_hash(near_miss)
    assert near_hash[:4] != stored[:4]  # one character off: a wholly different key
    plans = []
    for token in (near_miss, secrets.token_urlsafe(24)):
        assert await cards.card_view(pool, token) is None
        plan = await owner.fetchval(
            "EXPLAIN (FORMAT JSON) SELECT community_id FROM card_tokens WHERE token_hash = $1",
            security.token_hash(token),
        )
        plans.append(_steps(plan[0]["Plan"]))  # the owner connection decodes json
    assert plans[0] == plans[1]
    # the primary key's index, never a scan comparing prefixes
    assert ("Index Scan", "card_tokens_pkey") in plans[0]


def _steps(node: dict) -> list[tuple[str, str | None]]:
    """A plan's steps: each node's type and the index it uses, without the values — on
    Citus those of the plan each node runs too, with the shard's number left off its names."""
    index = node.get("Index Name")
    steps = [(node["Node Type"], None if index is None else _SHARD_NUMBER.sub("", index))]
    for child in node.get("Plans", []):
        steps.extend(_steps(child))
    for task in node.get("Distributed Query", {}).get("Job", {}).get("Tasks", []):
        for remote in task["Remote Plan"]:
            steps.extend(step for plan in remote for step in _steps(plan["Plan"]))
    return steps


async def test_me_lists_the_communities_a_user_serves(client, staffed):
    me = (await client.get("/api/v1/me", headers=staffed.auth("counter"))).json()
    assert me["username"] == staffed.village.usernames["counter"]
    assert [(c["id"], c["roles"]) for c in me["communities"]] == [
        (str(staffed.village.community_id), ["counter"])
    ]
