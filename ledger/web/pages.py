"""Pages rendered from the templates folder with string.Template (every value escaped)."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from ledger.messages import catalog, words
from ledger.web import language, workbench
from ledger.web.card_claims import claims_section
from ledger.web.poster_links import poster_links


@cache
def _template(name: str) -> Template:
    return Template(resources.files("ledger.web").joinpath("templates", name).read_text(encoding="utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _signed(points: int) -> str:
    return f"+{points}" if points > 0 else str(points)


def _frame() -> dict[str, str]:
    """What every page's template takes besides its own words: the page's language and the
    link to the same page in the other one."""
    return {"lang": language.html_lang(), "switch": language.switch_link()}


def card(view: dict[str, Any], token: str, today: str, message: str = "", error: bool = False) -> str:
    """The card page; `message` says what the claim form just did (`error`: it was refused)."""
    # Each entry's title is already a sentence in the request's language (the catalog's
    # history sentence); the kind's label stands in only where an entry has none.
    rows = "\n".join(
        f"<tr><td>{_e(entry['occurred_on'])}</td>"
        f"<td>{_e(entry['title'] or catalog.event_label(entry['kind']))}</td>"
        f"<td class=num>{_e(_signed(entry['spendable_delta']) if entry['spendable_delta'] else '')}</td></tr>"
        for entry in view["history"]
    )
    stars = view["star_rating"]
    return _template("card.html").substitute(
        _frame(),
        title=_e(words("积分卡", "Points card")),
        heading=_e(words("爱心积分卡", "Points card")),
        community=_e(view["community"]),
        household_label=_e(words("户号", "Household")),
        number=_e(view["household"]["number"]),
        head_label=_e(words("户主", "head")),
        head_name=_e(view["household"]["head_name"]),
        stars_label=_e(words("星级", "Stars")),
        stars_title=_e(words(f"星级文明户：{stars} 星", f"Star household: {stars} of 5")),
        stars=_e("★" * stars + "☆" * (5 - stars)),
        ranks=_ranks(view.get("rank")),
        spendable=_e(view["balance"]["spendable"]),
        spendable_label=_e(words("可用积分", "Spendable")),
        pending=_e(view["balance"]["pending"]),
        pending_label=_e(words("公示中", "Pending")),
        honour=_e(view["balance"]["honour"]),
        honour_label=_e(words("荣誉积分", "Honour")),
        in_publicity_heading=_e(words("公示中", "In publicity")),
        message=f'<p class="{"error" if error else "done"}" role="status">{_e(message)}</p>'
        if message
        else "",
        claims=claims_section(token, view, today),
        history_heading=_e(words("最近记录", "Recent entries")),
        rows=rows or f"<tr><td colspan=3>{_e(words('暂无记录', 'No entries yet'))}</td></tr>",
        board_link=_e(f"/board/{view['community_id']}"),
        board_text=_e(words("公示栏与红榜", "Public board and red list")),
        in_publicity="".join(
            f"<li>{_e(item['title'])} {_e(_signed(item['points']))} · {_e(_until(item['ends_on']))}</li>"
            for item in view["pending_in_publicity"]
        )
        or f"<li>{_e(words('无', 'None'))}</li>",
    )


def _ranks(ranks: dict[str, Any] | None) -> str:
    """本月 第 3 名 / 共 120 户, then 本年 … on a line of its own, where the policy shows ranks;
    else nothing."""
    if ranks is None:
        return ""
    labels = {"month": words("本月", "This month"), "year": words("本年", "This year")}
    shown = [
        words(
            f"{labels[name]} 第 {rank['rank']} 名 / 共 {rank['households']} 户",
            f"{labels[name]}: no. {rank['rank']} of {rank['households']} households",
        )
        for name, rank in ranks.items()
        if rank is not None
    ]
    if not shown:
        return ""
    label = words("村内排名（按所得积分）", "Rank in the village (by points earned)")
    return f'<p class="rank">{_e(label)}' + "".join(f"<br><b>{_e(line)}</b>" for line in shown) + "</p>"


def _until(day: object) -> str:
    return words(f"公示至 {day}", f"in publicity until {day}")


def card_not_found() -> str:
    return _template("card_not_found.html").substitute(
        _frame(),
        title=_e(words("未找到积分卡", "Card not found")),
        heading=_e(words("未找到这张积分卡", "This card was not found")),
        text=_e(
            words(
                "卡片可能已作废，请联系村委会或超市管理员。",
                "It may have been replaced by a new card. Please ask the village committee or the supermarket.",
            )
        ),
    )


def database_unavailable(reload: bool) -> str:
    """The page while the database cannot be reached (a 503); `reload`: the page asks the
    browser to open it again after the answer's Retry-After (a counter tablet comes back by
    itself when the database does)."""
    from ledger.api.problems import RETRY_AFTER_SECONDS_WHILE_DATABASE_DOWN as seconds

    return _template("database_unavailable.html").substitute(
        _frame(),
        reload=f'<meta http-equiv="refresh" content="{seconds}">\n' if reload else "",
        title=_e(words("系统暂时不可用", "Temporarily unavailable")),
        heading=_e(
            words(
                "系统暂时不可用，请稍后再试",
                "The system is unavailable for a moment. Please try again shortly.",
            )
        ),
        text=_e(
            words(
                "记录都在，没有丢失。请过一会儿再试；这一页会自己刷新。",
                "Nothing recorded is lost. Please try again in a little while; this page reloads by itself.",
            )
            if reload
            else words(
                "记录都在，没有丢失。请返回上一页，过一会儿再提交；柜台的同一笔兑换不会记两次。",
                "Nothing recorded is lost. Go back and send it again in a little while; "
                "the counter never records the same redemption twice.",
            )
        ),
    )


def login(
    csrf_token: str, error: str | None = None, *, encrypted: bool = True, notice: str | None = None
) -> str:
    message = f'<p class="error">{_e(error)}</p>' if error else ""
    if notice:
        message += f'<p class="done">{_e(notice)}</p>'
    if not encrypted:  # plain http:// on the village Wi-Fi: say so, plainly
        message += (
            '<p class="warning">'
            + _e(
                words(
                    "注意：这个连接没有加密（http://）。只在村委会自己的无线网里登录；"
                    "在外面的网络请用 https:// 地址。",
                    "Note: this connection is not encrypted (http://). Log in only on the office's own "
                    "Wi-Fi; elsewhere use the https:// address.",
                )
            )
            + "</p>"
        )
    return _template("login.html").substitute(
        _frame(),
        title=_e(words("工作人员登录", "Staff log-in")),
        heading=_e(words("爱心积分账本 · 工作人员登录", "Points ledger · staff log-in")),
        username_label=_e(words("用户名", "Username")),
        password_label=_e(words("密码", "Password")),
        button=_e(words("登录", "Log in")),
        csrf_token=_e(csrf_token),
        message=message,
    )


def staff_home(username: str, csrf_token: str, communities: list[tuple[str, str, frozenset[str]]]) -> str:
    """The communities one serves, each with the workbench pages one's roles open there."""
    items = "".join(
        f"<li><b>{_e(name)}</b><br><small>{_e(words('、', ', ').join(catalog.role_words(r) for r in sorted(roles)))}</small><br>"
        + " · ".join(
            f'<a href="/staff/{_e(community_id)}/{path}">{_e(workbench.page_title(path))}</a>'
            for path, (_, allowed) in workbench.PAGES.items()
            if roles & allowed
        )
        + f"<details><summary>{_e(words('发到微信群的海报', 'Posters for the WeChat group'))}</summary>"
        + poster_links(community_id)
        + "</details></li>"
        for name, community_id, roles in communities
    )
    return _template("staff_home.html").substitute(
        _frame(),
        title=_e(words("工作台", "Workbench")),
        product=_e(words("爱心积分账本", "Points ledger")),
        username=_e(username),
        csrf_token=_e(csrf_token),
        log_out=_e(words("退出", "Log out")),
        overview=_e(words("概览：各村参与与活动", "Overview: participation and activity")),
        password=_e(words("修改我的密码", "Change my password")),
        communities_heading=_e(words("我服务的村/社区", "My communities")),
        communities=items or f"<li>{_e(words('暂无', 'None yet'))}</li>",
    )


