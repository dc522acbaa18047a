"""Posters for the village's WeChat group (issue 13, point 7): one tap on the board makes a
phone-sized PNG or PDF of the publicity list, this month's red list or the fund statement,
with the community, the date, the chain head and a QR code of the board — the font embedded,
and nobody's name shown further than the board shows it."""

from __future__ import annotations

import asyncio
import datetime
import io
import re
import shutil
import subprocess

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from ledger.documents import poster as layout
from ledger.store import queries
from ledger.web.posters import _days_left
from tests.api.steps import award_in_publicity
from tests.api.web import log_in, session_cookie
from tests.support import PASSWORD, add_household, add_rule

pytestmark = pytest.mark.anyio


def decoded_qr(image: Image.Image, tmp_path, name: str) -> list[str]:
    """What a real QR reader (zbarimg) reads off the picture."""
    assert shutil.which("zbarimg"), "ops/test installs zbar-tools"
    path = tmp_path / name
    image.save(path)
    answer = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True)
    return answer.stdout.split()


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    return "".join(page.get_textpage().get_text_range() for page in document)


def pdf_page(content: bytes) -> Image.Image:
    return pypdfium2.PdfDocument(io.BytesIO(content))[0].render(scale=4).to_pil()


async def head_of(pool, community) -> tuple[int, str]:
    head = await queries.community(pool, community)
    return head["head_seq"], head["head_hash"].hex()


def title_line(community: str) -> Image.Image:
    """The poster's first line, the community's name, as the bundled font draws it."""
    scale = 1080 / layout.WIDTH_MM
    # From the top of the sheet to just below the line's descenders, above the next line.
    image = Image.new("RGB", (1080, round((layout.MARGIN_MM + 1.2 * layout.TITLE_MM) * scale)), layout.RED)
    font = ImageFont.truetype(layout.font_path(), round(layout.TITLE_MM * scale))
    baseline = (layout.MARGIN_MM + layout.ASCENT * layout.TITLE_MM) * scale
    ImageDraw.Draw(image).text((layout.MARGIN_MM * scale, baseline), community, "#ffffff", font, "ls")
    return image


def differing_pixels(first: Image.Image, second: Image.Image) -> int:
    difference = ImageChops.difference(first.convert("L"), second.convert("L"))
    return sum(difference.histogram()[65:])  # pixels whose grey differs by more than a quarter


async def test_the_publicity_poster_shows_who_what_points_and_days_left_masked(
    pool, client, staffed, tmp_path
):
    community = staffed.village.community_id
    posted = await add_household(pool, staffed.village, "1-001", "李秀英")
    await award_in_publicity(client, staffed, posted, points=50, name="子女考上大学", days=5)
    seq, hash_hex = await head_of(pool, community)
    board_url = f"{client.base_url}/board/{community}"  # no LEDGER_PUBLIC_URL: where the request came

    pdf = await client.get(f"/board/{community}/poster/publicity.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    name = (await queries.community(pool, community))["name"]
    assert name in text and "公示栏" in text
    assert "1-001 李*英" in text and "李秀英" not in text
    assert "P50 子女考上大学" in text and "+50" in text
    assert "公示还剩 5 天" in text
    assert f"本村记录共 {seq} 条" in text and f"{hash_hex[:8]} {hash_hex[8:16]}" in text
    assert decoded_qr(pdf_page(pdf.content), tmp_path, "publicity-pdf.png") == [board_url]

    png = await client.get(f"/board/{community}/poster/publicity.png")
    assert png.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(png.content))
    assert picture.width == 1080 and picture.height >= 1920  # a phone's 9:16 at the least
    assert decoded_qr(picture, tmp_path, "publicity.png") == [board_url]


async def test_the_png_draws_chinese_glyphs_not_empty_boxes(pool, client, staffed):
    community = staffed.village.community_id
    name = (await queries.community(pool, community))["name"]
    png = await client.get(f"/board/{community}/poster/publicity.png")
    picture = Image.open(io.BytesIO(png.content)).convert("RGB")
    expected = title_line(name)
    drawn = picture.crop((0, 0, expected.width, expected.height))
    # The community's name is there, drawn as the font draws it (a few pixels of anti-aliasing
    # apart at most) …
    assert differing_pixels(drawn, expected) < 50
    # … and a line of missing-glyph boxes, or no line at all, would look otherwise.
    assert differing_pixels(drawn, title_line("□" * len(name))) > 1000
    assert differing_pixels(drawn, Image.new("RGB", drawn.size, layout.RED)) > 1000


async def test_the_pdf_embeds_its_chinese_font(client, staffed):
    pdf = await client.get(f"/board/{staffed.village.community_id}/poster/red-list.pdf")
    assert pdf.status_code == 200
    # A TrueType font embedded (the font descriptor's FontFile2), as a subset of the glyphs
    # used (a six-letter tag before its name) — not a CID font the reader is left to find.
    assert b"/FontFile2" in pdf.content
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", pdf.content)
    assert b"STSong" not in pdf.content


async def test_the_red_list_poster_lists_this_months_red_list_and_never_the_black(pool, client, staffed):
    community = staffed.village.community_id
    committee = staffed.auth("committee")
    good = await add_household(pool, staffed.village, "1-002", "王建国")
    bad = await add_household(pool, staffed.village, "1-003", "赵铁柱")
    for household, points in ((good, 5), (bad, -3)):
        rule = await add_rule(pool, staffed.village, f"R{points}", points)
        answer = await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(household), "rule_id": str(rule)},
            headers=committee,
        )
        assert answer.status_code == 201, answer.text
    text = pdf_text((await client.get(f"/board/{community}/poster/red-list.pdf")).content)
    assert "本月红榜" in text
    assert "1. 1-002 王*国" in text and "+5" in text and "王建国" not in text
    assert "赵" not in text  # a deduction is the black list's, and there is no black-list poster
    assert (await client.get(f"/board/{community}/poster/black-list.png")).status_code == 404


