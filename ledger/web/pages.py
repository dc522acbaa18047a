"""Pages rendered from the templates folder with string.Template (every value escaped)."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from ledger.web import workbench

KIND_LABELS = {
    "award.confirmed": "加分 Award",
    "deduction.recorded": "扣分 Deduction",
    "redemption.made": "兑换 Redemption",
    "reversal.recorded": "冲正 Reversal",
    "household.registered": "登记 Registered",
    "card.issued": "发卡 Card issued",
}


@cache
def _template(name: str) -> Template:
    return Template(resources.files("ledger.web").joinpath("templates", name).read_text(encoding="utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _signed(points: int) -> str:
    return f"+{points}" if points > 0 else str(points)


def card(view: dict[str, Any]) -> str:
    rows = "\n".join(
        f"<tr><td>{_e(entry['occurred_on'])}</td><td>{_e(KIND_LABELS.get(entry['kind'], entry['kind']))}"
        f"<br><small>{_e(entry['title'])}</small></td>"
        f"<td class=num>{_e(_signed(entry['spendable_delta']) if entry['spendable_delta'] else '')}</td></tr>"
        for entry in view["history"]
    )
    return _template("card.html").substitute(
        community=_e(view["community"]),
        number=_e(view["household"]["number"]),
        head_name=_e(view["household"]["head_name"]),
        spendable=_e(view["balance"]["spendable"]),
        pending=_e(view["balance"]["pending"]),
        honour=_e(view["balance"]["honour"]),
        stars=_e("★" * view["star_rating"] + "☆" * (5 - view["star_rating"])),
        rows=rows or "<tr><td colspan=3>暂无记录 No entries yet</td></tr>",
        board_link=_e(f"/board/{view['community_id']}"),
        in_publicity="".join(
            f"<li>{_e(item['title'])} {_e(_signed(item['points']))} · 公示至 until {_e(item['ends_on'])}</li>"
            for item in view["pending_in_publicity"]
        )
        or "<li>无 None</li>",
    )


def card_not_found() -> str:
    return _template("card_not_found.html").substitute()


ROLE_LABELS = {
    "counter": "超市管理员 counter",
    "scorer": "网格员 scorer",
    "committee": "村两委 committee",
    "supervisor": "监督委员会 supervisor",
    "admin": "管理员 admin",
    "oversight": "乡镇/县 查看 oversight",
}


def login(csrf_token: str, error: str | None = None) -> str:
    message = f'<p class="error">{_e(error)}</p>' if error else ""
    return _template("login.html").substitute(csrf_token=_e(csrf_token), message=message)


def staff_home(username: str, csrf_token: str, communities: list[tuple[str, str, frozenset[str]]]) -> str:
    """The communities one serves, each with the workbench pages one's roles open there."""
    items = "".join(
        f"<li><b>{_e(name)}</b><br><small>{_e('、'.join(ROLE_LABELS.get(r, r) for r in sorted(roles)))}</small><br>"
        + " · ".join(
            f'<a href="/staff/{_e(community_id)}/{path}">{_e(title)}</a>'
            for path, (title, allowed) in workbench.PAGES.items()
            if roles & allowed
        )
        + "</li>"
        for name, community_id, roles in communities
    )
    return _template("staff_home.html").substitute(
        username=_e(username), csrf_token=_e(csrf_token), communities=items or "<li>暂无 None yet</li>"
    )


def receipt(view: dict[str, Any]) -> str:
    """58 mm thermal-printer receipt: one column, no images, dashed rules."""
    rows = "".join(
        f"<tr><td>{_e(line['name'])} ×{_e(line['quantity'])}</td><td class=num>{_e(line['points'])}</td></tr>"
        for line in view["lines"]
    )
    cancelled = '<p class="cancelled">已撤销 CANCELLED</p>' if view["cancelled"] else ""
    return _template("receipt.html").substitute(
        community=_e(view["community"]),
        receipt_number=_e(view["receipt_number"]),
        time=_e(view["time"]),
        household=_e(view["household"]),
        rows=rows,
        points=_e(view["points"]),
        spendable_after=_e(view["spendable_after"]),
        counter=_e(view["counter"]),
        chain=_e(view["chain"]),
        cancelled=cancelled,
    )


def board(
    view: dict[str, Any],
    community_id: str,
    red_list: dict[str, Any] | None,
    message: str = "",
    error: bool = False,
) -> str:
    """The public board page: what is in publicity, each with an objection form, and this
    month's red list. Names come masked from the service."""
    items = "".join(
        f"""<div class="item"><b>{_e(item["household"])}</b>
{'<span class="staff">工作人员户 staff household</span>' if item["staff_household"] else ""}<br>
{_e(item["rule"])} <span class="{"plus" if item["points"] > 0 else "minus"}">{_e(_signed(item["points"]))}</span><br>
<small>公示至 until {_e(item["ends_on"])} · 异议 objections: {_e(item["open_objections"])}</small>
<details><summary>提出异议 Object</summary>
<form method="post" action="/board/{_e(community_id)}/objections">
<input type="hidden" name="award_seq" value="{_e(item["award_seq"])}">
<input name="reason" required minlength="2" maxlength="500" placeholder="理由 Reason">
<button type="submit">提交 Send</button>
</form></details></div>"""
        for item in view["items"]
    )
    if red_list is None or not red_list["entries"]:
        red = '<p class="muted">暂无 None yet</p>'
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
    return _template("board.html").substitute(
        community=_e(view["community"]),
        message=shown,
        items=items or '<p class="muted">目前没有公示内容 Nothing in publicity now</p>',
        month=_e(red_list["month"] if red_list else ""),
        red_list=red,
        head_seq=_e(view["head_seq"]),
        head_hash=_e(view["head_hash"][:16]),
    )
