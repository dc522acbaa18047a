"""The love supermarket's pages: the counter (scan, cart, cancel) and goods and stock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.web.workbench import _csrf, _e
from ledger.web.workbench.sheets import sheet_import


def counter_scan(csrf_token: str, community_id: str, sales: Iterable[dict[str, Any]]) -> str:
    """The first screen: the card field has the focus, so a USB scanner (it types the card's
    URL and Enter) or a typed short code looks the household up at once."""
    rows = "".join(
        f"""<tr><td><a href="/staff/{_e(community_id)}/receipts/{_e(s["seq"])}">{_e(s["seq"])}</a></td>
<td>{_e(s["number"])}</td><td>{_e(s["points"])}</td>
<td>{"已撤销 cancelled" if s["cancelled"] else _cancel_form(csrf_token, s["seq"])}</td></tr>"""
        for s in sales
    )
    return f"""
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="lookup">
<label for="card">扫卡或输入卡号 Scan the card or type its code</label>
<input id="card" name="card" required maxlength="300" autofocus autocomplete="off" placeholder="K7MX-3PQA">
<button type="submit">查询 Look up</button>
</form>
<h2>我今天的兑换 My sales today</h2>
<div class="box"><table><tr><th>小票 receipt</th><th>户 household</th><th>分 points</th><th></th></tr>
{rows or '<tr><td colspan="4" class="muted">暂无 None yet</td></tr>'}</table></div>"""


def _cancel_form(csrf_token: str, seq: int) -> str:
    return f"""<form method="post">{_csrf(csrf_token)}
<input type="hidden" name="action" value="cancel"><input type="hidden" name="seq" value="{_e(seq)}">
<input name="reason" required minlength="2" maxlength="500" placeholder="撤销原因 reason" style="width:9rem">
<button type="submit" class="quiet">撤销 Cancel</button></form>"""


def counter_cart(
    csrf_token: str,
    card: str,
    household: dict[str, Any],
    goods: Iterable[dict[str, Any]],
    pin_required: bool,
    idempotency_key: str,
) -> str:
    """The second screen: who it is, what they can spend, and the shelf with quantities.
    The form carries its own Idempotency-Key: pressing twice sells once."""
    shelf = "".join(
        f"""<tr><td>{_e(g["name"])}<br><span class="muted">{_e(g["code"])} · {_e(g["unit"])} · 库存 {_e(g["stock"])}</span></td>
<td>{_e(g["points"])} 分</td>
<td><input name="quantity_{_e(g["goods_id"])}" type="number" min="0" max="{_e(min(g["stock"], 99))}" value="0" style="width:4.5rem"></td></tr>"""
        for g in goods
    )
    pin = (
        '<label for="pin">户密码 Household PIN</label>'
        '<input id="pin" name="pin" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off">'
        if pin_required
        else ""
    )
    return f"""
<div class="box"><p>户 <b>{_e(household["number"])} {_e(household["head_name"])}</b><br>
可用积分 Spendable <b style="font-size:1.4rem">{_e(household["spendable"])}</b>
<span class="muted">· 公示中 pending {_e(household["pending"])}</span></p></div>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="sell">
<input type="hidden" name="card" value="{_e(card)}">
<input type="hidden" name="idempotency_key" value="{_e(idempotency_key)}">
<div class="box"><table><tr><th>商品 goods</th><th>单价 each</th><th>数量 quantity</th></tr>
{shelf or '<tr><td colspan="3" class="muted">货架上没有商品 Nothing on the shelf</td></tr>'}</table></div>
{pin}
<button type="submit">兑换 Redeem</button>
</form>
<form method="get"><button type="submit" class="quiet">换一户 Next household</button></form>"""


def goods_and_stock(
    csrf_token: str,
    community_id: str,
    goods: list[dict[str, Any]],
    catalog_keeper: bool,
    report: dict[str, Any] | None,
) -> str:
    active = [g for g in goods if g["status"] == "active"]
    options = "".join(
        f'<option value="{_e(g["goods_id"])}">{_e(g["code"])} {_e(g["name"])}（库存 {_e(g["stock"])}）</option>'
        for g in active
    )
    rows = "".join(
        f"""<tr><td>{_e(g["code"])}</td><td>{_e(g["name"])}<br><span class="muted">{_e(g["category"])} · {_e(g["unit"])}</span></td>
