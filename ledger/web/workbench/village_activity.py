"""One village's groups in charts (the township's charts drilled down, issue 13): per
villager group, participation and points awarded, deducted and redeemed per month. Each
chart is drawn by Apache ECharts (static/group-charts.js) from the numbers in the page, and
has the same numbers as a table beside it; the download has them all as one .xlsx sheet."""

from __future__ import annotations

import json
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _e
from ledger.web.workbench.activity import months_form, section

# (figure, the chart's title): one chart and its table per figure of points.
_POINTS = (
    ("points_awarded", ("每月加分（各组）", "Points awarded per month, by group")),
    ("points_deducted", ("每月扣分（各组）", "Points deducted per month, by group")),
    ("points_redeemed", ("每月兑换积分（各组）", "Points redeemed per month, by group")),
)


def page(answer: dict[str, Any], path: str) -> str:
    months, groups = answer["months"], answer["groups"]
    query = f"from={_e(answer['from'])}&amp;to={_e(answer['to'])}"
    header = [words("村民小组", "group"), *months]
    sections = [
        section(
            "group-participation",
            words("各组每月参与率", "Participation per group and month"),
            words(
                "本组有加分、扣分或兑换的户占本组在册户的比例（按现在所在的小组）",
                "Households with an award, a deduction or a redemption, of the group's households "
                "(by the group each belongs to now)",
            ),
            header,
            [[g["name"], *(f"{m['participation_rate'] * 100:.1f}%" for m in g["months"])] for g in groups],
        ),
        *(
            section(
                figure.replace("_", "-"),
                words(*title),
                words("已冲正、已撤销的不计", "Reversed and cancelled entries not counted"),
                header,
                [[g["name"], *(m[figure] for m in g["months"])] for g in groups],
            )
            for figure, title in _POINTS
        ),
    ]
    data = json.dumps(_chart_data(answer), ensure_ascii=False).replace("<", "\\u003c")
    households = words(
        "各组在册户：" + "、".join(f"{g['name']} {g['households_active']} 户" for g in groups),
        "Households on the roll: " + ", ".join(f"{g['name']} {g['households_active']}" for g in groups),
    )
    return f"""{months_form(answer, path)}
<p class="muted">{_e(households)}</p>
<p><a href="{_e(path)}/activity.xlsx?{query}" download>{_e(words("下载全部数字（Excel .xlsx）", "Download every number (.xlsx)"))}</a></p>
{"".join(sections)}
<script type="application/json" id="group-activity-data">{data}</script>
<script src="/static/echarts.min.js"></script>
<script src="/static/group-charts.js"></script>"""


def _chart_data(answer: dict[str, Any]) -> dict[str, Any]:
    """What the script draws: for each chart, a series per group over the months."""
    groups = answer["groups"]
    charts: dict[str, Any] = {
        "group-participation": {
            "percent": True,
            "series": [
                {"name": g["name"], "data": [round(m["participation_rate"] * 100, 1) for m in g["months"]]}
                for g in groups
            ],
        }
    }
    for figure, _ in _POINTS:
        charts[figure.replace("_", "-")] = {
            "percent": False,
            "series": [{"name": g["name"], "data": [m[figure] for m in g["months"]]} for g in groups],
        }
    return {"months": answer["months"], "charts": charts}
