"""The poster's layout, without a server: lines wrap inside the margins, a long list makes a
longer sheet (never shorter than a phone's 9:16), and both painters draw what it lays out."""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

from ledger.documents import poster_drawing
from ledger.documents.poster import (
    HEIGHT_MIN_MM,
    MARGIN_MM,
    WIDTH_MM,
    Code,
    Poster,
    PosterRow,
    Text,
    laid_out,
    text_width,
    wrapped,
)


def a_poster(rows: int, **changes: object) -> Poster:
    fields: dict[str, object] = {
        "community": "示范村",
        "title": "公示栏 · 公示中",
        "made_on": "2026-12-02",
        "dated": "2026-12-02 制作",
        "board_url": "http://192.168.1.20:8000/board/6f1c7a2e-3b7d-4c1e-9f00-1d2e3f405162",
        "scan_hint": "扫码打开本村公示栏，核对或提出异议",
        "chain": "本村记录共 566 条，最新记录指纹 1a2b3c4d 5e6f7a8b…：与旧的打印凭证对照，可知记录是否被改过",
        "rows": tuple(
            PosterRow(f"1-{n:03d} 李*英", "+50", 50, ("P50 子女考上大学", "公示还剩 3 天（至 2026-12-05）"))
            for n in range(1, rows + 1)
        ),
        "empty": "目前没有公示内容",
    }
    return Poster(**{**fields, **changes})


def test_a_line_wraps_inside_the_margins_and_a_long_one_ends_in_an_ellipsis():
    width = WIDTH_MM - 2 * MARGIN_MM
    sentence = "村民积极参加人居环境整治，主动清理房前屋后的杂物，带动邻里共同维护村庄整洁" * 3
    lines = wrapped(sentence, 3.0, width, lines_max=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line, 3.0) <= width + 3.0 for line in lines)  # punctuation may hang
    assert not any(line.startswith(("，", "。", "：")) for line in lines)
    address = "http://192.168.1.20:8000/board/6f1c7a2e-3b7d-4c1e-9f00-1d2e3f405162"
    assert "".join(wrapped(address, 2.6, 40, lines_max=9)) == address  # broken, nothing lost


def test_a_short_list_fills_a_phone_screen_and_a_long_one_makes_a_longer_sheet():
    short, long = laid_out(a_poster(1)), laid_out(a_poster(25))
    assert short.height == HEIGHT_MIN_MM
    assert long.height > HEIGHT_MIN_MM
    for sheet in (short, long):
        code = next(drawing for drawing in sheet.drawings if isinstance(drawing, Code))
        texts = [drawing for drawing in sheet.drawings if isinstance(drawing, Text)]
        assert code.y + code.size <= sheet.height - MARGIN_MM  # the QR code is on the sheet
        assert max(text.baseline for text in texts) <= sheet.height


def test_an_empty_list_says_so():
    texts = [d.text for d in laid_out(a_poster(0)).drawings if isinstance(d, Text)]
    assert "目前没有公示内容" in texts


def test_the_picture_and_the_pdf_are_the_same_size_of_sheet():
    sheet = laid_out(a_poster(12))
    picture = Image.open(io.BytesIO(poster_drawing.png(sheet)))
    page = pypdfium2.PdfDocument(io.BytesIO(poster_drawing.pdf(sheet, "示范村 公示")))[0]
    width_points, height_points = page.get_size()
    assert picture.width == 1080
    assert abs(picture.height / picture.width - height_points / width_points) < 0.002
    assert abs(width_points / 72 * 25.4 - WIDTH_MM) < 0.1
