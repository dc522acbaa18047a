"""A poster for the village's WeChat group (公示公开 as villages do it): a phone-sized sheet
— 90 mm wide, 1,080 px as a picture — of one public list, with the community, the date,
the chain head and a QR code of the board. Laid out once, in millimetres, as a list of
drawings; ledger/documents/poster_drawing.py paints them as PNG (Pillow) and as PDF
(reportlab), so both say the same in the same places."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from PIL import ImageFont

WIDTH_MM = 90.0
HEIGHT_MIN_MM = 160.0  # 9:16, a phone's screen; a longer list makes a longer sheet
MARGIN_MM = 6.0
FONT_FILE = "NotoSansSC-Regular-GB2312.ttf"
ASCENT = 0.88  # of the em, Noto Sans CJK's ascender: where a line's baseline sits below its top
LINE_SPACING = 1.4  # line height as a multiple of the type size

RED = "#c0392b"
INK = "#222222"
MUTED = "#555555"
PLUS = "#1b5e20"
MINUS = "#a61b1b"
RULE_LINE = "#e0d6c8"
PAPER = "#fdf6ec"  # the board's colour, so the poster looks like the board it comes from
WHITE = "#ffffff"

TITLE_MM, HEADING_MM, BODY_MM, SMALL_MM = 6.5, 5.0, 4.0, 3.0
QR_MM = 32.0
SUB_LINES_MAX = 3  # a long rule name or note: three lines, then "…"


@dataclass(frozen=True, slots=True)
class PosterRow:
    """One line of the list: who or what (left), the figure (right, coloured by its sign
    when `signed`), and smaller words under it (the rule, days left, a mark)."""

    text: str
    figure: str = ""
    sign: int = 0  # > 0 green, < 0 red, 0 ink
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Poster:
    community: str
    title: str
    made_on: str  # ISO date, the community's today
    dated: str  # that date in words ("2026-12-02 制作")
    board_url: str
    scan_hint: str
    chain: str  # the chain head as the board prints it
    rows: tuple[PosterRow, ...]
    empty: str  # what the list says when nothing is on it
    summary: tuple[str, ...] = ()  # lines above the list (the fund's totals)
    more: str = ""  # "and 12 more on the board" when the list was cut short


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    baseline: float
    size: float
    text: str
    colour: str = INK
    align: str = "left"  # left, right


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True, slots=True)
class Code:
    """The QR code of `url`, `size` mm square with its quiet zone, top left at (x, y)."""

    x: float
    y: float
    size: float
    url: str


@dataclass(slots=True)
class Sheet:
    height: float = 0.0
    drawings: list[Text | Box | Code] = field(default_factory=list)
    width: float = WIDTH_MM


@cache
def font_path() -> str:
    return str(resources.files("ledger.documents").joinpath("fonts", FONT_FILE))


@cache
def _measuring_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), 100)


def text_width(text: str, size: float) -> float:
    """Width in mm of `text` set at `size` mm: the font's own advances, as both painters use."""
    return _measuring_font().getlength(text) * size / 100


# A run of Latin letters, digits or signs is kept whole; a Chinese character stands alone.
_TOKENS = re.compile(r"[A-Za-z0-9.,:;!?'\"()\[\]+\-/%#@&_=*…]+|\s|.")
# Punctuation a line never starts with (禁则): it hangs into the margin at the end of the line.
_NO_LINE_START = set("，。、：；！？）》」』】…,.:;!?)")


def _tokens(text: str, size: float, width: float) -> list[str]:
    """Words and characters; a run too long for a line (an address) broken into characters."""
    tokens: list[str] = []
    for token in _TOKENS.findall(text):
        tokens.extend(token if text_width(token, size) > width else [token])
    return tokens


