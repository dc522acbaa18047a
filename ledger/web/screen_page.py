"""The village screen (大屏, /board/{community}?screen=1): the board's figures as panels in
large type for the village's TV, which ledger/web/static/screen.js shows one at a time and
reads again every few minutes. Without the script (or with reduced motion) every panel is
shown, one below the other, as a plain page."""

from __future__ import annotations

from typing import Any

from ledger import limits, messages
from ledger.messages import words
from ledger.web import language
from ledger.web.pages import _e, _signed, _template, chain_sentence
from ledger.web.workbench.fund import STATEMENT_SOURCES, yuan

Panel = tuple[str, str, str]  # key (kept across a refresh), heading, body


def _pages(rows: list[str]) -> list[list[str]]:
    """A long list as panels of a TV screen's rows each, at most so many panels."""
    size = limits.SCREEN_ROWS_PER_PANEL
    return [rows[start : start + size] for start in range(0, len(rows), size)][
        : limits.SCREEN_PANELS_PER_LIST_MAX
    ]


def _listed(key: str, heading: str, rows: list[str], header: str, nothing: str) -> list[Panel]:
    """One panel per page of rows; the rows past the last page are counted, not dropped unseen."""
    pages = _pages(rows)
    if not pages:
        return [(key, heading, f'<p class="nothing">{_e(nothing)}</p>')]
    panels = []
    for number, page in enumerate(pages, 1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        body = f"<table>{header}{''.join(page)}</table>"
        if number == len(pages) and len(rows) > sum(len(p) for p in pages):
            more = len(rows) - sum(len(p) for p in pages)
            body += (
                f'<p class="more">{_e(words(f"另有 {more} 条，见公示栏", f"{more} more on the board"))}</p>'
            )
        panels.append((f"{key}-{number}", heading + suffix, body))
    return panels


def _days_left(days: int) -> str:
    if days <= 0:
        return words("今天截止", "ends today")
    return words(f"还剩 {days} 天", "1 day left" if days == 1 else f"{days} days left")


def _publicity(items: list[dict[str, Any]]) -> list[Panel]:
    staff = _e(words("工作人员户", "staff household"))
    rows = [
        f"<tr><td>{_e(item['household'])}"
        + (f' <span class="staff">{staff}</span>' if item["staff_household"] else "")
        + f"</td><td>{_e(item['rule'])}</td>"
        f'<td class="num {"plus" if item["points"] > 0 else "minus"}">{_e(_signed(item["points"]))}</td>'
        f"<td class=num>{_e(_days_left(item['days_left']))}</td></tr>"
        for item in items
    ]
    header = (
        f"<tr><th scope=col>{_e(words('户', 'Household'))}</th><th scope=col>{_e(words('事项', 'For'))}</th>"
        f"<th scope=col class=num>{_e(words('积分', 'Points'))}</th><th scope=col class=num>{_e(words('公示期', 'Publicity'))}</th></tr>"
    )
    return _listed(
        "publicity",
        words("公示中", "In publicity"),
        rows,
        header,
        words("目前没有公示内容", "Nothing in publicity now"),
    )


def _red_list(red_list: dict[str, Any] | None) -> list[Panel]:
    month = red_list["month"] if red_list else ""
    rows = [
        f"<tr><td class=num>{_e(entry['rank'])}</td><td>{_e(entry['household'])}</td>"
        f"<td class='num plus'>{_e(_signed(entry['points']))}</td></tr>"
        for entry in (red_list["entries"] if red_list else [])
    ]
    header = (
        f"<tr><th scope=col class=num>{_e(words('名次', 'Rank'))}</th><th scope=col>{_e(words('户', 'Household'))}</th>"
        f"<th scope=col class=num>{_e(words('本月积分', 'Points this month'))}</th></tr>"
    )
    heading = words(f"本月红榜（{month}）", f"This month's red list ({month})")
    return _listed("red", heading, rows, header, words("本月暂无", "None yet this month"))


def _fund(statement: dict[str, Any]) -> list[Panel]:
    figures = [
        (words("月初余额", "Opening"), statement["opening_balance_fen"]),
        (words("本月收入", "In"), statement["in_fen"]),
        (words("本月支出", "Out"), statement["out_fen"]),
        (words("当前余额", "Balance"), statement["closing_balance_fen"]),
    ]
    boxes = "".join(
        f'<div class="figure"><b>{_e(yuan(fen))}</b><span>{_e(label)}</span></div>' for label, fen in figures
    )
    lines = [
        f"<tr><td>{_e(words('收入', 'in'))} · {_e(words(*STATEMENT_SOURCES[source]) if source in STATEMENT_SOURCES else source)}</td>"
        f"<td class=num>{_e(yuan(fen))}</td></tr>"
        for source, fen in statement["in_by_source"].items()
    ] + [
        f"<tr><td>{_e(words('支出', 'out'))} · {_e(purpose)}</td><td class=num>{_e(yuan(fen))}</td></tr>"
        for purpose, fen in statement["out_by_purpose"].items()
    ]
    rows = "".join(lines[: limits.SCREEN_ROWS_PER_PANEL])
    body = f'<p class="unit">{_e(words("单位：元", "in yuan"))}</p><div class="figures">{boxes}</div>'
    if rows:
        body += f"<table>{rows}</table>"
    return [
        (
            "fund",
            words(f"幸福基金收支（{statement['month']}）", f"Happiness fund ({statement['month']})"),
            body,
        )
    ]


def _goods(goods: list[dict[str, Any]]) -> list[Panel]:
    english = messages.current() == "en"
    rows = []
    for item in goods:
        points, stock = item["points"], item["stock"]
        name = item["name_en"] if english and item["name_en"] else item["name"]
        rows.append(
            f"<tr><td>{_e(name)}</td><td class=num>{_e(words(f'{points} 分', f'{points} points'))}</td>"
            f"<td class=num>{_e(stock)}</td></tr>"
        )
    header = (
        f"<tr><th scope=col>{_e(words('商品', 'Goods'))}</th><th scope=col class=num>{_e(words('积分', 'Points'))}</th>"
        f"<th scope=col class=num>{_e(words('库存', 'Stock'))}</th></tr>"
    )
    return _listed(
        "goods",
        words("爱心超市商品", "The love supermarket"),
        rows,
        header,
        words("暂无商品", "No goods yet"),
    )


def participation_chart(participation: dict[str, Any]) -> str:
    """Bars drawn on the server as SVG (no script, no outside request): one per month, its
    height the share of households that earned points, the count and share written on it,
    and the whole chart said in words for a screen reader."""
    months = participation["months"]
    width, height, base, top = 100 * len(months), 300, 250, 40
    said = words("、", ", ").join(
        words(
            f"{m['month']} {m['households']} 户（{m['percent']}%）",
            f"{m['month']}: {m['households']} ({m['percent']}%)",
        )
        for m in months
    )
    summary = words(
        f"每月获得积分的户数，共 {participation['households']} 户：{said}",
        f"Households earning points each month, of {participation['households']}: {said}",
    )
    bars = []
    for index, month in enumerate(months):
        bar = round((base - top) * month["percent"] / 100)
        x = index * 100 + 20
        bars.append(
            f'<rect x="{x}" y="{base - bar}" width="60" height="{bar}" fill="#b03a2e"></rect>'
            f'<text x="{x + 30}" y="{base - bar - 10}" text-anchor="middle" class="value">'
            f"{_e(month['households'])} · {_e(month['percent'])}%</text>"
            f'<text x="{x + 30}" y="{base + 30}" text-anchor="middle">{_e(month["month"][5:])}{_e(words("月", ""))}</text>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(summary)}">'
        f"<title>{_e(summary)}</title>"
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#555"></line>{"".join(bars)}</svg>'
    )


def _participation(participation: dict[str, Any]) -> list[Panel]:
    caption = words(
        f"本村 {participation['households']} 户，每月有积分获得的户数与占比",
        f"Of the village's {participation['households']} households, those that earned points each month",
    )
    body = f'<p class="unit">{_e(caption)}</p>{participation_chart(participation)}'
    return [("participation", words("村民参与情况", "Taking part"), body)]


def groups_chart(groups: list[dict[str, Any]]) -> str:
    """This month's participation per villager group as bars drawn on the server (SVG, as the
    months' chart): one bar a group, its height the group's share of households taking part,
    the count and share written on it, the whole chart said in words for a screen reader."""
    # Wider apart than the months' bars: a group's label ("12 · 100%") is longer than a month's.
    step, width, height, base, top = 150, max(150 * len(groups), 300), 300, 230, 40
    said = words("、", ", ").join(
        words(
            f"{g['name']} {g['households_taking_part']}/{g['households']} 户（{g['percent']}%）",
            f"{g['name']}: {g['households_taking_part']} of {g['households']} ({g['percent']}%)",
        )
        for g in groups
    )
    summary = words(f"本月各小组参与的户数：{said}", f"Households taking part this month, by group: {said}")
    bars = []
    for index, group in enumerate(groups):
        bar = round((base - top) * group["percent"] / 100)
        x = index * step + 35
        bars.append(
            f'<rect x="{x}" y="{base - bar}" width="80" height="{bar}" fill="#1f618d"></rect>'
            f'<text x="{x + 40}" y="{base - bar - 10}" text-anchor="middle" class="value">'
            f"{_e(group['households_taking_part'])} · {_e(group['percent'])}%</text>"
            f'<text x="{x + 40}" y="{base + 30}" text-anchor="middle">{_e(group["name"][:6])}</text>'
        )
    return (
        f'<svg class="chart groups-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(summary)}">'
        f"<title>{_e(summary)}</title>"
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#555"></line>{"".join(bars)}</svg>'
    )


def _groups(groups: list[dict[str, Any]]) -> list[Panel]:
    """The groups' panels (a TV's width of bars each); none for a village without groups."""
    size = limits.SCREEN_GROUPS_PER_PANEL
    pages = [groups[start : start + size] for start in range(0, len(groups), size)][
        : limits.SCREEN_PANELS_PER_LIST_MAX
    ]
    caption = words(
        "本月有加分、扣分或兑换的户占本组户数的比例",
        "Households with an award, a deduction or a redemption this month, of each group's households",
    )
    return [
        (
            f"groups-{number}",
            words("各小组本月参与情况", "Taking part this month, by group")
            + (f" ({number}/{len(pages)})" if len(pages) > 1 else ""),
            f'<p class="unit">{_e(caption)}</p>{groups_chart(page)}',
        )
        for number, page in enumerate(pages, 1)
    ]


def _chain(head_seq: int, head_hash: str) -> list[Panel]:
    body = (
        f'<p class="fingerprint">{_e(head_hash[:8])} {_e(head_hash[8:16])}</p>'
        f"<p>{_e(chain_sentence(head_seq, head_hash))}</p>"
    )
    return [("chain", words("记录链", "The record's chain"), body)]


def screen(view: dict[str, Any], community_id: str) -> str:
    panels = [
        *_publicity(view["publicity"]),
        *_red_list(view["red_list"]),
        *_fund(view["fund"]),
        *_goods(view["goods"]),
        *_participation(view["participation"]),
        *_groups(view["groups"]),
        *_chain(view["head_seq"], view["head_hash"]),
    ]
    sections = "\n".join(
        f'<section class="panel" data-panel="{_e(key)}" aria-labelledby="panel-{_e(key)}">'
        f'<h2 id="panel-{_e(key)}">{_e(heading)}</h2>{body}</section>'
        for key, heading, body in panels
    )
    return _template("screen.html").substitute(
        lang=language.html_lang(),
        switch=language.switch_link(),
        title=_e(words("公示大屏", "Village screen")),
        community=_e(view["community"]),
        refreshed=_e(words(f"更新于 {view['refreshed_at']}", f"Updated {view['refreshed_at']}")),
        refreshed_at=_e(view["refreshed_at"]),
        panel_milliseconds=limits.SCREEN_PANEL_SECONDS * 1000,
        refresh_milliseconds=limits.SCREEN_REFRESH_SECONDS * 1000,
        pause=_e(words("暂停", "Pause")),
        resume=_e(words("继续", "Resume")),
        board_link=_e(f"/board/{community_id}"),
        board_text=_e(words("公示栏（可提出异议）", "The public board (to object)")),
        panels=sections,
    )
