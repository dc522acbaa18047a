"""The workbench pages for staff (server-rendered, no script needed, a phone is enough):
the frame every page shares and which roles open which page. The pages themselves are in
the modules beside this one. Every value is escaped; every form carries the session's
CSRF token."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template

from ledger.domain import roles
from ledger.messages import words
from ledger.web import language

# The event log and the integrity page are the community's own pages: oversight reads the
# record through the API, and has no workbench.
_PAGES_OF_THE_RECORD = roles.READ_RECORD & frozenset(roles.COMMUNITY_ROLES)

PAGES = {
    # path under /staff/{community}/ → ((title in Chinese, in English), the roles that may open it)
    "counter": (("超市收银", "Counter"), roles.REDEEM),
    "propose": (("提议加扣分", "Propose"), roles.PROPOSE),
    "review": (("审核提议", "Review proposals"), roles.DECIDE_PROPOSALS),
    "claims": (("村民申报审核", "Residents' claims"), roles.DECIDE_CLAIMS),
    "objections": (("异议处理", "Objections"), roles.DECIDE_OBJECTIONS),
    "supervision": (("监督提示与冲正", "Flags and reversals"), roles.REVERSE),
    # who may read /events and /verify (DESIGN §4)
    "events": (("记录明细", "Event log"), _PAGES_OF_THE_RECORD),
    "integrity": (("记录核验", "Record integrity"), _PAGES_OF_THE_RECORD),
    # supervisors grant honours to staff members' own households only
    "honours": (("荣誉与年终结算", "Honours and year end"), roles.GRANT_HONOURS),
    "rules": (("积分细则", "Rule catalog"), roles.KEEP_RULES),
    "policy": (("村规政策", "Policies"), roles.CHANGE_POLICY),
    "fund": (("幸福基金", "Happiness fund"), roles.KEEP_FUND),
    "staff": (("工作人员与角色", "Staff and roles"), roles.MANAGE_STAFF),
    "links": (
        ("我的关联户", "My households"),
        roles.DECLARE_OWN_LINKS,
    ),
    "households": (("户籍与积分卡", "Households and cards"), roles.REGISTER_HOUSEHOLDS),
    "groups": (("小组与网格", "Groups and grids"), roles.KEEP_GROUPS),
    # the counter receives, writes off and counts stock; the committee also keeps the catalog
    "goods": (("商品与库存", "Goods and stock"), roles.KEEP_STOCK),
    "carry-over": (("期初结转", "Carry-over"), roles.DECIDE_CARRY_OVER),
}


def page_title(path: str) -> str:
    """A workbench page's title in the request's language."""
    return words(*PAGES[path][0])


@cache
def _template() -> Template:
    return Template(resources.files("ledger.web").joinpath("templates", "workbench.html").read_text("utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _points(points: int) -> str:
    return f'<span class="plus">+{points}</span>' if points > 0 else f'<span class="minus">{points}</span>'


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{_e(token)}">'


def page(
    *,
    title: str,
    community: str,
    community_id: str,
    username: str,
    roles: frozenset[str],
    body: str,
    message: str = "",
    error: bool = False,
) -> str:
    nav = "".join(
        f'<a href="/staff/{_e(community_id)}/{path}">{_e(page_title(path))}</a>'
        for path, (_, allowed) in PAGES.items()
        if roles & allowed
    )
    shown = f'<p class="{"error" if error else "done"}">{_e(message)}</p>' if message else ""
    return _template().substitute(
        lang=language.html_lang(),
        title=_e(title),
        product=_e(words("爱心积分账本", "Points ledger")),
        community=_e(community),
        username=_e(username),
        switch=language.switch_link(),
        nav_label=_e(words("工作台页面", "Workbench pages")),
        nav=f'<a href="/staff">{_e(words("工作台", "Workbench"))}</a>' + nav,
        message=shown,
        body=body,
    )


def message_only(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'
