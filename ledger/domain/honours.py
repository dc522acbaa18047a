"""Honours: the titles a community grants with their bonus points, and the star rating
(星级文明户) a household's honour score earns under its community's policy."""

# title → (rule code, bonus points). The bonus rules are the ledger's own: created on the
# first grant, always in publicity, never changed, defined or imported by hand — else one
# person could grant an honour worth any number of points with nobody to object.
TITLES = {"文明家庭": ("HONOUR-FAMILY", 50), "道德模范": ("HONOUR-MODEL", 100)}
HONOUR_RULE_PREFIX = "HONOUR-"


def is_honour_rule(code: str) -> bool:
    return code.upper().startswith(HONOUR_RULE_PREFIX)


def star_rating(honour: int, thresholds: list[int]) -> int:
    """How many of the policy's thresholds the honour score has reached (0 to 5)."""
    return sum(1 for threshold in thresholds if honour >= threshold)
