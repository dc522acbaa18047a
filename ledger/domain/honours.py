"""Honours: the star rating (星级文明户) a household's honour score earns under its
community's policy."""


def star_rating(honour: int, thresholds: list[int]) -> int:
    """How many of the policy's thresholds the honour score has reached (0 to 5)."""
    return sum(1 for threshold in thresholds if honour >= threshold)
