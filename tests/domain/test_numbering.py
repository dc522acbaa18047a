"""Household numbers sort as people read them."""

from ledger.domain.numbering import household_order


def test_digits_compare_as_numbers_and_the_rest_as_text():
    grouped = ["10-001", "2-015", "1-001", "2-003", "9-001"]
    assert sorted(grouped, key=household_order) == ["1-001", "2-003", "2-015", "9-001", "10-001"]
    plain = ["010", "9", "002", "10", "001"]
    assert sorted(plain, key=household_order) == ["001", "002", "9", "010", "10"]
    lettered = ["A-10", "B-1", "A-2"]
    assert sorted(lettered, key=household_order) == ["A-2", "A-10", "B-1"]
