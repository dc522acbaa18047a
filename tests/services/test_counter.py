"""The counter as use cases, without HTTP: a redemption by card with the PIN where policy asks
(wrong tries counted, locked at the limit even against concurrent guesses), its retry, and the
same counter user's same-day cancellation."""

from __future__ import annotations

import asyncio

import pytest

from ledger import limits
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import cards, counter
from ledger.services.auth import Principal
from ledger.store import queries
from ledger.store.group_commit import RedemptionBatcher
from tests.services.concurrency import started_and_waiting
from tests.support import add_goods, add_household, give_points, new_village

pytestmark = pytest.mark.anyio

PIN = "2468"


async def _shop(pool, pin_required=False):
    village = await new_village(pool)
    household = await add_household(pool, village, "001", "王建国")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    card = await cards.issue_card(pool, village.community_id, None, household)
    if pin_required:
        committee = village.staff["committee"]
        await counter.change_policy(
            pool, village.community_id, committee, commands.ChangePolicy(counter_pin_required=True)
        )
        await counter.set_pin(pool, village.community_id, committee, household, PIN)
    return village, household, soap, card.token


def _principal(village, role="counter") -> Principal:
    return Principal(user_id=village.staff[role], username=village.usernames[role])


async def _by_card(pool, village, card, soap, key, pin=None, quantity=2):
    command = commands.RedeemByCard(
        card=card, lines=[commands.CartLine(goods_id=soap, quantity=quantity)], pin=pin
    )
    return await counter.redeem_by_card(
        pool, RedemptionBatcher(pool), village.community_id, _principal(village), command, key
    )


async def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        await call
    return refused.value


async def _failed_attempts(pool, village, household) -> int:
    return await pool.fetchval(
        "SELECT failed_attempts FROM household_pins WHERE community_id = $1 AND household_id = $2",
        village.community_id,
        household,
    )


async def test_a_card_redeems_and_answers_its_receipt_number(pool):
    village, household, soap, card = await _shop(pool)
    answer = await _by_card(pool, village, f"http://村里/c/{card}", soap, "k-1")
    assert answer["receipt_number"] == f"No.{answer['event_seq']:08d}"
    assert answer["spendable_after"] == 90
    assert (await _refused(_by_card(pool, village, "no-such-card", soap, "k-2"))).code == "not_found"


async def test_the_pin_is_asked_for_checked_and_locked_after_the_tries(pool):
    village, household, soap, card = await _shop(pool, pin_required=True)
    assert (await _refused(_by_card(pool, village, card, soap, "k-0"))).code == "pin_required"
    for attempt in range(1, limits.PIN_TRIES_MAX):
        assert (
            await _refused(_by_card(pool, village, card, soap, f"w-{attempt}", "0000"))
        ).code == "pin_wrong"
        assert await _failed_attempts(pool, village, household) == attempt
    assert (await _refused(_by_card(pool, village, card, soap, "w-last", "0000"))).code == "pin_locked"
    # Locked means locked: the right PIN waits for the committee too.
    assert (await _refused(_by_card(pool, village, card, soap, "right", PIN))).code == "pin_locked"
    await counter.unlock_pin(pool, village.community_id, village.staff["committee"], household)
    assert (await _by_card(pool, village, card, soap, "right", PIN))["spendable_after"] == 90


async def test_the_right_pin_clears_the_wrong_tries(pool):
    village, household, soap, card = await _shop(pool, pin_required=True)
    await _refused(_by_card(pool, village, card, soap, "w-1", "0000"))
    await _by_card(pool, village, card, soap, "right", PIN)
    assert await _failed_attempts(pool, village, household) == 0


async def test_concurrent_wrong_pins_cannot_pass_the_limit_together(pool, owner):
    village, household, soap, card = await _shop(pool, pin_required=True)
    guesses = limits.PIN_TRIES_MAX + 3
    async with pool.acquire() as connection, connection.transaction():
        # The PIN's row held: every guess reads the PIN only once the one before is counted.
        await connection.execute(
            "SELECT 1 FROM household_pins WHERE community_id = $1 AND household_id = $2 FOR UPDATE",
            village.community_id,
            household,
        )
        tries = [
            _refused(_by_card(pool, village, card, soap, f"guess-{n}", f"{n:04d}")) for n in range(guesses)
        ]
        waiting = await started_and_waiting(owner, asyncio.gather(*tries), count=guesses)
    codes = [refused.code for refused in await waiting]
    assert codes.count("pin_wrong") == limits.PIN_TRIES_MAX - 1
    assert codes.count("pin_locked") == guesses - (limits.PIN_TRIES_MAX - 1)
    assert await _failed_attempts(pool, village, household) == limits.PIN_TRIES_MAX


async def test_a_retry_answers_the_first_even_after_the_pin_locked_and_the_card_was_replaced(pool):
    village, household, soap, card = await _shop(pool, pin_required=True)
    first = await _by_card(pool, village, card, soap, "k-1", PIN)
    for attempt in range(limits.PIN_TRIES_MAX):
        await _refused(_by_card(pool, village, card, soap, f"w-{attempt}", "0000"))
    await cards.issue_card(pool, village.community_id, None, household)  # the old card stops working
    again = await _by_card(pool, village, card, soap, "k-1", PIN)
    assert (again["replayed"], again["event_seq"], again["receipt_number"]) == (
        True,
        first["event_seq"],
        first["receipt_number"],
    )
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 90
    other_cart = _by_card(pool, village, card, soap, "k-1", PIN, quantity=1)
    assert (await _refused(other_cart)).code == "idempotency_conflict"


async def _cancel(pool, village, seq, role="counter"):
    command = commands.CancelRedemption(reason="收银录错")
    return await counter.cancel(pool, village.community_id, _principal(village, role), seq, command)


async def test_the_counter_user_cancels_their_own_redemption_the_same_day(pool):
    village, household, soap, card = await _shop(pool)
    seq = (await _by_card(pool, village, card, soap, "k-1"))["event_seq"]
    assert (await _refused(_cancel(pool, village, seq, role="committee"))).code == "forbidden"
    answer = await _cancel(pool, village, seq)
    assert answer["kind"] == "redemption.cancelled"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 100
    assert (await _refused(_cancel(pool, village, seq))).code == "already_reversed"


async def test_a_redemption_of_another_day_is_the_supervision_committees_to_reverse(pool):
    village, household, soap, card = await _shop(pool)
    seq = (await _by_card(pool, village, card, soap, "k-1"))["event_seq"]
    # Move the village to a time zone whose date is not the redemption's: of two zones 26
    # hours apart, at least one is on another day, whatever the hour now.
    occurred_on = await pool.fetchval(
        "SELECT occurred_on FROM events WHERE community_id = $1 AND seq = $2", village.community_id, seq
    )
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        if await pool.fetchval("SELECT (now() AT TIME ZONE $1)::date", zone) != occurred_on:
            break
    await pool.execute(
        "UPDATE communities SET time_zone = $2 WHERE community_id = $1", village.community_id, zone
    )
    assert (await _refused(_cancel(pool, village, seq))).code == "forbidden"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 90
