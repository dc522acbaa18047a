"""The workbench pages for staff (server-rendered, no script needed, a phone is enough):
the frame every page shares and which roles open which page. The pages themselves are in
the modules beside this one. Every value is escaped; every form carries the session's
CSRF token."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template

PAGES = {
    # path under /staff/{community}/ → (title, the roles that may open it)
    "counter": ("超市收银 Counter", frozenset({"counter"})),
    "propose": ("提议加扣分 Propose", frozenset({"scorer", "committee"})),
    "review": ("审核提议 Review proposals", frozenset({"committee", "supervisor"})),
    "objections": ("异议处理 Objections", frozenset({"supervisor"})),
    "supervision": ("监督提示与冲正 Flags and reversals", frozenset({"supervisor"})),
    # supervisors grant honours to staff members' own households only
    "honours": ("荣誉与年终结算 Honours and year end", frozenset({"committee", "supervisor"})),
    "rules": ("积分细则 Rule catalog", frozenset({"committee"})),
    "policy": ("村规政策 Policies", frozenset({"committee"})),
    "fund": ("幸福基金 Happiness fund", frozenset({"committee"})),
    "staff": ("工作人员与角色 Staff and roles", frozenset({"admin"})),
    "links": (
        "我的关联户 My households",
        frozenset({"counter", "scorer", "committee", "supervisor", "admin"}),
    ),
    "households": ("户籍与积分卡 Households and cards", frozenset({"committee", "admin"})),
    # the counter receives, writes off and counts stock; the committee also keeps the catalog
    "goods": ("商品与库存 Goods and stock", frozenset({"counter", "committee"})),
}


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
        f'<a href="/staff/{_e(community_id)}/{path}">{_e(label)}</a>'
        for path, (label, allowed) in PAGES.items()
        if roles & allowed
    )
    shown = f'<p class="{"error" if error else "done"}">{_e(message)}</p>' if message else ""
    return _template().substitute(
        title=_e(title),
        community=_e(community),
        username=_e(username),
        nav='<a href="/staff">工作台 Workbench</a>' + nav,
        message=shown,
        body=body,
    )


def message_only(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'
