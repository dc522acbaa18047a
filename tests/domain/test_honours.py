"""Star ratings follow the community's thresholds."""

import pytest

from ledger.domain.honours import star_rating


@pytest.mark.parametrize(
    ("honour", "stars"), [(-10, 0), (0, 0), (49, 0), (50, 1), (399, 3), (800, 5), (10_000, 5)]
)
def test_each_threshold_reached_is_a_star(honour, stars):
    assert star_rating(honour, [50, 100, 200, 400, 800]) == stars
