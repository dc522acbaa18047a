"""Commands at the edge: bounds in the types, carts merged, digests exact."""

from __future__ import annotations

import uuid

import msgspec
import pytest

from ledger import limits
from ledger.domain.commands import Redeem, merged_lines, request_digest
from ledger.domain.errors import Refused
from ledger.domain.privacy import masked_name

SOAP, OIL = uuid.UUID(int=2), uuid.UUID(int=1)


def _cart(*lines: tuple[uuid.UUID, int]) -> Redeem:
    return msgspec.convert(
        {
            "household_id": str(uuid.UUID(int=9)),
            "lines": [{"goods_id": str(g), "quantity": q} for g, q in lines],
        },
        Redeem,
    )


def test_repeated_goods_merge_into_one_line_in_lock_order():
    assert merged_lines(_cart((SOAP, 1), (OIL, 2), (SOAP, 3)).lines) == [(OIL, 2), (SOAP, 4)]


def test_a_merged_line_over_the_bound_is_refused():
    with pytest.raises(Refused) as refusal:
        merged_lines(_cart((SOAP, limits.QUANTITY_PER_LINE_MAX), (SOAP, 1)).lines)
    assert refusal.value.code == "validation_failed"


@pytest.mark.parametrize("quantity", [0, -1, limits.QUANTITY_PER_LINE_MAX + 1, 10**30])
def test_quantities_outside_the_bounds_do_not_decode(quantity):
    with pytest.raises(msgspec.ValidationError):
        _cart((SOAP, quantity))


def test_a_cart_has_at_most_the_bounded_number_of_lines():
    with pytest.raises(msgspec.ValidationError):
        _cart(*[(uuid.UUID(int=n + 1), 1) for n in range(limits.CART_LINES_MAX + 1)])


def test_the_digest_tells_different_commands_apart():
    assert request_digest("redeem", _cart((SOAP, 1))) == request_digest("redeem", _cart((SOAP, 1)))
    assert request_digest("redeem", _cart((SOAP, 1))) != request_digest("redeem", _cart((SOAP, 2)))


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张小明", "张*明"), ("欧阳小明", "欧**明"), ("李", "李")]
)
def test_names_on_resident_pages_are_masked(name, masked):
    assert masked_name(name) == masked
