"""Printable card sheets: A4, eight cards a page (two across, four down), each with its QR
code (segno), the community's name, the household's number and masked name, and the
short code for typing in by hand. As HTML with print CSS, and as PDF (reportlab)."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from typing import Any

import segno

from ledger.services.households import CardsToPrint, PrintedCard

CARDS_PER_PAGE = 8
COLUMNS = 2


def _qr(url: str) -> segno.QRCode:
    # Error correction M survives a scuffed card; the URL is short enough for a small code.
    return segno.make_qr(url, error="m")


@dataclass(frozen=True, slots=True)
class CardSheet:
    """The sheet of the cards a service has just issued (their tokens are in it only)."""

    printed: CardsToPrint

    def pages(self) -> list[list[PrintedCard]]:
        cards = self.printed.cards
        return [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]

    def html(self) -> str:
        community = html.escape(self.printed.community_name)
        pages = []
        for page in self.pages():
            cells = "".join(
                f"""<div class="card">
<div class="qr">{_qr(card.url).svg_inline(scale=3, border=2)}</div>
<div class="text"><div class="community">{community}</div>
<div class="title">爱心积分卡<br><small>Points card</small></div>
<div class="who">{html.escape(card.household_number)} · {html.escape(card.masked_name)}</div>
<div class="code">{html.escape(card.short_code)}</div>
<div class="hint">扫码查看积分<br>Scan to see your points</div></div>
</div>"""
                for card in page
            )
            pages.append(f'<section class="page">{cells}</section>')
        return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>积分卡 · {community}</title>
<style>
@page {{ size: A4; margin: 10mm; }}
body {{ margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }}
.page {{ width: 190mm; height: 277mm; display: grid; grid-template-columns: 1fr 1fr;
        grid-template-rows: repeat(4, 1fr); gap: 3mm; page-break-after: always; }}
.card {{ border: 0.3mm dashed #999; display: flex; align-items: center; padding: 3mm; gap: 3mm; }}
.qr svg {{ width: 38mm; height: 38mm; }}
.community {{ font-weight: bold; font-size: 12pt; }}
.title {{ color: #c0392b; font-size: 11pt; margin: 1mm 0; }}
.who {{ font-size: 11pt; }}
.code {{ font-family: monospace; font-size: 14pt; letter-spacing: 0.5mm; margin: 1mm 0; }}
.hint {{ font-size: 8pt; color: #555; }}
@media screen {{ body {{ background: #eee; }} .page {{ background: #fff; margin: 5mm auto; padding: 10mm; }} }}
</style></head><body>{"".join(pages)}</body></html>"""

    def pdf(self) -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        # A CID font every PDF reader has for Simplified Chinese: nothing to embed or ship.
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=A4)
        pdf.setTitle(f"积分卡 · {self.printed.community_name}")
        page_width, page_height = A4
        margin = 10 * mm
        card_width = (page_width - 2 * margin) / COLUMNS
        card_height = (page_height - 2 * margin) / (CARDS_PER_PAGE // COLUMNS)
        for page in self.pages():
            for index, card in enumerate(page):
                column, row = index % COLUMNS, index // COLUMNS
                left = margin + column * card_width
                top = page_height - margin - row * card_height
                pdf.setDash(2, 2)
                pdf.setStrokeGray(0.6)
                pdf.rect(left, top - card_height, card_width, card_height)
                pdf.setDash()
                self._draw_qr(pdf, card.url, left + 4 * mm, top - card_height / 2 - 20 * mm, 40 * mm)
                text_left = left + 48 * mm
                pdf.setFillGray(0)
                pdf.setFont("STSong-Light", 12)
                pdf.drawString(text_left, top - 16 * mm, self.printed.community_name)
                pdf.setFillColorRGB(0.75, 0.22, 0.17)
                pdf.drawString(text_left, top - 23 * mm, "爱心积分卡 Points card")
                pdf.setFillGray(0)
                pdf.setFont("STSong-Light", 11)
                pdf.drawString(text_left, top - 31 * mm, f"{card.household_number} · {card.masked_name}")
                pdf.setFont("Courier-Bold", 14)
                pdf.drawString(text_left, top - 40 * mm, card.short_code)
                pdf.setFont("STSong-Light", 8)
                pdf.drawString(text_left, top - 47 * mm, "扫码查看积分 Scan to see your points")
            pdf.showPage()
        pdf.save()
        return out.getvalue()

    @staticmethod
    def _draw_qr(pdf: Any, url: str, left: float, bottom: float, size: float) -> None:
        matrix = [list(row) for row in _qr(url).matrix_iter(scale=1, border=4)]
        module = size / len(matrix)
        pdf.setFillGray(0)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    pdf.rect(
                        left + x * module, bottom + size - (y + 1) * module, module, module, stroke=0, fill=1
                    )
