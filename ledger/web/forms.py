"""Values from forms a browser posts (the staff pages and the public board): numbers read
strictly, and whether a form came from this site at all."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from litestar import Request

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")  # ASCII digits only ("²".isdigit() is True), within bigint


def whole_number(value: Any) -> Any:
    """The field as an int when it is one; else the text, for the command's check to refuse."""
    text = str(value if value is not None else "").strip()
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else text


def from_this_site(request: Request) -> bool:
    """A browser names the site a form was posted from (Origin); a form another site makes
    a visitor's browser post names that site, or "null" from a sandboxed frame — refused.
    (Our Referrer-Policy, same-origin, lets browsers send our own Origin.) No Origin at all
    (old browsers, tools): allowed."""
    origin = request.headers.get("origin")
    if not origin:
        return True
    return urllib.parse.urlsplit(origin).netloc == request.headers.get("host", "")


_YUAN = re.compile(r"([0-9]{1,11})(?:\.([0-9]{1,2}))?")


def fen_from_yuan(value: Any) -> Any:
    """ "250.5" yuan → 25050 fen, exactly (money is whole fen, never a float); anything else
    stays text for the command's check to refuse."""
    text = str(value if value is not None else "").strip().replace(",", "")
    match = _YUAN.fullmatch(text)
    if match is None:
        return text
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
