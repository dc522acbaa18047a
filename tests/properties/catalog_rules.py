"""The ledger machine's households, rules, goods, shelf and fund: what the committee and the
counter keep, through services/{households,rules,stock,supermarket}.py."""

from __future__ import annotations

import uuid

from hypothesis import strategies as st
from hypothesis.stateful import rule

from ledger.domain import commands
from ledger.services import households as household_service
from ledger.services import rules as rule_service
from ledger.services import stock as stock_service
from ledger.services import supermarket as supermarket_service
from tests.properties.machine import MachineBase

# Where the printed cards point; the counter's scanner types this address back.
CARD_BASE_URL = "https://jifen.example.cn"


class CatalogRules(MachineBase):
    @rule(target=MachineBase.households)
    def register_household(self) -> uuid.UUID:
        self._fired("register_household")
        return self._register_household()

    def _register_household(self) -> uuid.UUID:
        """Registered, and its card printed, by the committee."""
        number = uuid.uuid4().hex[:12]
        committee = self.staff("committee")
        household_id = self.run(
            household_service.register_household(
                self.pool,
                self.community_id,
                committee,
                commands.RegisterHousehold(number=number, head_name="王建国"),
            )
        )
        printed = self.run(
            household_service.issue_cards_to_print(
                self.pool, self.community_id, committee, [household_id], CARD_BASE_URL
            )
        )
        self.model.register(household_id, number, printed.cards[0].url)
        return household_id

    @rule(target=MachineBase.rules, points=st.sampled_from([1, 5, 10, 50, 100, -5, -20]))
    def define_rule(self, points: int) -> uuid.UUID:
        self._fired("define_rule")
        return self._define_rule(points)

    @rule(target=MachineBase.rules, points=st.sampled_from([10, 40, -15]))
    def define_publicized_rule(self, points: int) -> uuid.UUID:
        self._fired("define_publicized_rule")
        return self._define_rule(points, needs_publicity=True)

    def _define_rule(self, points: int, needs_publicity: bool = False) -> uuid.UUID:
        command = commands.DefineRule(
            code=uuid.uuid4().hex[:10], name="规则", points=points, needs_publicity=needs_publicity
        )
        rule_id = self.run(
            rule_service.define_rule(self.pool, self.community_id, self.staff("committee"), command)
        )
        self.model.rule_points[rule_id] = points
        self.model.rule_publicity[rule_id] = needs_publicity
        return rule_id

    @rule(target=MachineBase.goods, points=st.integers(1, 40))
    def list_goods(self, points: int) -> uuid.UUID:
        self._fired("list_goods")
        return self._list_goods(points)

    def _list_goods(self, points: int) -> uuid.UUID:
        command = commands.ListGoods(code=uuid.uuid4().hex[:10], name="商品", points=points)
        goods_id = self.run(
            stock_service.list_goods(self.pool, self.community_id, self.staff("committee"), command)
        )
        self.model.stock[goods_id] = 0
        self.model.price[goods_id] = points
        return goods_id

    @rule(goods_id=MachineBase.goods, quantity=st.integers(1, 40))
    def receive_stock(self, goods_id: uuid.UUID, quantity: int) -> None:
        self._fired("receive_stock")
        self._receive_stock(goods_id, quantity)

    def _receive_stock(self, goods_id: uuid.UUID, quantity: int) -> None:
        command = commands.ReceiveStock(goods_id=goods_id, quantity=quantity)
        answer = self.run(
            stock_service.receive_stock(self.pool, self.community_id, self.staff("counter"), command, None)
        )
        self.model.stock[goods_id] += quantity
        assert answer["stock_after"] == self.model.stock[goods_id]

    @rule(goods_id=MachineBase.goods, points=st.integers(1, 40))
    def reprice(self, goods_id: uuid.UUID, points: int) -> None:
        self._fired("reprice")
        changed = self.run(
            supermarket_service.change_goods(
                self.pool,
                self.community_id,
                self.staff("committee"),
                goods_id,
                commands.ChangeGoods(points=points),
            )
        )
        assert changed == (points != self.model.price[goods_id])
        self.model.price[goods_id] = points  # later sales at the new price; earlier ones keep theirs

    @rule(goods_id=MachineBase.goods, quantity=st.integers(1, 15))
    def write_off(self, goods_id: uuid.UUID, quantity: int) -> None:
        self._fired("write_off")
        command = commands.WriteOffStock(goods_id=goods_id, quantity=quantity, reason="损坏")
        call = supermarket_service.write_off(self.pool, self.community_id, self.staff("counter"), command)
        expected = "insufficient_stock" if self.model.stock[goods_id] < quantity else None
        answer = self._outcome(call, expected)
        if answer is not None:
            self.model.stock[goods_id] -= quantity
            assert answer["stock_after"] == self.model.stock[goods_id]

    @rule(goods_id=MachineBase.goods, counted=st.integers(0, 60))
    def count_stock(self, goods_id: uuid.UUID, counted: int) -> None:
        self._fired("count_stock")
        command = commands.CountStock(goods_id=goods_id, counted=counted)
        answer = self.run(
            supermarket_service.count(self.pool, self.community_id, self.staff("counter"), command)
        )
        assert answer["difference"] == counted - self.model.stock[goods_id]
        self.model.stock[goods_id] = counted

    @rule(household=MachineBase.households, amount_fen=st.integers(1, 50_000), from_household=st.booleans())
    def contribute(self, household: uuid.UUID, amount_fen: int, from_household: bool) -> None:
        self._fired("contribute")
        command = commands.Contribution(
            source="household" if from_household else "anonymous",
            amount_fen=amount_fen,
            method="cash",
            household_id=household if from_household else None,
        )
        answer = self.run(
            supermarket_service.contribute(self.pool, self.community_id, self.staff("committee"), command)
        )
        self.model.fund_fen += amount_fen
        points = amount_fen * 10 // 10_000 if from_household else 0  # the default policy
        assert answer["points"] == points
        self.model.households[household].spendable += points
        self.model.households[household].honour += points

    @rule(amount_fen=st.integers(1, 60_000))
    def spend(self, amount_fen: int) -> None:
        self._fired("spend")
        command = commands.Expenditure(amount_fen=amount_fen, purpose="采购", payee="供销社")
        call = supermarket_service.spend(self.pool, self.community_id, self.staff("committee"), command)
        # Above the fund's threshold (fund_rules sets it) this spending, naming no resolution, is refused.
        answer = self._outcome(call, self.model.expenditure_refusal(amount_fen, None))
        if answer is not None:
            self.model.fund_fen -= amount_fen
            assert answer["balance_fen"] == self.model.fund_fen
