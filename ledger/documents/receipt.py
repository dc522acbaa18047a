"""The receipt of a redemption, for a 58 mm thermal printer or a phone's screen: what the
counter page shows after a redemption and what the JSON API answers for GET …/receipt. One
column, no images, dashed rules; every value escaped."""

from __future__ import annotations

import html
from string import Template
from typing import Any

from ledger import messages
from ledger.messages import words

_TEMPLATE = Template(
    """<!doctype html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$receipt_label $receipt_number</title>
<style>
/* On a phone: one readable column. On the 58 mm thermal printer: 54 mm of paper, the
   buttons and the language link left out. */
body { max-width: 22rem; margin: 0 auto; padding: 8px 12px; font-family: "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; font-size: 1rem; color: #000; background: #fff; }
h1 { font-size: 1.15rem; text-align: center; margin: 0 0 4px; }
p { margin: 2px 0; }
table { width: 100%; border-collapse: collapse; margin: 4px 0; }
td { padding: 2px 0; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.rule { border-top: 1px dashed #000; margin: 4px 0; }
.total { font-size: 1.15rem; font-weight: bold; }
.small { font-size: .8rem; overflow-wrap: anywhere; }
.language { font-size: .85rem; color: #1a4f8b; }
.cancelled { text-align: center; font-weight: bold; border: 1px solid #000; padding: 4px; }
.actions { margin: 12px 0; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.actions a, .actions button { font-size: 1rem; padding: 10px 14px; border-radius: 6px; border: 0; background: #a93226; color: #fff; text-decoration: none; }
.actions a.quiet { background: #555; }
.done { background: #e8f5e9; color: #1b5e20; padding: 8px; border-radius: 6px; }
@page { size: 58mm auto; margin: 2mm; }
@media print {
  body { width: 54mm; max-width: none; padding: 0; font-size: 9pt; }
  h1, .total { font-size: 11pt; }
  .small { font-size: 7pt; }
  .language, .actions, .done { display: none; }
}
</style>
</head>
<body>
<p style="text-align:right">$switch</p>
$message
<h1>$community $supermarket</h1>
<p style="text-align:center">$receipt_label</p>
<div class="rule"></div>
<p>$number_label: $receipt_number</p>
<p>$time_label: $time</p>
<p>$household_label: $household</p>
<div class="rule"></div>
<table>$rows</table>
<div class="rule"></div>
<p class="total">$total</p>
<p>$left</p>
$cancelled
<div class="rule"></div>
<p class="small">$counter_label: $counter</p>
<p class="small">$chain_label: $chain</p>
<p class="small" style="text-align:center">$thanks</p>
$actions
<script src="/static/counter.js" defer></script>
</body>
</html>
"""
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def receipt(
    view: dict[str, Any], *, language_link: str = "", back: str | None = None, message: str = ""
) -> str:
    """The receipt of `view` (services.counter.receipt) in the request's language. A page
    also gives the link to itself in the other language (`language_link`), and on the
    counter's screen the print button and the way back to the counter (`back`)."""
    actions = (
        '<p class="actions">'
        f'<button type="button" data-print hidden>{_e(words("打印小票", "Print the receipt"))}</button>'
        f'<a href="{_e(back)}" class="quiet">{_e(words("返回收银台，下一户", "Back to the counter: next household"))}</a>'
        "</p>"
        if back
        else ""
    )
    rows = "".join(
        f"<tr><td>{_e(line['name'])} ×{_e(line['quantity'])}</td><td class=num>{_e(line['points'])}</td></tr>"
        for line in view["lines"]
    )
    cancelled = f'<p class="cancelled">{_e(words("已撤销", "CANCELLED"))}</p>' if view["cancelled"] else ""
    return _TEMPLATE.substitute(
        lang="en" if messages.current() == "en" else "zh-CN",
        switch=language_link,
        supermarket=_e(words("爱心超市", "love supermarket")),
        receipt_label=_e(words("兑换小票", "Receipt")),
        number_label=_e(words("单号", "No.")),
        time_label=_e(words("时间", "Time")),
        household_label=_e(words("户", "Household")),
        total=_e(words(f"合计：{view['points']} 分", f"Total: {view['points']} points")),
        left=_e(
            words(
                f"剩余可用积分：{view['spendable_after']} 分",
                f"Left to spend: {view['spendable_after']} points",
            )
        ),
        counter_label=_e(words("经办", "Counter")),
        chain_label=_e(words("记录校验", "Record chain")),
        thanks=_e(words("谢谢！积分来自好品行", "Thank you! Points come from good deeds")),
        community=_e(view["community"]),
        receipt_number=_e(view["receipt_number"]),
        time=_e(view["time"]),
        household=_e(view["household"]),
        rows=rows,
        counter=_e(view["counter"]),
        chain=_e(view["chain"]),
        actions=actions,
        message=f'<p class="done">{_e(message)}</p>' if message else "",
        cancelled=cancelled,
    )
