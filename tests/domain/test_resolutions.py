"""A fund resolution's count (村民委员会组织法 arts. 22 and 26) and an expenditure's check
against its resolution, without a database."""

from __future__ import annotations

import datetime

import pytest

from ledger.domain.errors import Refused
from ledger.domain.resolutions import (
    RecordedResolution,
    check_count,
    check_expenditure,
    check_withdrawal,
    quorum,
)

MEETING_DAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("meeting", "entitled", "needed"),
    [
        ("villager_representatives", 30, 20),  # two thirds or more: 20 of 30 is two thirds itself
        ("villager_representatives", 31, 21),  # 20.67 rounds up
        ("villagers", 400, 201),  # more than half
        ("villagers", 401, 201),
    ],
)
def test_the_quorum_is_as_the_law_counts_it(meeting, entitled, needed):
    assert quorum(meeting, entitled) == needed
    check_count(meeting, entitled, needed, needed)
    with pytest.raises(Refused) as short:
        check_count(meeting, entitled, needed - 1, needed - 1)
    assert short.value.code == "quorum_not_met"


def test_more_than_half_of_those_attending_must_vote_for():
    check_count("villager_representatives", 30, 24, 13)
    with pytest.raises(Refused) as half:
        check_count("villager_representatives", 30, 24, 12)
    assert half.value.code == "majority_not_reached"


@pytest.mark.parametrize(("entitled", "attended", "voted_for"), [(30, 31, 20), (30, 20, 21)])
def test_a_count_that_cannot_be_is_not_valid(entitled, attended, voted_for):
    with pytest.raises(Refused) as impossible:
        check_count("villagers", entitled, attended, voted_for)
    assert impossible.value.code == "validation_failed"


def _refusal(threshold_fen, amount_fen, named, resolution, day=MEETING_DAY):
    try:
        check_expenditure(threshold_fen, amount_fen, day, named, resolution)
    except Refused as refused:
        return refused.code
    return None


def test_an_expenditure_against_its_resolution():
    unused = RecordedResolution(800_000, MEETING_DAY, None)
    assert _refusal(0, 10**9, False, None) is None  # the rule off
    assert _refusal(500_000, 500_000, False, None) is None  # at the threshold: not above it
    assert _refusal(500_000, 500_001, False, None) == "resolution_required"
    assert _refusal(500_000, 700_000, True, None) == "resolution_not_found"
    assert _refusal(500_000, 700_000, True, RecordedResolution(800_000, MEETING_DAY, 42)) == "resolution_used"
    withdrawn = RecordedResolution(800_000, MEETING_DAY, None, withdrawn_seq=43)
    assert _refusal(500_000, 700_000, True, withdrawn) == "resolution_withdrawn"
    assert _refusal(500_000, 800_001, True, unused) == "over_resolved_amount"
    assert _refusal(500_000, 800_000, True, unused) is None
    assert _refusal(0, 100, True, unused) is None  # named below the threshold: checked and used too
    before = MEETING_DAY - datetime.timedelta(days=1)
    assert _refusal(500_000, 700_000, True, unused, day=before) == "validation_failed"


def _withdrawal_refusal(resolution):
    try:
        check_withdrawal(resolution)
    except Refused as refused:
        return refused.code
    return None


def test_only_an_unused_resolution_is_withdrawn_and_only_once():
    assert _withdrawal_refusal(RecordedResolution(800_000, MEETING_DAY, None)) is None
    assert _withdrawal_refusal(RecordedResolution(800_000, MEETING_DAY, 42)) == "resolution_used"
    assert _withdrawal_refusal(RecordedResolution(800_000, MEETING_DAY, None, 43)) == "resolution_withdrawn"
    assert _withdrawal_refusal(None) == "resolution_not_found"