async def test_the_fund_poster_shows_money_in_and_out_with_households_masked(pool, client, staffed):
    community = staffed.village.community_id
    committee = staffed.auth("committee")
    donor = await add_household(pool, staffed.village, "1-001", "李秀英")
    for path, body in (
        (
            "contributions",
            {"source": "household", "household_id": str(donor), "amount_fen": 20_000, "method": "cash"},
        ),
        (
            "contributions",
            {"source": "government", "donor": "镇政府", "amount_fen": 100_000, "method": "transfer"},
        ),
        ("expenditures", {"amount_fen": 5_050, "purpose": "慰问困难户", "payee": "村卫生室"}),
    ):
        answer = await client.post(f"{staffed.api}/fund/{path}", json=body, headers=committee)
        assert answer.status_code == 201, answer.text
    seq, _ = await head_of(pool, community)
    text = pdf_text((await client.get(f"/board/{community}/poster/fund.pdf")).content)
    assert "幸福基金收支公示" in text
    assert "本月收入 1,200.00 元，支出 50.50 元" in text and "期末余额 1,149.50 元" in text
    assert "1-001 李*英" in text and "李秀英" not in text
    assert "镇政府" in text and "慰问困难户" in text and "−50.50" in text
    assert f"本村记录共 {seq} 条" in text


async def test_a_poster_in_english_when_the_reader_asks(client, staffed):
    answer = await client.get(
        f"/board/{staffed.village.community_id}/poster/fund.pdf", headers={"Accept-Language": "en"}
    )
    text = pdf_text(answer.content)
    assert "Happiness fund" in text and "Scan to open" in text


async def test_no_such_poster_or_community_is_a_404_problem(client, staffed):
    community = staffed.village.community_id
    for path in (
        f"/board/{community}/poster/publicity.gif",
        f"/board/{community}/poster/everyone.png",
        f"/board/{community}/poster/publicity",
        "/board/00000000-0000-4000-8000-000000000000/poster/publicity.png",
    ):
        answer = await client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json"), path
        assert answer.json()["code"] == "not_found", path


async def test_the_board_and_the_staff_home_link_each_poster(client, staffed):
    community = staffed.village.community_id
    board = await client.get(f"/board/{community}")
    cookie = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    home = await client.get("/staff", headers=cookie)
    for kind in ("publicity", "red-list", "fund"):
        for suffix in ("png", "pdf"):
            link = f'href="/board/{community}/poster/{kind}.{suffix}"'
            assert link in board.text and link in home.text


async def test_the_qr_code_carries_the_address_phones_open(pool, client, staffed, tmp_path):
    """As on the cards: LEDGER_PUBLIC_URL when set, else the address the request came to —
    here the office machine's address on the village Wi-Fi."""
    community = staffed.village.community_id
    png = await client.get(f"/board/{community}/poster/red-list.png", headers={"Host": "192.168.1.20:8000"})
    picture = Image.open(io.BytesIO(png.content))
    assert decoded_qr(picture, tmp_path, "lan.png") == [f"http://192.168.1.20:8000/board/{community}"]


async def test_a_staff_household_is_marked_on_the_publicity_poster_as_on_the_board(pool, client, staffed):
    community = staffed.village.community_id
    committee = staffed.auth("committee")
    home = await add_household(pool, staffed.village, "2-001", "钱卫东")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": 3}, headers=committee)
    rule = await client.post(
        f"{staffed.api}/rules",
        json={"code": "R14", "name": "见义勇为", "points": 50, "needs_publicity": True},
        headers=committee,
    )
    linked = await client.post(
        f"{staffed.api}/my-households",
        json={"household_id": str(home), "kind": "own"},
        headers=staffed.auth("scorer"),
    )
    assert linked.json() == {"linked": True}
    proposal = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": rule.json()["id"], "household_ids": [str(home)]},
        headers=committee,
    )
    decided = await client.post(
        f"{staffed.api}/proposals/{proposal.json()['proposal_ids'][0]}/decision",
        json={"approve": True},
        headers=staffed.auth("supervisor"),
    )
    assert decided.status_code in (200, 201), decided.text
    text = pdf_text((await client.get(f"/board/{community}/poster/publicity.pdf")).content)
    assert "2-001 钱*东" in text and "工作人员户" in text and "钱卫东" not in text


async def test_posters_asked_for_at_once_each_come_whole(pool, client, staffed):
    """The group's members tap at once: every answer a whole poster, each PDF with its font."""
    community = staffed.village.community_id
    name = (await queries.community(pool, community))["name"]
    paths = [
        f"/board/{community}/poster/{kind}.{suffix}"
        for kind in ("publicity", "fund")
        for suffix in ("pdf", "png")
    ]
    answers = await asyncio.gather(*(client.get(path) for path in paths * 3))
    assert [answer.status_code for answer in answers] == [200] * len(answers)
    for answer in answers:
        if answer.headers["content-type"] == "application/pdf":
            assert name in pdf_text(answer.content) and b"/FontFile2" in answer.content
        else:
            assert Image.open(io.BytesIO(answer.content)).width == 1080


async def test_days_left_count_to_the_last_day_of_publicity():
    today = datetime.date(2026, 12, 2)
    assert _days_left("2026-12-05", today) == "公示还剩 3 天（至 2026-12-05）"
    assert _days_left("2026-12-02", today) == "今天是公示最后一天（2026-12-02）"  # confirmed tomorrow