def wrapped(text: str, size: float, width: float, lines_max: int = SUB_LINES_MAX) -> list[str]:
    """`text` broken into lines no wider than `width`, at most `lines_max` (the last ending in
    "…" if more was left)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text, size, width):
        if not line or token in _NO_LINE_START or text_width(line + token, size) <= width:
            line += token
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > lines_max:
        last = lines[lines_max - 1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines = [*lines[: lines_max - 1], last + "…"]
    return lines


def _header(sheet: Sheet, poster: Poster) -> float:
    inner = WIDTH_MM - 2 * MARGIN_MM
    lines = [(line, TITLE_MM) for line in wrapped(poster.community, TITLE_MM, inner, 2)]
    lines += [(line, HEADING_MM) for line in wrapped(poster.title, HEADING_MM, inner, 2)]
    lines.append((poster.dated, SMALL_MM + 0.5))
    height = MARGIN_MM + sum(size * LINE_SPACING for _, size in lines) + MARGIN_MM / 2
    sheet.drawings.append(Box(0, 0, WIDTH_MM, height, RED))
    top = MARGIN_MM
    for line, size in lines:
        sheet.drawings.append(Text(MARGIN_MM, top + ASCENT * size, size, line, WHITE))
        top += size * LINE_SPACING
    return height + MARGIN_MM / 2


def _texts(sheet: Sheet, top: float, lines: list[str], size: float, colour: str) -> float:
    for line in lines:
        sheet.drawings.append(Text(MARGIN_MM, top + ASCENT * size, size, line, colour))
        top += size * LINE_SPACING
    return top


def _row(sheet: Sheet, top: float, row: PosterRow) -> float:
    inner = WIDTH_MM - 2 * MARGIN_MM
    figure_width = text_width(row.figure, BODY_MM) + 2 if row.figure else 0
    colour = PLUS if row.sign > 0 else MINUS if row.sign < 0 else INK
    if row.figure:
        right = WIDTH_MM - MARGIN_MM
        sheet.drawings.append(Text(right, top + ASCENT * BODY_MM, BODY_MM, row.figure, colour, "right"))
    top = _texts(sheet, top, wrapped(row.text, BODY_MM, inner - figure_width, 2), BODY_MM, INK)
    for detail in row.details:
        top = _texts(sheet, top, wrapped(detail, SMALL_MM, inner), SMALL_MM, MUTED)
    sheet.drawings.append(Box(MARGIN_MM, top + 0.8, inner, 0.25, RULE_LINE))
    return top + 2.0


def _footer(sheet: Sheet, top: float, poster: Poster) -> float:
    inner = WIDTH_MM - 2 * MARGIN_MM
    sheet.drawings.append(Code(MARGIN_MM, top, QR_MM, poster.board_url))
    beside = inner - QR_MM - 3
    left = MARGIN_MM + QR_MM + 3
    text_top = top + 3
    for line in wrapped(poster.scan_hint, BODY_MM, beside, 3):
        sheet.drawings.append(Text(left, text_top + ASCENT * BODY_MM, BODY_MM, line))
        text_top += BODY_MM * LINE_SPACING
    for line in wrapped(poster.board_url, SMALL_MM - 0.4, beside, 4):
        size = SMALL_MM - 0.4
        sheet.drawings.append(Text(left, text_top + ASCENT * size, size, line, MUTED))
        text_top += size * LINE_SPACING
    top = max(top + QR_MM, text_top) + 2
    return _texts(sheet, top, wrapped(poster.chain, SMALL_MM, inner, 5), SMALL_MM, MUTED)


def laid_out(poster: Poster) -> Sheet:
    """Where every word, rule and the QR code go, top to bottom; the sheet is as long as
    its content and never shorter than a phone's screen."""
    sheet = Sheet()
    inner = WIDTH_MM - 2 * MARGIN_MM
    top = _header(sheet, poster) + 2
    for line in poster.summary:
        top = _texts(sheet, top, wrapped(line, BODY_MM, inner, 2), BODY_MM, INK)
    if poster.summary:
        top += 2
    for row in poster.rows:
        top = _row(sheet, top, row)
    if not poster.rows:
        top = _texts(sheet, top, wrapped(poster.empty, BODY_MM, inner, 2), BODY_MM, MUTED)
    if poster.more:
        top = _texts(sheet, top, wrapped(poster.more, SMALL_MM, inner, 2), SMALL_MM, MUTED)
    footer_top = top + 4
    # The footer sits at the bottom of a short sheet, just under the list of a long one.
    footer = Sheet()
    footer_height = _footer(footer, 0, poster)
    sheet.height = max(HEIGHT_MIN_MM, footer_top + footer_height + MARGIN_MM)
    _footer(sheet, sheet.height - MARGIN_MM - footer_height, poster)
    return sheet
