"""The group boards (/board/{community}?group={group}): a villager group's own red list and
participation (ledger/services/group_boards.py), the links to each group's board that the
village's board carries, and the page for a group that is not (or no longer) there."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from ledger.messages import words
from ledger.web.pages import _e, _frame, _signed, _template, chain_sentence


def group_links(community_id: str, groups: Sequence[dict[str, Any]], current: uuid.UUID | None = None) -> str:
    """A list of links to each group's board (the one shown, if any, left out); nothing for a
    village without groups."""
    items = "".join(
        f'<li><a href="/board/{_e(community_id)}?group={_e(group["group_id"])}">{_e(group["name"])}</a> '
        f'<span class="muted">{_e(_households(group["households"]))}</span></li>'
        for group in groups
        if group["group_id"] != current
    )
    return f'<ul class="groups">{items}</ul>' if items else ""


def _households(count: int) -> str:
    return words(f"{count} 户", f"{count} households")


def groups_section(community_id: str, groups: Sequence[dict[str, Any]]) -> str:
    """The village board's section leading to each group's board."""
    links = group_links(community_id, groups)
    if not links:
        return ""
    heading = _e(words("各村民小组的红榜与参与情况", "Each villager group's red list and taking part"))
    return f"<h2>{heading}</h2>{links}"


def _red_list(red_list: dict[str, Any] | None) -> str:
    if red_list is None or not red_list["entries"]:
        return f'<p class="muted">{_e(words("本组本月暂无", "None yet this month in this group"))}</p>'
    header = (
        f'<thead><tr><th scope="col">{_e(words("名次", "Rank"))}</th><th scope="col">{_e(words("户", "Household"))}</th>'
        f'<th scope="col" class="num">{_e(words("本月积分", "Points"))}</th></tr></thead>'
    )
    rows = "".join(
        f"<tr><td>{_e(entry['rank'])}</td><td>{_e(entry['household'])}</td>"
        f"<td class=num>{_e(_signed(entry['points']))}</td></tr>"
        for entry in red_list["entries"]
    )
    return f"<table>{header}<tbody>{rows}</tbody></table>"


def page(view: dict[str, Any], community_id: str, groups: Sequence[dict[str, Any]]) -> str:
    households, now = view["households"], view["this_month"]
    taking_part, percent = now["households_taking_part"], now["percent"]
    month = view["this_month"]["month"]
    rows = "".join(
        f"<tr><td>{_e(m['month'])}</td><td class=num>{_e(m['households_taking_part'])}</td>"
        f"<td class=num>{_e(m['percent'])}%</td></tr>"
        for m in view["months"]
    )
    return _template("group_board.html").substitute(
        _frame(),
        title=_e(words("小组公示", "Group board")),
        community=_e(view["community"]),
        group=_e(view["group"]),
        board_link=_e(f"/board/{community_id}"),
        board_text=_e(words("← 全村公示栏", "← The village's board")),
        red_list_heading=_e(words(f"本组本月红榜（{month}）", f"The group's red list this month ({month})")),
        red_list=_red_list(view["red_list"]),
        participation_heading=_e(words("本组参与情况", "Taking part in this group")),
        participation_now=_e(
            words(
                f"本组 {households} 户，本月有 {taking_part} 户参与（有加分、扣分或兑换），占 {percent}%",
                f"Of the group's {households} households, {taking_part} took part this month "
                f"(an award, a deduction or a redemption): {percent}%",
            )
        ),
        months_caption=_e(words("今年每月参与的户数", "Households taking part each month this year")),
        month_label=_e(words("月份", "Month")),
        taking_part_label=_e(words("参与户数", "Households")),
        share_label=_e(words("占本组", "Share")),
        months=rows,
        groups_heading=_e(words("其他小组", "Other groups")),
        groups=group_links(community_id, groups, view["group_id"])
        or f'<p class="muted">{_e(words("无", "None"))}</p>',
        chain=_e(chain_sentence(view["head_seq"], view["head_hash"])),
    )


def not_found(community_id: str) -> str:
    """The 404 page for a group the village does not have (any more): retired, merged, or a
    link typed wrong."""
    return _template("not_found.html").substitute(
        _frame(),
        title=_e(words("没有这个村民小组", "No such villager group")),
        heading=_e(words("本村没有这个村民小组", "This village has no such group")),
        text=_e(
            words(
                "这个小组可能已经撤销或合并，或者链接有误。请回到本村公示栏，从小组列表里选择。",
                "It may have been retired or merged, or the link is wrong. Go back to the village's board "
                "and choose a group from its list.",
            )
        ),
        back_link=_e(f"/board/{community_id}"),
        back_text=_e(words("本村公示栏", "The village's board")),
    )
