"""Staff accounts, without HTTP: an account and its roles are made together or not at all."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from ledger.domain.errors import Refused
from ledger.services import staff
from ledger.store import accounts
from ledger.store.queries import staff as staff_reads
from tests.support import new_village

pytestmark = pytest.mark.anyio


async def test_two_admins_creating_the_same_username_at_once_make_one_account(pool):
    village = await new_village(pool)
    username = "wang_" + uuid.uuid4().hex[:8]
    command = staff.NewStaff(username=username, password="青山村-密码-2026", roles=["counter", "scorer"])

    answers = await asyncio.gather(
        *(staff.create_staff(pool, village.community_id, village.staff["admin"], command) for _ in range(2)),
        return_exceptions=True,
    )

    created = [answer for answer in answers if isinstance(answer, uuid.UUID)]
    refused = [answer for answer in answers if isinstance(answer, Refused)]
    assert len(created) == 1 and [refusal.code for refusal in refused] == ["already_exists"]
    user = await accounts.user_by_username(pool, username)
    assert user is not None and user["user_id"] == created[0]
    members = {
        row["username"]: row for row in await staff_reads.staff_of_community(pool, village.community_id)
    }
    assert sorted(members[username]["roles"]) == ["counter", "scorer"]


async def test_a_taken_username_is_refused_and_grants_nothing(pool):
    village = await new_village(pool)
    taken = village.usernames["counter"]
    command = staff.NewStaff(username=taken, password="青山村-密码-2026", roles=["admin"])
    before = {
        row["username"]: sorted(row["roles"])
        for row in await staff_reads.staff_of_community(pool, village.community_id)
    }

    with pytest.raises(Refused) as refusal:
        await staff.create_staff(pool, village.community_id, village.staff["admin"], command)

    assert refusal.value.code == "already_exists"
    after = {
        row["username"]: sorted(row["roles"])
        for row in await staff_reads.staff_of_community(pool, village.community_id)
    }
    assert after == before
