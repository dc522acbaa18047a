"""The love supermarket's pages: the counter (scan, cart, cancel) and goods and stock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e
from ledger.web.workbench.sheets import sheet_import


def counter_scan(csrf_token: str, community_id: str, redemptions: Iterable[dict[str, Any]]) -> str:
    """The first screen: the card field has the focus, so a USB scanner (it types the card's
    URL and Enter) or a typed short code looks the household up at once; without a
    scanner, the phone's camera takes a photo of the card and the server reads it."""
    sold = "".join(_redemption(csrf_token, community_id, redemption) for redemption in redemptions)
    none_yet = _e(words("暂无", "None yet"))
    return f"""
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="lookup">
<label for="card">{_e(words("扫卡或输入卡号", "Scan the card or type its code"))}</label>
<input id="card" name="card" required maxlength="300" autofocus autocomplete="off" placeholder="K7MX-3PQA">
<button type="submit">{_e(words("查询", "Look up"))}</button>
</form>
<form method="post" class="box" enctype="multipart/form-data">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="photo">
<label for="photo">{_e(words("没有扫码枪：用手机拍卡上的二维码", "No scanner: photograph the card's QR code"))}</label>
<input id="photo" name="photo" type="file" accept="image/*" capture="environment" required>
<button type="submit">{_e(words("识别这张卡", "Read this card"))}</button>
</form>
<h2>{_e(words("我今天的兑换", "My redemptions today"))}</h2>
<div class="box">{sold or f'<p class="muted">{none_yet}</p>'}</div>"""


def _redemption(csrf_token: str, community_id: str, redemption: dict[str, Any]) -> str:
    """One of today's redemptions, as a line that fits a phone: the receipt, the household, the
    points, and (folded away) the form that cancels it."""
    number = receipt_label(redemption["seq"])
    points = redemption["points"]
    line = (
        f'<a href="/staff/{_e(community_id)}/receipts/{_e(redemption["seq"])}">{_e(number)}</a> · '
        f"{_e(words('户', 'household'))} {_e(redemption['number'])} · {_e(words(f'{points} 分', f'{points} points'))}"
    )
    if redemption["cancelled"]:
        return f'<p class="redemption">{line} · <b>{_e(words("已撤销", "cancelled"))}</b></p>'
    # The receipt's link stays outside the fold's summary: a link inside a summary is a
    # control inside a control, which screen readers cannot announce.
    return f"""<div class="redemption">{line}<details><summary>{_e(words("撤销…", "Cancel…"))}</summary>
<form method="post">{_csrf(csrf_token)}
<input type="hidden" name="action" value="cancel"><input type="hidden" name="seq" value="{_e(redemption["seq"])}">
<label for="reason_{_e(redemption["seq"])}">{_e(words(f"撤销{number}的原因", f"Why {number} is cancelled"))}</label>
<input id="reason_{_e(redemption["seq"])}" name="reason" required minlength="2" maxlength="500" placeholder="{_e(words("刷错了卡", "wrong card"))}">
<button type="submit" class="quiet">{_e(words("撤销这笔兑换", "Cancel this redemption"))}</button></form></details></div>"""


def receipt_label(seq: int) -> str:
    return words(f"小票 {seq}", f"receipt {seq}")


