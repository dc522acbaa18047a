"""The goods catalog as a sheet (the demo's goods.csv has this shape): one row per item,
checked row by row, like the roster; read into `ParsedSheet` entries."""

from __future__ import annotations

from dataclasses import dataclass

from ledger import limits
from ledger.domain.sheet_import import ParsedSheet
from ledger.domain.spreadsheet import RowProblem, check_code, clean, data_rows, find_header

HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("编码", "商品编码", "编号", "code"),
    "name": ("名称", "商品名称", "name_zh", "name"),
    "name_en": ("英文名", "英文名称", "name_en"),
    "category": ("类别", "分类", "category"),
    "points": ("积分", "兑换积分", "所需积分", "points"),
    "unit": ("单位", "unit"),
    "stock": ("库存", "期初库存", "数量", "stock"),
}
REQUIRED = ("code", "name", "points")
EXPORT_HEADERS = ("编码", "名称", "英文名", "类别", "积分", "单位", "库存")
CATEGORIES = {
    "粮油": "grain_oil",
    "日用": "daily",
    "日用品": "daily",
    "衣物": "clothing",
    "农资": "farm",
    "服务": "service",
    "家电": "appliance",
    "其他": "other",
}


@dataclass(frozen=True, slots=True)
class GoodsEntry:
    row: int
    code: str
    name: str
    name_en: str
    category: str
    points: int
    unit: str
    stock: int  # opening stock, for an item listed by this import


def parse(rows: list[list[object]]) -> ParsedSheet[GoodsEntry]:
    text = [[clean(cell) for cell in row] for row in rows]
    header = find_header(text, HEADERS, REQUIRED)
    if header is None:
        return ParsedSheet.refused(
            RowProblem(1, "", "", "找不到表头：需要 编码、名称、积分 这几列 (header row not found)")
        )
    header_index, columns = header
    entries: list[GoodsEntry] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for row in data_rows(text, header_index, columns, HEADERS, problems):
        cell, problem, number = row.cell, row.problem, row.number
        check_code(row, seen)
        if not 1 <= len(cell("name")) <= limits.TITLE_LENGTH_MAX:
            problem("name", "必填，最多 100 字 (required, at most 100 characters)")
        points = cell("points")
        if not points.isdigit() or not 1 <= int(points) <= limits.GOODS_POINTS_MAX:
            problem("points", f"积分为 1–{limits.GOODS_POINTS_MAX} 的整数 (whole points)")
        stock = cell("stock") or "0"
        if not stock.isdigit() or int(stock) > limits.STOCK_RECEIPT_QUANTITY_MAX:
            problem("stock", "库存为非负整数 (a whole number)")
        if len(cell("unit")) > 10 or len(cell("name_en")) > 200 or len(cell("category")) > 40:
            problem("unit", "单位、英文名或类别太长 (too long)")
        if row.ok:
            entries.append(
                GoodsEntry(
                    number,
                    cell("code"),
                    cell("name"),
                    cell("name_en"),
                    CATEGORIES.get(cell("category"), cell("category")),
                    int(points),
                    cell("unit"),
                    int(stock),
                )
            )
    return ParsedSheet(entries, problems)
