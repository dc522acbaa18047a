"""Make the posters' Chinese font: Noto Sans CJK SC Regular (SIL OFL 1.1), cut down to the
characters of GB2312 (its 6,763 hanzi — levels 1 and 2, so the names of a village's
households are nearly always there — its punctuation and symbols) and Latin-1, with its
PostScript outlines turned into TrueType ones: reportlab embeds only TrueType outlines
(glyf), and Pillow reads either.

The result is committed (ledger/documents/fonts/), so a server never fetches anything and a
fresh machine needs no set-up step for it. To make it again (fontTools is no dependency of
the ledger; use a scratch environment):

    apt-get download fonts-noto-cjk        # Debian's 1:20220127+repack1-1, Noto Sans CJK 2.004
    dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 -m venv /tmp/fonttools && /tmp/fonttools/bin/pip install fonttools==4.60.1
    /tmp/fonttools/bin/python ops/poster_font.py noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

TARGET = (
    Path(__file__).resolve().parents[1] / "ledger" / "documents" / "fonts" / "NotoSansSC-Regular-GB2312.ttf"
)
FAMILY = "Noto Sans CJK SC"
# How far (in font units of 1,000 an em) a quadratic outline may stray from the cubic one.
OUTLINE_ERROR_UNITS = 1.0
# Signs the pages already print that GB2312 lacks: the minus sign, dashes, the ellipsis's
# one-character form, arrows, the yuan sign.
EXTRA = "−–—…→←↑↓¥￥•‧"


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes: rows 1–9 (symbols, full-width forms) and 16–87 (hanzi)."""
    characters = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def wanted() -> str:
    latin = {chr(code) for code in range(0x20, 0x7F)} | {chr(code) for code in range(0xA0, 0x100)}
    return "".join(sorted(gb2312_characters() | latin | set(EXTRA)))


def simplified_chinese_member(collection: Path) -> int:
    """The collection's index of the Simplified Chinese font."""
    number = 0
    while True:
        font = TTFont(collection, fontNumber=number, lazy=True)
        if font["name"].getDebugName(1) == FAMILY:
            return number
        number += 1


def quadratic(font: TTFont) -> None:
    """PostScript (CFF, cubic) outlines → TrueType (glyf, quadratic), in place."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, OUTLINE_ERROR_UNITS, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    for field in ("maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: a CID font's are only numbers
    font.sfntVersion = "\x00\x01\x00\x00"


def main(collection: Path) -> None:
    font = TTFont(collection, fontNumber=simplified_chinese_member(collection))
    options = subset.Options()
    options.layout_features = ["kern", "palt"]  # no vertical or Japanese/Korean forms
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted())
    subsetter.subset(font)
    quadratic(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
