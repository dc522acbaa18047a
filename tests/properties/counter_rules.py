"""The ledger machine's counter: carts sold by household (services/redemptions.py) and by
card with a PIN where the policy asks (services/counter.py), the PIN's tries, lock and
unlock, and concurrent carts racing for the same household and shelf."""

from __future__ import annotations

import asyncio
import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import counter as counter_service
from ledger.services import redemptions as redemption_service
from ledger.store.group_commit import RedemptionBatcher
from tests.properties.machine import MachineBase
from tests.properties.model import Answered, ModelPin

# The PINs households are given, and one nobody is given: few, since each try costs an
# argon2 verification (~100–300 ms), so an example tries only a handful.
PINS = ("1234", "2580")
WRONG_PIN = "9999"
PINS_SET_MAX = 3  # an example's argon2 hashes

Lines = list[tuple[uuid.UUID, int]]


def cart_of(lines: Lines) -> list[commands.CartLine]:
    return [commands.CartLine(goods_id=goods_id, quantity=quantity) for goods_id, quantity in lines]


class CounterRules(MachineBase):
    def _with_points(self, data: st.DataObject, household: uuid.UUID) -> uuid.UUID:
        rich = [h for h, figures in self.model.households.items() if figures.spendable > 0]
        return self._prefer(data, household, rich, "a household with points")

    def _with_stock(self, data: st.DataObject, goods_id: uuid.UUID) -> uuid.UUID:
        in_stock = [g for g, n in self.model.stock.items() if n > 0]
        return self._prefer(data, goods_id, in_stock, "goods in stock")

    def _lines(self, data: st.DataObject, cart: Lines) -> Lines:
        """The cart's lines merged, one a goods item, in lock order (as the service merges)."""
        merged: dict[uuid.UUID, int] = {}
        for goods_id, quantity in cart:
            goods_id = self._with_stock(data, goods_id)
            merged[goods_id] = merged.get(goods_id, 0) + quantity
        return sorted(merged.items())

    def _send_cart(self, household: uuid.UUID, lines: Lines, key: str):
        command = commands.Redeem(household_id=household, lines=cart_of(lines))
        return redemption_service.redeem(self.batcher, self.community_id, self.staff("counter"), command, key)

    def _send_by_card(self, household: uuid.UUID, lines: Lines, key: str, pin: str | None):
        command = commands.RedeemByCard(card=self.model.cards[household], lines=cart_of(lines), pin=pin)
        return counter_service.redeem_by_card(
            self.pool, self.batcher, self.community_id, self.principal("counter"), command, key
        )

    def _sold(self, call: tuple, lines: Lines, key: str, answer: dict) -> None:
        household = call[1]
        total = self.model.sell(answer["event_seq"], household, lines)
        assert answer["points"] == total
        assert answer["spendable_after"] == self.model.households[household].spendable
        self.model.answered.append(Answered(key, call, answer, self.model.changes))

    cart = st.lists(st.tuples(MachineBase.goods, st.integers(1, 3)), min_size=1, max_size=3)

    @rule(household=MachineBase.households, cart=cart, data=st.data())
    def redeem(self, household: uuid.UUID, cart: Lines, data: st.DataObject) -> None:
        """A cart for a household chosen at the counter (POST /redemptions: a key always)."""
        self._fired("redeem")
        household = self._with_points(data, household)
        lines = self._lines(data, cart)
        key = uuid.uuid4().hex
        expected = self.model.cart_refusal(household, lines)
        event(f"redeem: {expected or 'sold'}")
        answer = self._outcome(self._send_cart(household, lines, key), expected)
        if answer is not None:
            self._sold(("redeem", household, lines), lines, key, answer)

    @rule(
        household=MachineBase.households,
        cart=cart,
        pin=st.sampled_from(["right", "wrong", "none"]),
        data=st.data(),
    )
    def sell_by_card(self, household: uuid.UUID, cart: Lines, pin: str, data: st.DataObject) -> None:
        """The card scanned names the household; where the policy asks, its PIN first (a
        wrong one counted, the fifth locks it), then the cart as every cart goes."""
        self._fired("sell_by_card")
        household = self._with_points(data, household)
        lines = self._lines(data, cart)
        stored = self.model.pins.get(household)
        typed = {"right": stored.pin if stored else PINS[0], "wrong": WRONG_PIN, "none": None}[pin]
        expected = self.model.pin_try(household, typed) or self.model.cart_refusal(household, lines)
        event(f"sell by card: {expected or 'sold'}")
        key = uuid.uuid4().hex
        answer = self._outcome(self._send_by_card(household, lines, key, typed), expected)
        if answer is not None:
            assert answer["receipt_number"] == counter_service.receipt_number(answer["event_seq"])
            self._sold(("card", household, lines), lines, key, answer)

    @rule(required=st.booleans())
    def require_pins(self, required: bool) -> None:
        self._fired("require_pins")
        self._require_pins(required)

    def _require_pins(self, required: bool) -> None:
        changed = self.change_policy(commands.ChangePolicy(counter_pin_required=required))
        assert changed == (required != self.model.pin_required)
        self.model.pin_required = required
        self.model.changes += 1

    @precondition(lambda self: self.model.pins_set < PINS_SET_MAX)
    @rule(household=MachineBase.households, pin=st.sampled_from(PINS))
    def set_pin(self, household: uuid.UUID, pin: str) -> None:
        """The committee sets a household's PIN (a few an example: argon2 is slow by design):
        a new PIN starts with no wrong tries, unlocked."""
        self._fired("set_pin")
        self.model.pins_set += 1
        self.run(
            counter_service.set_pin(self.pool, self.community_id, self.staff("committee"), household, pin)
        )
        self.model.pins[household] = ModelPin(pin)

    def _households_with_pins(self) -> list[uuid.UUID]:
        return list(self.model.pins)

    @precondition(lambda self: self._households_with_pins())
    @rule(data=st.data())
    def guess_pins(self, data: st.DataObject) -> None:
        """Where the policy asks for PINs (the committee turns it on first if it was off),
        someone tries wrong PINs at one household's card, up to the lock and past it (a
        locked PIN is refused without a try)."""
        self._fired("guess_pins")
        if not self.model.pin_required:
            self._require_pins(True)
        tries = data.draw(st.integers(1, 5), label="tries")
        household = self._pick(data, self._households_with_pins(), "household")
        lines = [(self._pick(data, list(self.model.stock), "goods"), 1)]
        for _ in range(tries):
            expected = self.model.pin_try(household, WRONG_PIN)
            assert expected is not None
            self._outcome(self._send_by_card(household, lines, uuid.uuid4().hex, WRONG_PIN), expected)

    @precondition(lambda self: self._households_with_pins())
    @rule(data=st.data())
    def unlock_pin(self, data: st.DataObject) -> None:
        """The committee unlocks: the wrong tries are forgotten."""
        self._fired("unlock_pin")
        household = self._pick(data, self._households_with_pins(), "household")
        stored = self.model.pins[household]
        unlocked = self.run(
            counter_service.unlock_pin(self.pool, self.community_id, self.staff("committee"), household)
        )
        assert unlocked == (stored.locked or stored.failures > 0)
        stored.failures, stored.locked = 0, False

    @rule(
        household=MachineBase.households,
        goods_id=MachineBase.goods,
        quantity=st.integers(1, 2),
        racers=st.integers(2, 12),
        data=st.data(),
    )
    def concurrent_redemptions(
        self, household: uuid.UUID, goods_id: uuid.UUID, quantity: int, racers: int, data: st.DataObject
    ) -> None:
        """Invariant 7: however they interleave, exactly the affordable number succeed."""
        self._fired("concurrent_redemptions")
        model = self.model
        household = self._with_points(data, household)
        goods_id = self._with_stock(data, goods_id)
        lines = [(goods_id, quantity)]
        affordable = min(
            racers,
            model.stock[goods_id] // quantity,
            max(model.households[household].spendable, 0) // (model.price[goods_id] * quantity),
        )
        if model.linked_to("counter", household):
            affordable = 0
        results = self.run(self._race(household, lines, racers))
        event(
            f"race: {affordable} of {racers} affordable" if affordable in (0, racers) else "race: some sold"
        )
        sold = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if isinstance(r, Refused)]
        assert len(sold) + len(refused) == racers, results
        assert {r.code for r in refused} <= {
            "insufficient_points",
            "insufficient_stock",
            "conflict_of_interest",
        }
        assert len(sold) == affordable
        # The sales are alike: which racers won does not matter to the model, only how many.
        for answer in sorted(sold, key=lambda answer: answer["event_seq"]):
            model.sell(answer["event_seq"], household, lines)

    async def _race(self, household: uuid.UUID, lines: Lines, racers: int) -> list:
        """Half share one batcher (group commit: several in one transaction), half come
        through batchers of their own (separate transactions racing for the head)."""
        command = commands.Redeem(household_id=household, lines=cart_of(lines))
        return await asyncio.gather(
            *[
                redemption_service.redeem(
                    self.batcher if n % 2 else RedemptionBatcher(self.pool),
                    self.community_id,
                    self.staff("counter"),
                    command,
                    uuid.uuid4().hex,
                )
                for n in range(racers)
            ],
            return_exceptions=True,
        )
