"""Pages rendered from the templates folder with string.Template (every value escaped)."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template
from typing import Any

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
        rows=rows or "<tr><td colspan=3>暂无记录 No entries yet</td></tr>",
    )


def card_not_found() -> str:
    return _template("card_not_found.html").substitute()