def _board_item(community_id: str, item: dict[str, Any]) -> str:
    """One entry in publicity, with the form to object to it."""
    staff = (
        f'<span class="staff">{_e(words("工作人员户", "staff household"))}</span>'
        if item["staff_household"]
        else ""
    )
    objections = words(f"异议 {item['open_objections']} 条", f"objections: {item['open_objections']}")
    return f"""<div class="item"><b>{_e(item["household"])}</b>
{staff}<br>
{_e(item["rule"])} <span class="{"plus" if item["points"] > 0 else "minus"}">{_e(_signed(item["points"]))}</span><br>
<small>{_e(_until(item["ends_on"]))} · {_e(objections)}</small>
<details><summary>{_e(words("提出异议", "Object"))}</summary>
<form method="post" action="/board/{_e(community_id)}/objections">
<input type="hidden" name="award_seq" value="{_e(item["award_seq"])}">
<input name="reason" required minlength="2" maxlength="500" aria-label="{_e(words("异议理由", "Why it is not true"))}"
 placeholder="{_e(words("理由（至少两个字）", "Reason (at least two characters)"))}">
<button type="submit">{_e(words("提交", "Send"))}</button>
</form></details></div>"""


def board(
    view: dict[str, Any],
    community_id: str,
    red_list: dict[str, Any] | None,
    message: str = "",
    error: bool = False,
    fund: str = "",
    groups: str = "",
) -> str:
    """The public board page: what is in publicity, each with an objection form, this
    month's red list, `groups`, the links to each group's board (web/group_board.py), and
    `fund`, the fund's postings (web/fund_board.py). Names come masked from the service."""
    items = "".join(_board_item(community_id, item) for item in view["items"])
    if red_list is None or not red_list["entries"]:
        red = f'<p class="muted">{_e(words("暂无", "None yet"))}</p>'
    else:
        red = (
            "<table>"
            + "".join(
                f"<tr><td>{_e(entry['rank'])}</td><td>{_e(entry['household'])}</td>"
                f"<td class=num>{_e(_signed(entry['points']))}</td></tr>"
                for entry in red_list["entries"]
            )
            + "</table>"
        )
    shown = f'<p class="{"error" if error else "done"}">{_e(message)}</p>' if message else ""
    month = red_list["month"] if red_list else ""
    return _template("board.html").substitute(
        _frame(),
        title=_e(words("公示栏", "Public board")),
        community=_e(view["community"]),
        message=shown,
        in_publicity_heading=_e(words("公示中", "In publicity")),
        how_to_object=_e(
            words(
                "对公示内容有异议，可在公示期内写明理由提出，由村务监督委员会核实。",
                "If an entry is not true, object before its publicity ends; the supervision committee checks it.",
            )
        ),
        items=items or f'<p class="muted">{_e(words("目前没有公示内容", "Nothing in publicity now"))}</p>',
        red_list_heading=_e(words(f"本月红榜（{month}）", f"This month's red list ({month})")),
        red_list=red,
        groups=groups,
        fund=fund,
        chain=_e(chain_sentence(view["head_seq"], view["head_hash"])),
        screen_link=_e(f"/board/{community_id}?screen=1"),
        screen_text=_e(words("大屏模式（村里的电视上轮播）", "Screen mode (for the village's TV)")),
        posters_heading=_e(words("发到微信群：海报", "For the WeChat group: posters")),
        posters=poster_links(community_id),
    )


def chain_sentence(head_seq: int, head_hash: str) -> str:
    """The chain head as a villager reads it: how many entries, the latest one's fingerprint
    (its first 16 hex digits, in two groups of 8 as the printed certificate groups them), and
    what it is for."""
    fingerprint = f"{head_hash[:8]} {head_hash[8:16]}…"
    return words(
        f"本村记录共 {head_seq} 条，最新记录指纹 {fingerprint}：与旧的打印凭证对照，可知记录是否被改过",
        f"The village's record holds {head_seq} entries; the latest one's fingerprint is {fingerprint} "
        "— compare it with an earlier print-out to see whether anything has been changed",
    )