<td>{_e(g["points"])}</td><td>{"<b class=minus>" if g["stock"] <= g["low_stock_threshold"] else "<b>"}{_e(g["stock"])}</b></td>
<td>{_goods_actions(csrf_token, g) if catalog_keeper and g["status"] == "active" else ("" if g["status"] == "active" else "已下架 retired")}</td></tr>"""
        for g in goods
    )
    stock_forms = f"""
<h2>入库 Receive stock</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="receive">
<label for="receive_goods">商品 Item</label><select id="receive_goods" name="goods_id">{options}</select>
<label for="receive_quantity">数量 Quantity</label><input id="receive_quantity" name="quantity" inputmode="numeric" required>
<label for="source">来源 Source</label>
<select id="source" name="source"><option value="purchase">基金采购 bought with fund money</option>
<option value="donation">捐赠 donated</option><option value="transfer">调拨 transfer</option></select>
<label for="fund_expenditure_seq">基金支出记录号 Fund expenditure entry (bought)</label>
<input id="fund_expenditure_seq" name="fund_expenditure_seq" inputmode="numeric">
<label for="donor">捐赠人 Donor (donated; 匿名 for anonymous)</label><input id="donor" name="donor" maxlength="100">
<label for="receive_note">说明 Note</label><input id="receive_note" name="note" maxlength="500">
<button type="submit">入库 Receive</button>
</form>
<h2>报损 Write off</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="write_off">
<label for="write_off_goods">商品 Item</label><select id="write_off_goods" name="goods_id">{options}</select>
<label for="write_off_quantity">数量 Quantity</label><input id="write_off_quantity" name="quantity" inputmode="numeric" required>
<label for="write_off_reason">原因 Reason</label><input id="write_off_reason" name="reason" required minlength="2" maxlength="500" placeholder="过期 expired">
<button type="submit">报损 Write off</button>
</form>
<h2>盘点 Stock-take</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="count">
<label for="count_goods">商品 Item</label><select id="count_goods" name="goods_id">{options}</select>
<label for="counted">实盘数量 Counted on the shelf</label><input id="counted" name="counted" inputmode="numeric" required>
<label for="count_note">说明 Note</label><input id="count_note" name="note" maxlength="500" placeholder="月末盘点">
<button type="submit">记录盘点 Record</button>
</form>"""
    catalog_forms = (
        f"""
<h2>上架新商品 List an item</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="list">
<label for="code">编码 Code</label><input id="code" name="code" required maxlength="20" placeholder="LY002">
<label for="name">名称 Name</label><input id="name" name="name" required maxlength="100" placeholder="菜籽油 5L">
<label for="category">类别 Category</label><input id="category" name="category" maxlength="40" placeholder="粮油">
<label for="unit">单位 Unit</label><input id="unit" name="unit" maxlength="10" placeholder="桶">
<label for="points">积分 Points</label><input id="points" name="points" required inputmode="numeric">
<button type="submit">上架 List</button>
</form>
{sheet_import(csrf_token, "导入商品目录 Import the catalog (.xlsx / CSV)", report)}
<p><a href="/staff/{_e(community_id)}/goods/catalog.xlsx">下载商品目录 Excel Download the catalog (.xlsx)</a></p>"""
        if catalog_keeper
        else ""
    )
    return f"""
<div class="box"><table><tr><th>编码 code</th><th>商品 item</th><th>积分 points</th><th>库存 stock</th><th></th></tr>
{rows or '<tr><td colspan="5" class="muted">货架上没有商品 Nothing on the shelf</td></tr>'}</table>
<p class="muted">红色：库存不高于预警线 red: at or below the low-stock line</p></div>
{stock_forms if active else ""}{catalog_forms}"""


def _goods_actions(csrf_token: str, goods: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="goods_id" value="{_e(goods["goods_id"])}">
<input name="points" inputmode="numeric" value="{_e(goods["points"])}" aria-label="新积分 new points" style="width:4.5rem">
<button type="submit" name="action" value="reprice" class="quiet">改价 Re-price</button>
<button type="submit" name="action" value="retire" class="quiet">下架 Retire</button>
</form>"""
