"""The goods catalog parser without HTTP or a database: the demo's English headers and the
villages' Chinese ones, categories read in either language, opening stock, and each bad
row reported by row and column."""

from __future__ import annotations

import csv
import io
from importlib import resources

from ledger import limits
from ledger.domain import goods_catalog
from ledger.domain.goods_catalog import GoodsEntry


def _problems(*rows):
    sheet = goods_catalog.parse([["编码", "名称", "积分", "库存", "单位"], *rows])
    return [(problem.row, problem.column) for problem in sheet.problems]


def test_the_demo_catalog_reads_whole():
    text = resources.files("ledger.demo").joinpath("goods.csv").read_text("utf-8")
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text))]
    sheet = goods_catalog.parse(rows)
    assert sheet.problems == []
    assert len(sheet.entries) == len(rows) - 1 == 20
    assert sheet.entries[0] == GoodsEntry(2, "G01", "肥皂", "Bar of soap", "daily", 5, "块", 120)


def test_chinese_headers_and_categories_and_a_missing_stock_read_as_none():
    sheet = goods_catalog.parse(
        [
            ["商品目录"],
            ["商品编码", "商品名称", "分类", "兑换积分", "单位"],
            ["G01", "大米", "粮油", "３０", "袋"],
        ]
    )
    assert sheet.problems == []
    assert sheet.entries == [GoodsEntry(3, "G01", "大米", "", "grain_oil", 30, "袋", 0)]


def test_each_bad_row_is_reported_and_a_repeated_code_names_its_first_row():
    assert _problems(
        ["G01", "肥皂", "5", "", ""],
        ["G02", "牙膏", "零", "", ""],
        ["G01", "香皂", "5", "", ""],
        ["G 3", "毛巾", "5", "", ""],
        ["G04", "", str(limits.GOODS_POINTS_MAX + 1), "-1", "一" * 11],
    ) == [(3, "积分"), (4, "编码"), (5, "编码"), (6, "名称"), (6, "积分"), (6, "库存"), (6, "单位")]
    repeated = goods_catalog.parse([["编码", "名称", "积分"], ["G01", "肥皂", "5"], ["G01", "香皂", "5"]])
    assert repeated.problems[0].problem == "与第 2 行重复"
    assert repeated.entries == [GoodsEntry(2, "G01", "肥皂", "", "", 5, "", 0)]


def test_a_sheet_without_the_required_columns_has_one_problem():
    sheet = goods_catalog.parse([["编码", "名称"], ["G01", "肥皂"]])
    assert sheet.entries == []
    assert [(problem.row, problem.column) for problem in sheet.problems] == [(1, "")]