def counter_cart(
    csrf_token: str,
    card: str,
    household: dict[str, Any],
    goods: Iterable[dict[str, Any]],
    pin_required: bool,
    idempotency_key: str,
    quantities: dict[str, int],
) -> str:
    """The second screen: who it is, what they can spend, and the shelf with quantities
    (those of a refused cart, kept), the running total and the points left (totalled
    here, and again as quantities change by /static/counter.js). The form carries its own
    Idempotency-Key: pressing twice sells once."""
    shelf = list(goods)
    total = sum(
        g["points"] * quantity
        for g in shelf
        if isinstance(quantity := quantities.get(str(g["goods_id"]), 0), int) and quantity > 0
    )
    left = household["spendable"] - total
    rows = "".join(
        f"""<tr><td><label for="quantity_{_e(g["goods_id"])}">{_e(g["name"])}</label><br><span class="muted">{_e(g["code"])} · {_e(g["unit"])} · {_e(words(f"库存 {g['stock']}", f"stock {g['stock']}"))}</span></td>
<td>{_e(words(f"{g['points']} 分", f"{g['points']} points"))}</td>
<td><input id="quantity_{_e(g["goods_id"])}" name="quantity_{_e(g["goods_id"])}" type="number" inputmode="numeric" min="0" max="{_e(min(g["stock"], 99))}" value="{_e(quantities.get(str(g["goods_id"]), 0))}" data-points="{_e(g["points"])}" class="quantity"></td></tr>"""
        for g in shelf
    )
    pin = (
        f'<label for="pin">{_e(words("户密码", "Household PIN"))}</label>'
        '<input id="pin" name="pin" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off">'
        if pin_required
        else ""
    )
    return f"""
<div class="box"><p>{_e(words("户", "Household"))} <b>{_e(household["number"])} {_e(household["head_name"])}</b><br>
{_e(words("可用积分", "Spendable"))} <b style="font-size:1.4rem">{_e(household["spendable"])}</b>
<span class="muted">· {_e(words(f"公示中 {household['pending']}", f"pending {household['pending']}"))}</span></p></div>
<form method="post" data-cart data-spendable="{_e(household["spendable"])}">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="sell">
<input type="hidden" name="card" value="{_e(card)}">
<input type="hidden" name="idempotency_key" value="{_e(idempotency_key)}">
<div class="box"><table><tr><th>{_e(words("商品", "goods"))}</th><th>{_e(words("单价", "each"))}</th><th>{_e(words("数量", "quantity"))}</th></tr>
{rows or f'<tr><td colspan="3" class="muted">{_e(words("货架上没有商品", "Nothing on the shelf"))}</td></tr>'}</table></div>
<p class="box total" aria-live="polite">{_e(words("合计", "Total"))} <b data-cart-total>{_e(total)}</b> {_e(words("分", "points"))} ·
{_e(words("兑换后剩余", "left after"))} <b data-points-left class="{"minus" if left < 0 else "plus"}">{_e(left)}</b> {_e(words("分", "points"))}</p>
{pin}
<button type="submit">{_e(words("兑换", "Redeem"))}</button>
</form>
<form method="get"><button type="submit" class="quiet">{_e(words("换一户", "Next household"))}</button></form>
<script src="/static/counter.js" defer></script>"""


def goods_and_stock(
    csrf_token: str,
    community_id: str,
    goods: list[dict[str, Any]],
    catalog_keeper: bool,
    report: dict[str, Any] | None,
) -> str:
    active = [g for g in goods if g["status"] == "active"]
    options = "".join(
        f'<option value="{_e(g["goods_id"])}">{_e(g["code"])} {_e(g["name"])}{_e(_in_stock(g["stock"]))}</option>'
        for g in active
    )
    retired = _e(words("已下架", "retired"))
    rows = "".join(
        f"""<tr><td>{_e(g["code"])}</td><td>{_e(g["name"])}<br><span class="muted">{_e(g["category"])} · {_e(g["unit"])}</span></td>
<td>{_e(g["points"])}</td><td>{"<b class=minus>" if g["stock"] <= g["low_stock_threshold"] else "<b>"}{_e(g["stock"])}</b></td>
<td>{_goods_actions(csrf_token, g) if catalog_keeper and g["status"] == "active" else ("" if g["status"] == "active" else retired)}</td></tr>"""
        for g in goods
    )
    nothing = _e(words("货架上没有商品", "Nothing on the shelf"))
    return f"""
<div class="box"><table><tr><th>{_e(words("编码", "code"))}</th><th>{_e(words("商品", "item"))}</th><th>{_e(words("积分", "points"))}</th><th>{_e(words("库存", "stock"))}</th><th></th></tr>
{rows or f'<tr><td colspan="5" class="muted">{nothing}</td></tr>'}</table>
<p class="muted">{_e(words("红色：库存不高于预警线", "Red: at or below the low-stock line"))}</p></div>
{_stock_forms(csrf_token, options) if active else ""}{_catalog_forms(csrf_token, community_id, report) if catalog_keeper else ""}"""


