"""The supervision committee's event log page: the filters (a GET form, so a filtered view
is a link one can keep), the entries newest first with their chain hash, a reverse form on
each entry that may be reversed, and the paging links."""

from __future__ import annotations

import datetime
import urllib.parse
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from ledger.domain import events as kinds
from ledger.messages import catalog, words
from ledger.services.event_log import KINDS, LogPage, LogQuery
from ledger.web.workbench import _csrf, _e

HASH_SHOWN = 12  # hex digits shown; the whole hash is one tap away
DESCRIPTION_MAX = 160  # characters of an entry's description


def kind_token(kind: str) -> str:
    """A kind as the page's forms and links carry it ("redemption-made"): the kind codes
    themselves never appear in a page, not even in its markup."""
    return kind.replace(".", "-")


def kind_from_token(token: str) -> str:
    return token.replace("-", ".")


def query_string(query: LogQuery, **cursor: int) -> str:
    """The filters as a URL query (without the cursor unless given), for links and forms."""
    pairs = {
        "kind": kind_token(query.kind) if query.kind else None,
        "household": query.household,
        "actor": str(query.actor) if query.actor else None,
        "dates": query.dates if query.dates != "occurred" else None,
        "from": query.date_from.isoformat() if query.date_from else None,
        "to": query.date_to.isoformat() if query.date_to else None,
        **{name: str(value) for name, value in cursor.items()},
    }
    return urllib.parse.urlencode({name: value for name, value in pairs.items() if value})


def event_log_page(
    csrf_token: str, community_id: str, query: LogQuery, log: LogPage, may_reverse: bool
) -> str:
    """`may_reverse`: the supervision committee sees a reverse button on each entry that
    can be reversed (the committee and the admin read the log only)."""
    path = f"/staff/{_e(community_id)}/events"
    entries = _entries(csrf_token if may_reverse else None, path, query, log)
    return _filters(path, query, log.actors) + entries + _paging(path, query, log)


def _selected(value: object, chosen: object) -> str:
    return " selected" if value == chosen else ""


def _filters(path: str, query: LogQuery, actors: Iterable[Mapping[str, Any]]) -> str:
    kind_options = "".join(
        f'<option value="{_e(kind_token(kind))}"{_selected(kind, query.kind)}>{_e(catalog.event_label(kind))}</option>'
        for kind in sorted(KINDS, key=catalog.event_label)
    )
    actor_options = "".join(
        f'<option value="{_e(actor["user_id"])}"{_selected(actor["user_id"], query.actor)}>'
        f"{_e(actor['username'])}</option>"
        for actor in actors
    )
    filtered = any((query.kind, query.household, query.actor, query.date_from, query.date_to))
    # Folded away until used, so that on a phone the entries come first.
    return f"""
<details class="box"{" open" if filtered else ""}><summary>{_e(words("筛选", "Filters"))}</summary>
<form method="get" action="{path}">
<label for="kind">{_e(words("记录类型", "Kind of entry"))}</label>
<select id="kind" name="kind"><option value="">{_e(words("全部", "All kinds"))}</option>{kind_options}</select>
<label for="household">{_e(words("户号", "Household number"))}</label>
<input id="household" name="household" maxlength="40" value="{_e(query.household or "")}" placeholder="001">
<label for="actor">{_e(words("经办人", "Done by"))}</label>
<select id="actor" name="actor"><option value="">{_e(words("全部", "Everyone"))}</option>{actor_options}</select>
<label for="dates">{_e(words("按哪个日期", "Which date"))}</label>
<select id="dates" name="dates">
<option value="occurred"{_selected("occurred", query.dates)}>{_e(words("发生日期", "the day it happened"))}</option>
<option value="recorded"{_selected("recorded", query.dates)}>{_e(words("记录日期", "the day it was recorded"))}</option>
</select>
<label for="from">{_e(words("从", "From"))}</label>
<input id="from" name="from" type="date" value="{_e(query.date_from.isoformat() if query.date_from else "")}" placeholder="2026-12-01">
<label for="to">{_e(words("到", "To"))}</label>
<input id="to" name="to" type="date" value="{_e(query.date_to.isoformat() if query.date_to else "")}" placeholder="2026-12-31">
<button type="submit">{_e(words("筛选", "Filter"))}</button>
<a href="{path}">{_e(words("清除筛选", "Clear the filters"))}</a>
</form></details>"""


def _entries(csrf_token: str | None, path: str, query: LogQuery, log: LogPage) -> str:
    if log.unknown_household is not None:
        return (
            f'<p class="error">{_e(words("没有户号为 ", "No household is numbered "))}'
            f"{_e(log.unknown_household)}{_e(words(' 的户', ''))}</p>"
        )
    if not log.entries:
        return f'<p class="muted">{_e(words("没有符合条件的记录", "No entries match"))}</p>'
    zone = zoneinfo.ZoneInfo(log.time_zone)
    # After a reversal the browser comes back to this same page, the entry now marked.
    paged = query.before is not None or query.after is not None
    back = query_string(query, before=log.entries[0]["seq"] + 1) if paged else query_string(query)
    return "".join(_entry(csrf_token, path, back, entry, zone) for entry in log.entries)


