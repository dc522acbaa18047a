"""Who may do what, stated once. The JSON API's guards, the workbench pages and the use
cases read these sets; nowhere else names a set of roles (tests/domain/test_roles.py scans
the code for one). Least privilege: each ability names only the roles whose work needs it
(DESIGN §1, §4)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    COUNTER = "counter"  # 超市管理员: the love supermarket's counter
    SCORER = "scorer"  # 网格员: proposes awards for the households they look after
    COMMITTEE = "committee"  # 村两委: decides, keeps the rules, the goods, the fund
    SUPERVISOR = "supervisor"  # 监督委员会: objections, reversals, staff households' awards
    ADMIN = "admin"  # 管理员: staff accounts and the roster
    OVERSIGHT = "oversight"  # 乡镇/县: reads, never writes


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(roles)


# The roles granted within a community (oversight is held for a township or a county); as a
# type for the requests that name one (tests/domain/test_roles.py keeps the two alike).
COMMUNITY_ROLES: tuple[Role, ...] = (Role.COUNTER, Role.SCORER, Role.COMMITTEE, Role.SUPERVISOR, Role.ADMIN)
CommunityRole = Literal["counter", "scorer", "committee", "supervisor", "admin"]

# Reading
READ_COMMUNITY = _roles(*Role)  # households, goods, rules, publicity, the fund
READ_RECORD = _roles(
    Role.SUPERVISOR, Role.COMMITTEE, Role.ADMIN, Role.OVERSIGHT
)  # events, verify, objections
READ_RECONCILIATION = _roles(Role.COMMITTEE, Role.SUPERVISOR, Role.ADMIN, Role.OVERSIGHT)
READ_FLAGS = _roles(Role.SUPERVISOR, Role.OVERSIGHT)  # patterns worth a look
# A village's activity per group (the township's charts drilled down into the village).
READ_GROUP_ACTIVITY = _roles(Role.COMMITTEE, Role.OVERSIGHT)
READ_RECEIPTS = _roles(Role.COUNTER, Role.COMMITTEE, Role.SUPERVISOR, Role.ADMIN)

# The counter
REDEEM = _roles(Role.COUNTER)
LOOK_UP_CARDS = _roles(Role.COUNTER, Role.COMMITTEE, Role.ADMIN)
SET_PIN = _roles(Role.COUNTER, Role.COMMITTEE)
UNLOCK_PIN = _roles(Role.COMMITTEE)
KEEP_STOCK = _roles(Role.COUNTER, Role.COMMITTEE)  # receive, write off, count

# Points
AWARD = _roles(Role.COMMITTEE)  # directly, where the policy allows it
PROPOSE = _roles(Role.SCORER, Role.COMMITTEE)
# Supervisors decide only for staff members' own households (domain/fairness.py).
DECIDE_PROPOSALS = _roles(Role.COMMITTEE, Role.SUPERVISOR)
# Residents' own claims: the scorer of the household's grid, or the committee (the store
# checks which; supervisors for staff members' own households, as for proposals).
DECIDE_CLAIMS = _roles(Role.SCORER, Role.COMMITTEE, Role.SUPERVISOR)
GRANT_HONOURS = DECIDE_PROPOSALS
SETTLE = _roles(Role.COMMITTEE)
DECIDE_OBJECTIONS = _roles(Role.SUPERVISOR)
REVERSE = _roles(Role.SUPERVISOR)
PROPOSE_CARRY_OVER = _roles(Role.COMMITTEE)
DECIDE_CARRY_OVER = _roles(Role.COMMITTEE, Role.SUPERVISOR)

# Keeping the community's books
CHANGE_POLICY = _roles(Role.COMMITTEE)
KEEP_RULES = _roles(Role.COMMITTEE)
KEEP_GOODS_CATALOG = _roles(Role.COMMITTEE)
KEEP_FUND = _roles(Role.COMMITTEE)
REGISTER_HOUSEHOLDS = _roles(Role.COMMITTEE, Role.ADMIN)  # households, members, cards, the roster
KEEP_GROUPS = _roles(Role.COMMITTEE)  # groups and grids, where households belong, scorers' grids
MANAGE_STAFF = _roles(Role.ADMIN)
DECLARE_OWN_LINKS = _roles(*COMMUNITY_ROLES)  # every staff member declares their own households
DECLARE_LINKS_FOR_OTHERS = _roles(Role.ADMIN)