def _stock_forms(csrf_token: str, options: str) -> str:
    """Receiving, writing off and counting stock: the counter's and the committee's."""
    item, quantity, note = _e(words("商品", "Item")), _e(words("数量", "Quantity")), _e(words("说明", "Note"))
    return f"""
<h2>{_e(words("入库", "Receive stock"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="receive">
<label for="receive_goods">{item}</label><select id="receive_goods" name="goods_id">{options}</select>
<label for="receive_quantity">{quantity}</label><input id="receive_quantity" name="quantity" inputmode="numeric" required placeholder="20">
<label for="source">{_e(words("来源", "Source"))}</label>
<select id="source" name="source"><option value="purchase">{_e(words("基金采购", "bought with fund money"))}</option>
<option value="donation">{_e(words("捐赠", "donated"))}</option><option value="transfer">{_e(words("调拨", "transfer"))}</option></select>
<label for="fund_expenditure_seq">{_e(words("基金支出记录号（采购时）", "Fund expenditure entry (bought)"))}</label>
<input id="fund_expenditure_seq" name="fund_expenditure_seq" inputmode="numeric">
<label for="donor">{_e(words("捐赠人（捐赠时；不愿具名填“匿名”）", "Donor (donated; “anonymous” if they prefer)"))}</label><input id="donor" name="donor" maxlength="100">
<label for="receive_note">{note}</label><input id="receive_note" name="note" maxlength="500">
<button type="submit">{_e(words("入库", "Receive"))}</button>
</form>
<h2>{_e(words("报损", "Write off"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="write_off">
<label for="write_off_goods">{item}</label><select id="write_off_goods" name="goods_id">{options}</select>
<label for="write_off_quantity">{quantity}</label><input id="write_off_quantity" name="quantity" inputmode="numeric" required>
<label for="write_off_reason">{_e(words("原因", "Reason"))}</label><input id="write_off_reason" name="reason" required minlength="2" maxlength="500" placeholder="{_e(words("过期", "expired"))}">
<button type="submit">{_e(words("报损", "Write off"))}</button>
</form>
<h2>{_e(words("盘点", "Stock-take"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="count">
<label for="count_goods">{item}</label><select id="count_goods" name="goods_id">{options}</select>
<label for="counted">{_e(words("实盘数量", "Counted on the shelf"))}</label><input id="counted" name="counted" inputmode="numeric" required>
<label for="count_note">{note}</label><input id="count_note" name="note" maxlength="500" placeholder="{_e(words("月末盘点", "end-of-month count"))}">
<button type="submit">{_e(words("记录盘点", "Record"))}</button>
</form>"""


def _catalog_forms(csrf_token: str, community_id: str, report: dict[str, Any] | None) -> str:
    """Listing goods and the catalog sheet: the committee's only."""
    return f"""
<h2>{_e(words("上架新商品", "List an item"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="list">
<label for="code">{_e(words("编码", "Code"))}</label><input id="code" name="code" required maxlength="20" placeholder="G21">
<label for="name">{_e(words("名称", "Name"))}</label><input id="name" name="name" required maxlength="100" placeholder="{_e(words("菜籽油 5L", "Rapeseed oil 5 L"))}">
<label for="category">{_e(words("类别", "Category"))}</label><input id="category" name="category" maxlength="40" placeholder="{_e(words("粮油", "food"))}">
<label for="unit">{_e(words("单位", "Unit"))}</label><input id="unit" name="unit" maxlength="10" placeholder="{_e(words("桶", "can"))}">
<label for="points">{_e(words("积分", "Points"))}</label><input id="points" name="points" required inputmode="numeric" placeholder="60">
<button type="submit">{_e(words("上架", "List"))}</button>
</form>
{sheet_import(csrf_token, words("导入商品目录（.xls / .xlsx / .ods / CSV）", "Import the catalog (.xls / .xlsx / .ods / CSV)"), report)}
<p><a href="/staff/{_e(community_id)}/goods/catalog.xlsx">{_e(words("下载商品目录（Excel .xlsx）", "Download the catalog (.xlsx)"))}</a></p>"""


def _in_stock(stock: int) -> str:
    return words(f"（库存 {stock}）", f" (stock {stock})")


def _goods_actions(csrf_token: str, goods: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="goods_id" value="{_e(goods["goods_id"])}">
<input name="points" inputmode="numeric" value="{_e(goods["points"])}" aria-label="{_e(words(f"{goods['name']} 的新积分", f"new points for {goods['name']}"))}" style="width:4.5rem">
<button type="submit" name="action" value="reprice" class="quiet">{_e(words("改价", "Re-price"))}</button>
<button type="submit" name="action" value="retire" class="quiet">{_e(words("下架", "Retire"))}</button>
</form>"""
