"""The township's and county's charts (issue 13): each chart drawn by Apache ECharts from the
numbers in the page (a JSON block the page's own script reads: the Content-Security-Policy
allows scripts from this site only, none inline), and the same numbers as a table beside it
for people who would rather read — and for screen readers, which a canvas tells nothing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from ledger.messages import words
from ledger.web.workbench import _e


class Link(NamedTuple):
    """A table cell that leads somewhere (a village's name, to its groups)."""

    text: str
    href: str


def _cell(value: Any) -> str:
    if isinstance(value, Link):
        return f'<a href="{_e(value.href)}">{_e(value.text)}</a>'
    return _e(value)


def village_link(village: dict[str, Any], answer: dict[str, Any]) -> Link:
    """A village's name, leading to its groups' charts (the drill-down) of the same months."""
    return Link(
        village["name"],
        f"/staff/activity/community/{village['community_id']}?from={answer['from']}&to={answer['to']}",
    )


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def areas(rows: Sequence[dict[str, Any]]) -> str:
    """Links to the charts of each township and county one oversees (on the overview)."""
    if not rows:
        return ""
    kinds = {"township": words("乡镇", "township"), "county": words("县", "county")}
    links = "".join(
        f'<li><a href="/staff/activity/{_e(r["kind"])}/{_e(r["id"])}">{_e(r["name"])}</a> '
        f'<span class="muted">{_e(kinds[r["kind"]])}</span></li>'
        for r in rows
    )
    return (
        f'<div class="box"><h2>{_e(words("积分活动图表", "Activity in charts"))}</h2><ul>{links}</ul></div>'
    )


def page(answer: dict[str, Any], path: str) -> str:
    """The months form, the download, and each chart with its table."""
    months = answer["months"]
    villages = answer["villages"]
    totals = answer["totals"]["months"]
    query = f"from={_e(answer['from'])}&amp;to={_e(answer['to'])}"
    sections = [
        section(
            "participation",
            words("各村每月参与率", "Participation per village and month"),
            words(
                "有加分、扣分或兑换的户占在册户的比例",
                "Households with an award, a deduction or a redemption, of those on the roll",
            ),
            [words("村（社区）", "village"), *months],
            [
                [village_link(v, answer), *(_percent(m["participation_rate"]) for m in v["months"])]
                for v in villages
            ],
        ),
        section(
            "points",
            words("每月加分、扣分、兑换", "Points awarded, deducted and redeemed per month"),
            words("全部村合计；已冲正的不计", "All villages together; reversed entries not counted"),
            [
                words("月份", "month"),
                words("加分", "awarded"),
                words("扣分", "deducted"),
                words("兑换", "redeemed"),
            ],
            [[m["month"], m["points_awarded"], m["points_deducted"], m["points_redeemed"]] for m in totals],
        ),
        section(
            "fund",
            words("幸福基金每月收支（元）", "Happiness fund in and out per month (yuan)"),
            words("全部村合计", "All villages together"),
            [words("月份", "month"), words("收入", "in"), words("支出", "out")],
            [[m["month"], _yuan(m["fund_in_fen"]), _yuan(m["fund_out_fen"])] for m in totals],
        ),
        section(
            "stock",
            words("各村库存价值（积分）", "Stock value per village (points)"),
            words("货架上每件商品的库存 × 积分，现在", "Each item's stock × its points, now"),
            [words("村（社区）", "village"), words("库存价值", "stock value")],
            [[v["name"], v["stock_points"]] for v in villages],
        ),
        section(
            "ranking",
            words("参与率排名", "Villages ranked by participation"),
            words(
                "所选月份参与率的平均；点村名看各村民小组",
                "The mean of the months' participation rates; a village's name leads to its groups",
            ),
            [words("名次", "rank"), words("村（社区）", "village"), words("参与率", "participation")],
            [[v["rank"], village_link(v, answer), _percent(v["participation_rate"])] for v in villages],
        ),
    ]
    data = json.dumps(_chart_data(answer), ensure_ascii=False).replace("<", "\\u003c")
    return f"""{months_form(answer, path)}
<p><a href="{_e(path)}/activity.xlsx?{query}" download>{_e(words("下载全部数字（Excel .xlsx）", "Download every number (.xlsx)"))}</a></p>
{"".join(sections)}
<script type="application/json" id="activity-data">{data}</script>
<script src="/static/echarts.min.js"></script>
<script src="/static/activity-charts.js"></script>"""


def months_form(answer: dict[str, Any], path: str) -> str:
    return f"""<form method="get" action="{_e(path)}" class="box">
<label for="from">{_e(words("起始月份", "From month"))}</label><input id="from" name="from" type="month" value="{_e(answer["from"])}" required>
<label for="to">{_e(words("截止月份", "To month"))}</label><input id="to" name="to" type="month" value="{_e(answer["to"])}" required>
<button type="submit">{_e(words("查看", "Show"))}</button>
</form>"""


def section(name: str, title: str, note: str, header: list[str], rows: list[list[Any]]) -> str:
    """A chart's box, and its table under it. A table of many months scrolls sideways in a
    box of its own (focusable, so a keyboard scrolls it too) instead of squeezing its
    columns into a phone's width."""
    head = "".join(f'<th scope="col">{_e(cell)}</th>' for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    empty = f'<tr><td colspan="{len(header)}" class="muted">{_e(words("暂无", "None"))}</td></tr>'
    return f"""<section class="box" aria-labelledby="{name}-title">
<h2 id="{name}-title">{_e(title)}</h2>
<p class="muted">{_e(note)}</p>
<div class="chart" id="{name}-chart" data-chart="{name}" role="img" aria-label="{_e(title)}{_e(words("（数字见下表）", " (the numbers are in the table below)"))}"></div>
<div class="table-scroll" tabindex="0" role="region" aria-label="{_e(title)}">
<table><caption class="muted">{_e(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body or empty}</tbody></table>
</div>
</section>"""


def _chart_data(answer: dict[str, Any]) -> dict[str, Any]:
    """What the script draws: the labels in the page's language and the numbers."""
    villages, totals = answer["villages"], answer["totals"]["months"]
    return {
        "months": answer["months"],
        "villages": [v["name"] for v in villages],
        "participation": [[round(m["participation_rate"] * 100, 1) for m in v["months"]] for v in villages],
        "points": {
            words("加分", "awarded"): [m["points_awarded"] for m in totals],
            words("扣分", "deducted"): [m["points_deducted"] for m in totals],
            words("兑换", "redeemed"): [m["points_redeemed"] for m in totals],
        },
        "fund": {
            words("收入", "in"): [m["fund_in_fen"] / 100 for m in totals],
            words("支出", "out"): [m["fund_out_fen"] / 100 for m in totals],
        },
        "stock": [v["stock_points"] for v in villages],
        "ranking": [round(v["participation_rate"] * 100, 1) for v in villages],
    }
