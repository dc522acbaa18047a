"""A resident's history in words: one sentence per event, with its numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger.messages import words
from ledger.messages.catalog.event_kinds import event_label
from ledger.messages.catalog.value_words import HONOUR_TITLES

# A resident's history: one sentence per entry, with its numbers.

# (body, spendable_delta, pending_delta, honour_delta) → the sentence
Sentence = Callable[[dict[str, Any], int, int, int], str]


def signed_points(points: int) -> str:
    """+5 分 / −21 分 (a true minus sign, as printed)."""
    sign = "+" if points >= 0 else "\u2212"
    return words(f"{sign}{abs(points)} 分", f"{sign}{abs(points)} points")


def _quoted(name: object) -> str:
    return words(f"「{name}」", f"“{name}”")


def _yuan(fen: object) -> str:
    amount = int(fen) if isinstance(fen, int) else 0
    return words(f"{amount / 100:,.2f} 元", f"¥{amount / 100:,.2f}")


def history_sentence(
    kind: str, body: dict[str, Any], spendable_delta: int, pending_delta: int, honour_delta: int
) -> str:
    """What a resident reads for one entry of their household's history, in the request's
    language: what happened, in words, and what it did to their points."""
    sentence = _HISTORY.get(kind)
    if sentence is not None:
        try:
            return sentence(body, spendable_delta, pending_delta, honour_delta)
        except (KeyError, TypeError, ValueError):
            pass  # an old entry's body without a field read here: its label and points still show
    label = event_label(kind)
    points = spendable_delta or pending_delta or honour_delta
    return words(f"{label}，", f"{label}, ") + signed_points(points) if points else label


def _rule_points(body: dict[str, Any], points: int) -> str:
    rule = _quoted(body.get("rule_name") or words("细则", "rule"))
    return rule + words("", " ") + signed_points(points)


def _redeemed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    count = sum(int(line.get("quantity", 0)) for line in body.get("lines", []))
    return words(f"兑换 {count} 件，", f"redeemed {count} items, ") + signed_points(spendable)


def _awarded(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = _rule_points(body, spendable)
    if "publicity_seq" in body:  # confirmed when its publicity ended without an upheld objection
        return text + words("，公示期满已生效", ", publicity over: it counts")
    return text


def _in_publicity(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    points = int(body.get("points", pending))
    ends_on = body.get("ends_on")
    until = words(f"（至 {ends_on}）", f" until {ends_on}") if ends_on else ""
    return _rule_points(body, points) + words("，公示中", ", in publicity") + until


def _deducted(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = _rule_points(body, honour)
    if spendable != honour:  # no overdraw: spendable emptied, honour took the whole deduction
        return text + words(
            f"（可用积分 {signed_points(spendable)}）", f" (spendable {signed_points(spendable)})"
        )
    return text


def _reversed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    what = event_label(str(body.get("reversed_kind", "")))
    points = spendable or honour
    moved = words("退回", " back") if points > 0 else words("收回", " taken back")
    return words(f"冲正（{what}）", f"reversal ({what})") + _reason(body) + signed_points(points) + moved


def _cancelled(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return (
        words("撤销兑换", "redemption cancelled")
        + _reason(body)
        + signed_points(spendable)
        + words("退回", " back")
    )


def _reason(body: dict[str, Any]) -> str:
    """'：原因，' before the points, or just the comma when no reason was given."""
    reason = body.get("reason")
    return words(f"：{reason}，", f": {reason}, ") if reason else words("，", ", ")


def _objection_upheld(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    if pending:
        return (
            words("异议成立，", "objection upheld, ")
            + signed_points(-pending)
            + words("不生效", " will not count")
        )
    return words("异议成立，这一项不生效", "objection upheld, the item does not count")


def _expired(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    year = body.get("year", "")
    return (
        words(f"{year} 年底结算，", f"year-end {year}: ")
        + signed_points(spendable)
        + words("清零", " expired")
    )


def _honoured(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    title, year = body.get("title", ""), body.get("year", "")
    return words(
        f"获评「{title}」（{year} 年）", f"honoured: {HONOUR_TITLES.get(str(title), title)} ({year})"
    )


def _gave(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = words(
        f"向幸福基金捐款 {_yuan(body.get('amount_fen'))}", f"gave {_yuan(body.get('amount_fen'))} to the fund"
    )
    return text + (words("，", ", ") + signed_points(spendable) if spendable else "")


def _proposed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return _rule_points(body, int(body.get("points", 0))) + words("，已申报待审", ", proposed")


def _claimed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return _rule_points(body, int(body.get("points", 0))) + words(
        "，本户申报，待审核", ", claimed by the household"
    )


def _rejected(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    reason = body.get("reason")
    return (
        words(f"申报未通过：{reason}", f"proposal rejected: {reason}")
        if reason
        else event_label("award.rejected")
    )


def carry_in_source(source: dict[str, Any]) -> str:
    """Where a carried-in figure comes from: "账本第 3 页第 5 行", "旧台账第 3 页", "旧台账"."""
    page, line, text = source.get("page"), source.get("line"), source.get("text")
    zh = (
        (text or ("账本" if page or line else ""))
        + (f"第 {page} 页" if page else "")
        + (f"第 {line} 行" if line else "")
    )
    placed = ", ".join(
        part for part in (f"page {page}" if page else "", f"line {line}" if line else "") if part
    )
    en = ", ".join(part for part in (text or ("passbook" if placed else ""), placed) if part)
    return words(zh, en)


def carried_in_figures(spendable: int, honour: int, source: dict[str, Any]) -> str:
    """A household's balance from paper as the board and its history show it, to compare
    with its own passbook: "期初结转：可用 120 分，荣誉 80 分（账本第 3 页）"."""
    where = carry_in_source(source)
    return words(
        f"期初结转：可用 {spendable} 分，荣誉 {honour} 分（{where}）",
        f"carried over from paper: {spendable} points to spend, {honour} honour ({where})",
    )


def _carried_in(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return carried_in_figures(int(body["spendable"]), int(body["honour"]), body.get("source", {}))


def _carry_in_posted(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    ends_on = body.get("ends_on")
    return _carried_in(body, spendable, pending, honour) + words(
        f"，公示中（至 {ends_on}）", f", in publicity until {ends_on}"
    )


def _said(zh: str, en: str) -> Sentence:
    return lambda body, spendable, pending, honour: words(zh, en)


_HISTORY: dict[str, Sentence] = {
    "redemption.made": _redeemed,
    "award.confirmed": _awarded,
    "publicity.started": _in_publicity,
    "deduction.recorded": _deducted,
    "reversal.recorded": _reversed,
    "redemption.cancelled": _cancelled,
    "objection.upheld": _objection_upheld,
    "settlement.expired": _expired,
    "honour.granted": _honoured,
    "fund.contributed": _gave,
    "award.proposed": _proposed,
    "award.claimed": _claimed,
    "award.rejected": _rejected,
    "award.approved": _said("申报已通过", "proposal approved"),
    "objection.raised": _said(
        "有人对公示中的一项提出异议", "an objection was raised to an item in publicity"
    ),
    "objection.dismissed": _said("异议不成立，公示照常", "objection dismissed, the publicity goes on"),
    "evidence.added": _said("申报补上了照片", "a photo was added to a proposal"),
    "household.registered": _said("登记入户", "household registered"),
    "household.changed": _said("户信息变更", "household details changed"),
    "member.added": _said("增加一位家庭成员", "a member was added"),
    "member.changed": _said("家庭成员信息变更", "a member's details changed"),
    "card.issued": _said("发放积分卡", "card issued"),
    "card.revoked": _said("旧积分卡作废", "the old card stopped working"),
    "staff.linked": _said("登记为工作人员的关联户", "declared linked to a staff member"),
    "pin.set": _said("设置了兑换密码", "PIN set"),
    "pin.unlocked": _said("兑换密码已解锁", "PIN unlocked"),
    "carry_in.posted": _carry_in_posted,
    "carry_in.confirmed": _carried_in,
}