def _entry(
    csrf_token: str | None, path: str, back: str, entry: Mapping[str, Any], zone: datetime.tzinfo
) -> str:
    seq = entry["seq"]
    recorded = entry["recorded_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M")
    who = entry["actor"] or words("系统", "the system")
    household = (
        f" · {_e(words('户', 'household'))} {_e(entry['household_number'])}"
        if entry["household_number"]
        else ""
    )
    description = describe(entry["kind"], entry["body"])
    return f"""
<div class="box" id="entry-{seq}">
<p><b>#{seq}</b> · {_e(entry["occurred_on"].isoformat())} · <b>{_e(catalog.event_label(entry["kind"]))}</b>{household}<br>
<span class="muted">{_e(words("经办", "by"))} {_e(who)} · {_e(words("记录于", "recorded"))} {_e(recorded)}</span></p>
{_deltas(entry)}
{f"<p>{_e(description)}</p>" if description else ""}
{_marks(path, entry)}
<details><summary>{_e(words("指纹", "Fingerprint"))} <code>{_e(entry["hash"][:HASH_SHOWN])}</code></summary>
<code class="hash" style="word-break:break-all">{_e(entry["hash"])}</code></details>
{_reverse_form(csrf_token, back, seq) if entry["reversible"] and csrf_token else ""}
</div>"""


def _deltas(entry: Mapping[str, Any]) -> str:
    parts = []
    for column, label in (
        ("spendable_delta", words("可用", "spendable")),
        ("pending_delta", words("待公示", "pending")),
        ("honour_delta", words("荣誉", "honour")),
    ):
        if entry[column]:
            css = "plus" if entry[column] > 0 else "minus"
            parts.append(f'{_e(label)} <span class="{css}">{entry[column]:+d}</span>')
    if entry["money_delta_fen"]:
        fen = entry["money_delta_fen"]
        sign = "+" if fen > 0 else "−"
        parts.append(
            f"{_e(words('基金', 'fund'))} {sign}{abs(fen) // 100}.{abs(fen) % 100:02d} {_e(words('元', 'yuan'))}"
        )
    return f"<p>{' · '.join(parts)}</p>" if parts else ""


def _marks(path: str, entry: Mapping[str, Any]) -> str:
    marks = []
    if entry["reversed_by"] is not None:
        undone = (
            words("已撤销", "Cancelled")
            if entry["reversed_by_kind"] == kinds.REDEMPTION_CANCELLED
            else words("已冲正", "Reversed")
        )
        marks.append(
            f'<p class="error"><b>{_e(undone)}</b> {_e(words("见", "by entry"))} '
            f'<a href="{path}?before={entry["reversed_by"] + 1}">#{entry["reversed_by"]}</a></p>'
        )
    reversed_seq = entry["body"].get("reversed_seq") if isinstance(entry["body"], dict) else None
    if isinstance(reversed_seq, int):
        marks.append(
            f"<p>{_e(words('更正的是', 'Corrects entry'))} "
            f'<a href="{path}?before={reversed_seq + 1}">#{reversed_seq}</a></p>'
        )
    return "".join(marks)


def _reverse_form(csrf_token: str, back: str, seq: int) -> str:
    return f"""<details><summary>{_e(words("冲正这条记录", "Reverse this entry"))}</summary>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="event_seq" value="{seq}">
<input type="hidden" name="back" value="{_e(back)}">
<label for="reason-{seq}">{_e(words("冲正原因", "Reason for the reversal"))}</label>
<input id="reason-{seq}" name="reason" required minlength="2" maxlength="500" placeholder="{_e(words("重复录入", "entered twice"))}">
<button type="submit">{_e(words("冲正", "Reverse"))} #{seq}</button>
</form></details>"""


def _paging(path: str, query: LogQuery, log: LogPage) -> str:
    links = []
    if log.newer is not None:
        links.append(
            f'<a href="{path}?{_e(query_string(query, after=log.newer))}">← {_e(words("较新的记录", "Newer entries"))}</a>'
        )
    if log.older is not None:
        links.append(
            f'<a href="{path}?{_e(query_string(query, before=log.older))}">{_e(words("较早的记录", "Older entries"))} →</a>'
        )
    return f'<p class="paging">{" · ".join(links)}</p>' if links else ""


def describe(kind: str, body: Any) -> str:
    """A short description from the entry's body: what it was about, in the body's own words
    (rule and goods names, notes and reasons as people wrote them); never a code."""
    if not isinstance(body, dict):
        return ""
    parts: list[str] = []
    if body.get("rule_name"):
        parts.append(f"{body.get('rule_code') or ''} {body['rule_name']}".strip())
    # A cart's lines name goods and quantities; a carry-over's lines are households (no
    # quantity), which would read "×None".
    lines = body.get("lines")
    goods_lines = (
        [line for line in lines if isinstance(line, dict) and "quantity" in line]
        if isinstance(lines, list)
        else []
    )
    if goods_lines:
        parts.append(
            "、".join(
                f"{line.get('name') or line.get('code') or ''}×{line.get('quantity')}" for line in goods_lines
            )
        )
    if body.get("reversed_kind"):
        parts.append(catalog.event_label(str(body["reversed_kind"])))
    if body.get("title"):
        parts.append(str(body["title"]))
    if body.get("role") and body.get("username"):
        parts.append(f"{body['username']} · {catalog.role_words(str(body['role']))}")
    if kind in (kinds.GOODS_LISTED, kinds.RULE_DEFINED) and body.get("name"):
        parts.append(str(body["name"]))
    if body.get("year") is not None:
        parts.append(words(f"{body['year']} 年", f"year {body['year']}"))
    for field, label in (("note", words("说明", "note")), ("reason", words("原因", "reason"))):
        if body.get(field):
            parts.append(f"{label}{words('：', ': ')}{body[field]}")
    text = " · ".join(part for part in parts if part)
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"
