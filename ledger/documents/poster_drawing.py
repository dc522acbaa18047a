"""The poster's drawings painted: as a PNG 1,080 px wide (Pillow) and as a one-page PDF
(reportlab). Both carry the Chinese font themselves — the PNG as pixels, the PDF with the
font's used glyphs embedded (a TrueType subset, FontFile2) — so a phone without Chinese
fonts, or a PDF reader without the Adobe CID packs, shows the same poster."""

from __future__ import annotations

import io
import threading
from functools import cache
from typing import TYPE_CHECKING

import segno
from PIL import Image, ImageDraw, ImageFont

from ledger.documents.poster import PAPER, WHITE, Box, Code, Sheet, Text, font_path

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PNG_WIDTH_PX = 1080
PNG_COLOURS = 64
PDF_FONT_NAME = "NotoSansSC-Poster"
QR_BORDER_MODULES = 4  # the quiet zone a reader needs around the code
POINTS_PER_MM = 72 / 25.4

# reportlab's font registry is one per process, and so is this font's entry in it, which
# keeps each document's subset of glyphs while it is drawn: one PDF poster at a time.
_registering = threading.Lock()
_drawing_pdf = threading.Lock()


def _qr_modules(url: str) -> tuple[list[tuple[int, int]], int]:
    """The dark modules of the code (column, row) and its side in modules, quiet zone
    included. Error correction M: a picture posted in a chat is recompressed."""
    code = segno.make_qr(url, error="m")
    dark = [
        (column, row)
        for row, line in enumerate(code.matrix_iter(scale=1, border=QR_BORDER_MODULES))
        for column, module in enumerate(line)
        if module
    ]
    return dark, int(code.symbol_size(scale=1, border=QR_BORDER_MODULES)[0])


@cache
def _pixel_font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size_px)


def png(sheet: Sheet) -> bytes:
    scale = PNG_WIDTH_PX / sheet.width  # pixels per mm
    image = Image.new("RGB", (PNG_WIDTH_PX, round(sheet.height * scale)), PAPER)
    draw = ImageDraw.Draw(image)
    for drawing in sheet.drawings:
        if isinstance(drawing, Box):
            x, y = drawing.x * scale, drawing.y * scale
            draw.rectangle(
                (x, y, x + drawing.width * scale, y + max(drawing.height * scale, 1) - 1), fill=drawing.colour
            )
        elif isinstance(drawing, Text):
            anchor = "rs" if drawing.align == "right" else "ls"
            font = _pixel_font(round(drawing.size * scale))
            draw.text(
                (drawing.x * scale, drawing.baseline * scale), drawing.text, drawing.colour, font, anchor
            )
        else:
            _png_code(draw, drawing, scale)
    out = io.BytesIO()
    # A few dozen colours are all a poster has (paper, ink, red, green and their edges): as a
    # palette picture it is a third the size, for a phone on a village's mobile signal.
    image.quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


def _png_code(draw: ImageDraw.ImageDraw, code: Code, scale: float) -> None:
    dark, side = _qr_modules(code.url)
    module = int(code.size * scale // side)  # whole pixels a module: sharp edges for the reader
    x, y = round(code.x * scale), round(code.y * scale)
    draw.rectangle((x, y, x + side * module - 1, y + side * module - 1), fill=WHITE)
    for column, row in dark:
        left, top = x + column * module, y + row * module
        draw.rectangle((left, top, left + module - 1, top + module - 1), fill="#000000")


def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _registering:
        if PDF_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            # A TrueType font, so reportlab embeds the glyphs the poster uses; the CID font
            # STSong-Light would name a font the reader must have, and many phones do not.
            pdfmetrics.registerFont(TTFont(PDF_FONT_NAME, font_path()))
    return PDF_FONT_NAME


def pdf(sheet: Sheet, title: str) -> bytes:
    with _drawing_pdf:
        return _pdf(sheet, title)


def _pdf(sheet: Sheet, title: str) -> bytes:
    from reportlab.pdfgen import canvas

    font = _pdf_font()
    height = sheet.height * POINTS_PER_MM
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(sheet.width * POINTS_PER_MM, height), pageCompression=1)
    page.setTitle(title)
    page.setFillColor(PAPER)
    page.rect(0, 0, sheet.width * POINTS_PER_MM, height, stroke=0, fill=1)
    for drawing in sheet.drawings:
        if isinstance(drawing, Box):
            page.setFillColor(drawing.colour)
            y = height - (drawing.y + drawing.height) * POINTS_PER_MM
            w, h = drawing.width * POINTS_PER_MM, drawing.height * POINTS_PER_MM
            page.rect(drawing.x * POINTS_PER_MM, y, w, h, stroke=0, fill=1)
        elif isinstance(drawing, Text):
            page.setFillColor(drawing.colour)
            page.setFont(font, drawing.size * POINTS_PER_MM)
            x, y = drawing.x * POINTS_PER_MM, height - drawing.baseline * POINTS_PER_MM
            if drawing.align == "right":
                page.drawRightString(x, y, drawing.text)
            else:
                page.drawString(x, y, drawing.text)
        else:
            _pdf_code(page, drawing, height)
    page.showPage()
    page.save()
    return out.getvalue()


def _pdf_code(page: Canvas, code: Code, height: float) -> None:
    dark, side = _qr_modules(code.url)
    module = code.size * POINTS_PER_MM / side
    left, top = code.x * POINTS_PER_MM, height - code.y * POINTS_PER_MM
    page.setFillColor(WHITE)
    page.rect(left, top - side * module, side * module, side * module, stroke=0, fill=1)
    page.setFillColor("#000000")
    for column, row in dark:
        page.rect(left + column * module, top - (row + 1) * module, module, module, stroke=0, fill=1)
