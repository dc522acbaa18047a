"""The shelf and the happiness fund over HTTP."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from ledger.store import integrity, queries
from tests.support import add_goods, add_household, community_today, give_points, last_month, redeem

pytestmark = pytest.mark.anyio


async def test_a_sale_keeps_the_price_it_was_made_at(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    before = await redeem(pool, village.community_id, household, [(soap, 2)])
    repriced = await client.patch(
        f"{staffed.api}/goods/{soap}", json={"points": 8}, headers=staffed.auth("committee")
    )
    after = await redeem(pool, village.community_id, household, [(soap, 2)])
    assert repriced.json() == {"changed": True}
    assert (before["points"], after["points"]) == (10, 16)
    events = (await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("supervisor"))).json()
    sale = next(e for e in events["events"] if e["seq"] == before["event_seq"])
    assert sale["body"]["lines"][0]["points_each"] == 5


async def test_a_retired_item_cannot_be_sold(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 100)
    soap = await add_goods(pool, staffed.village, "G01", 5, 10)
    await client.patch(
        f"{staffed.api}/goods/{soap}", json={"status": "retired"}, headers=staffed.auth("committee")
    )
    answer = await client.post(
        f"{staffed.api}/redemptions",
        json={"household_id": str(household), "lines": [{"goods_id": str(soap), "quantity": 1}]},
        headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "goods_retired"


async def test_write_offs_and_stock_takes_move_stock_and_the_low_stock_list(pool, client, staffed):
    soap = await add_goods(pool, staffed.village, "G01", 5, 10)
    oil = await add_goods(pool, staffed.village, "G11", 85, 20)
    too_many = await client.post(
        f"{staffed.api}/stock-write-offs",
        json={"goods_id": str(soap), "quantity": 11, "reason": "受潮"},
        headers=staffed.auth("counter"),
    )
    written = await client.post(
        f"{staffed.api}/stock-write-offs",
        json={"goods_id": str(soap), "quantity": 4, "reason": "受潮变质"},
        headers=staffed.auth("counter"),
    )
    counted = await client.post(
        f"{staffed.api}/stock-counts",
        json={"goods_id": str(soap), "counted": 3},
        headers=staffed.auth("counter"),
    )
    assert too_many.json()["code"] == "insufficient_stock"
    assert written.json()["stock_after"] == 6
    assert (counted.json()["difference"], counted.json()["stock_after"]) == (-3, 3)
    low = (await client.get(f"{staffed.api}/goods/low-stock", headers=staffed.auth("scorer"))).json()
    assert [item["code"] for item in low] == ["G01"]
    await client.patch(
        f"{staffed.api}/goods/{oil}", json={"low_stock_threshold": 25}, headers=staffed.auth("committee")
    )
    low = (await client.get(f"{staffed.api}/goods/low-stock", headers=staffed.auth("scorer"))).json()
    assert [item["code"] for item in low] == ["G01", "G11"]
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_the_fund_takes_gifts_pays_out_never_below_zero_and_gives_points(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    fund = f"{staffed.api}/fund"
    committee = staffed.auth("committee")
    gift = await client.post(
        f"{fund}/contributions",
        json={
            "source": "household",
            "household_id": str(household),
            "amount_fen": 25_050,
            "method": "cash",
            "occurred_on": last_month(3).isoformat(),
        },
        headers=committee,
    )
    company = await client.post(
        f"{fund}/contributions",
        json={
            "source": "enterprise",
            "donor": "示范农业合作社",
            "amount_fen": 500_000,
            "method": "transfer",
            "occurred_on": last_month(5).isoformat(),
        },
        headers=committee,
    )
    too_much = await client.post(
        f"{fund}/expenditures",
        json={"amount_fen": 10_000_000, "purpose": "采购物资", "payee": "镇供销社"},
        headers=committee,
    )
    spent = await client.post(
        f"{fund}/expenditures",
        json={
            "amount_fen": 300_000,
            "purpose": "采购物资",
            "payee": "镇供销社",
            "occurred_on": last_month(20).isoformat(),
        },
        headers=committee,
    )
    assert gift.json()["points"] == 25  # 250.50 yuan at 10 points per 100 yuan: 25 whole points
    assert company.json()["points"] == 0
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_funds"
    assert spent.json()["balance_fen"] == 225_050
    balance = await queries.household(pool, staffed.village.community_id, household)
    assert (balance["spendable"], balance["honour"]) == (25, 25)
    bad = await client.post(
        f"{fund}/contributions",
        json={"source": "household", "amount_fen": 100, "method": "cash"},
        headers=committee,
    )
    assert bad.status_code == 400

    month, following = last_month(1).strftime("%Y-%m"), community_today().strftime("%Y-%m")
    statement = (await client.get(f"{fund}/statements/{month}", headers=staffed.auth("supervisor"))).json()
    assert (statement["opening_balance_fen"], statement["in_fen"], statement["out_fen"]) == (
        0,
        525_050,
        300_000,
    )
    assert statement["closing_balance_fen"] == 225_050
    assert statement["in_by_source"] == {"enterprise": 500_000, "household": 25_050}
    assert statement["out_by_purpose"] == {"采购物资": 300_000}
    # Each donor named: the household as on the public board (number, masked head), the others as given.
    assert [entry["party"] for entry in statement["entries"]] == ["001 张*明", "示范农业合作社", "镇供销社"]
    after = (await client.get(f"{fund}/statements/{following}", headers=staffed.auth("supervisor"))).json()
    assert after["opening_balance_fen"] == 225_050
    workbook = await client.get(f"{fund}/statements/{month}?format=xlsx", headers=staffed.auth("committee"))
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert rows[4][:2] == ("期末余额（元）", 2250.5)
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_stock_bought_with_the_fund_names_the_expenditure(pool, client, staffed):
    soap = await add_goods(pool, staffed.village, "G01", 5, 0)
    committee = staffed.auth("committee")
    await client.post(
        f"{staffed.api}/fund/contributions",
        json={"source": "government", "donor": "镇政府", "amount_fen": 100_000, "method": "transfer"},
        headers=committee,
    )
    spent = (
        await client.post(
            f"{staffed.api}/fund/expenditures",
            json={"amount_fen": 50_000, "purpose": "采购肥皂", "payee": "供销社"},
            headers=committee,
        )
    ).json()
    wrong = await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 100, "fund_expenditure_seq": 1},
        headers=staffed.auth("counter"),
    )
    right = await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 100, "fund_expenditure_seq": spent["event_seq"]},
        headers=staffed.auth("counter"),
    )
    donated = await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 20, "source": "donation", "donor": "爱心人士"},
        headers=staffed.auth("counter"),
    )
    nameless = await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 1, "source": "donation"},
        headers=staffed.auth("counter"),
    )
    assert nameless.status_code == 400
    assert wrong.status_code == 404
    assert right.json()["fund_expenditure_seq"] == spent["event_seq"]
    assert donated.json()["stock_after"] == 120


@pytest.mark.parametrize("month", ["2026-13", "1999-01", "2026-1", "abcd-ef"])
async def test_a_statement_month_must_be_a_real_month(client, staffed, month):
    answer = await client.get(f"{staffed.api}/fund/statements/{month}", headers=staffed.auth("committee"))
    assert answer.status_code == 400


async def test_the_reconciliation_adds_up_and_names_what_does_not(pool, owner, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    await give_points(pool, village, household, -10)
    soap = await add_goods(pool, village, "G01", 5, 0)
    committee = staffed.auth("committee")
    await client.post(
        f"{staffed.api}/fund/contributions",
        json={"source": "household", "household_id": str(household), "amount_fen": 20_000, "method": "cash"},
        headers=committee,
    )
    spent = (
        await client.post(
            f"{staffed.api}/fund/expenditures",
            json={"amount_fen": 10_000, "purpose": "采购肥皂", "payee": "供销社"},
            headers=committee,
        )
    ).json()
    await client.post(
        f"{staffed.api}/fund/expenditures",
        json={"amount_fen": 5_000, "purpose": "慰问困难户", "payee": "李大爷"},
        headers=committee,
    )
    await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 30, "fund_expenditure_seq": spent["event_seq"]},
        headers=committee,
    )
    await client.post(
        f"{staffed.api}/stock-write-offs",
        json={"goods_id": str(soap), "quantity": 2, "reason": "破损"},
        headers=committee,
    )
    first = await redeem(pool, village.community_id, household, [(soap, 4)])
    await redeem(pool, village.community_id, household, [(soap, 1)])
    await client.post(
        f"{staffed.api}/reversals",
        json={"event_seq": first["event_seq"], "reason": "退货"},
        headers=staffed.auth("supervisor"),
    )

    clean = (await client.get(f"{staffed.api}/reconciliation", headers=staffed.auth("supervisor"))).json()
    assert clean["ok"] is True, clean["mismatches"]
    assert clean["points"] == {
        "issued": 120,
        "deducted": 10,
        "redeemed": 25,
        "returned_by_reversals": 20,
        "expired": 0,
        "carried_in": 0,  # nothing carried over from paper here
        "outstanding": 105,
    }
    assert clean["stock"]["goods"][0] | {"goods_id": None} == {
        "goods_id": None,
        "code": "G01",
        "name": "商品G01",
        "received": 30,
        "redeemed": 5,
        "returned": 4,
        "written_off": 2,
        "counted_difference": 0,
        "stock": 27,
        "value_points": 135,
    }
    assert clean["fund"]["balance_fen"] == 5_000
    assert [e["stock_receipts"] for e in clean["fund"]["expenditures"]] == [1, 0]

    await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(soap), "quantity": 5},
        headers=staffed.auth("counter"),
    )
    await owner.execute("UPDATE goods_stock SET stock = stock + 7 WHERE goods_id = $1", soap)
    await owner.execute(
        "UPDATE household_balances SET spendable = spendable + 1 WHERE household_id = $1", household
    )
    doctored = (await client.get(f"{staffed.api}/reconciliation", headers=staffed.auth("committee"))).json()
    assert doctored["ok"] is False
    assert len(doctored["mismatches"]) == 3
    assert any(
        "points outstanding: households hold 106, the log adds up to 105" in m for m in doctored["mismatches"]
    )
    assert any("stock of G01" in m and "39" in m and "32" in m for m in doctored["mismatches"])
    assert any("names no fund expenditure" in m for m in doctored["mismatches"])


async def test_the_demo_catalog_imports_once_and_exports_back(pool, client, staffed):
    from importlib import resources

    content = resources.files("ledger.demo").joinpath("goods.csv").read_bytes()
    headers = {**staffed.auth("committee"), "Content-Type": "text/csv"}
    first = (await client.post(f"{staffed.api}/goods/catalog", content=content, headers=headers)).json()
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (await client.post(f"{staffed.api}/goods/catalog", content=content, headers=headers)).json()
    assert (first["listed"], first["changed"]) == (20, 0)
    assert (again["listed"], again["changed"]) == (0, 0)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    goods = {row["code"]: row for row in await queries.goods(pool, staffed.village.community_id)}
    assert (goods["G19"]["name"], goods["G19"]["points"], goods["G19"]["stock"]) == ("电压力锅", 210, 3)

    exported = await client.get(f"{staffed.api}/goods/catalog.xlsx", headers=staffed.auth("counter"))
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("编码", "名称", "英文名", "类别", "积分", "单位", "库存")
    repriced = exported.content  # the same sheet with one price changed reads back as one change
    workbook = openpyxl.load_workbook(io.BytesIO(repriced))
    workbook.active["E2"] = 6
    out = io.BytesIO()
    workbook.save(out)
    changed = (
        await client.post(
            f"{staffed.api}/goods/catalog",
            content=out.getvalue(),
            headers={**staffed.auth("committee"), "Content-Type": "application/octet-stream"},
        )
    ).json()
    assert (changed["listed"], changed["changed"]) == (0, 1)


async def test_a_catalog_with_a_bad_row_imports_nothing(pool, client, staffed):
    content = "编码,名称,积分\nG01,肥皂,5\nG02,牙膏,零\nG01,香皂,5\n".encode()
    answer = await client.post(
        f"{staffed.api}/goods/catalog",
        content=content,
        headers={**staffed.auth("committee"), "Content-Type": "text/csv"},
    )
    assert answer.status_code == 400
    assert [(p["row"], p["column"]) for p in answer.json()["problems"]] == [(3, "积分"), (4, "编码")]
    assert await queries.goods(pool, staffed.village.community_id) == []


def _jpeg_with_location() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (3000, 2000), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (30.0, 15.0, 0.0), 4: (114.0, 18.0, 0.0)}  # GPS latitude and longitude
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


async def test_a_goods_photo_is_re_encoded_without_its_location(pool, client, staffed):
    from PIL import Image

    soap = await add_goods(pool, staffed.village, "G01", 5, 1)
    upload = _jpeg_with_location()
    assert b"PhoneMaker" in upload
    stored = await client.post(
        f"{staffed.api}/goods/{soap}/photo",
        content=upload,
        headers={**staffed.auth("committee"), "Content-Type": "image/jpeg"},
    )
    assert stored.status_code == 204
    served = await client.get(f"{staffed.api}/goods/{soap}/photo", headers=staffed.auth("counter"))
    assert served.headers["content-type"] == "image/jpeg"
    assert b"PhoneMaker" not in served.content
    with Image.open(io.BytesIO(served.content)) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    events = (await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("supervisor"))).json()
    import hashlib

    photo_events = [e for e in events["events"] if "photo" in e["body"].get("changes", {})]
    assert photo_events[0]["body"]["changes"]["photo"]["sha256"] == hashlib.sha256(served.content).hexdigest()


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"", 400),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 400),
        (b"\xff\xd8\xff\xe0 broken jpeg", 400),
        (b"GIF89a" + b"\x00" * 100, 400),
        (b"\x00" * (4 * 1024 * 1024), 413),
    ],
)
async def test_what_is_not_an_image_is_refused(pool, client, staffed, content, status):
    soap = await add_goods(pool, staffed.village, "G01", 5, 1)
    answer = await client.post(
        f"{staffed.api}/goods/{soap}/photo",
        content=content,
        headers={**staffed.auth("committee"), "Content-Type": "image/jpeg"},
    )
    assert answer.status_code == status
    missing = await client.get(f"{staffed.api}/goods/{soap}/photo", headers=staffed.auth("counter"))
    assert missing.status_code == 404
