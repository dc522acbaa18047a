"""The links that make a poster for the WeChat group: on the public board and on the staff
home page, each poster as a picture (to long-press and send) and as a PDF (to print)."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.messages import words
from ledger.web.workbench import _e

# The posters there are, by the name in their address: /board/{community}/poster/{kind}.{format}
KINDS = {
    "publicity": ("公示", "Publicity"),
    "red-list": ("本月红榜", "This month's red list"),
    "fund": ("幸福基金收支", "Happiness fund"),
}


def poster_links(community_id: str, kinds: Iterable[str] = tuple(KINDS)) -> str:
    """The board's and the staff pages' links: each poster of `kinds` (all, unless a page
    offers only its own, as the fund page does) as a picture and as a PDF."""
    picture, suffix = words("图片", "picture"), words("海报", " poster")
    items = "".join(
        f"<li>{_e(words(*label))}{_e(words('：', ': '))}"
        f'<a href="/board/{_e(community_id)}/poster/{kind}.png" aria-label="{_e(words(*label) + suffix)} {_e(picture)}">{_e(picture)}</a> · '
        f'<a href="/board/{_e(community_id)}/poster/{kind}.pdf" aria-label="{_e(words(*label) + suffix)} PDF">PDF</a></li>'
        for kind, label in KINDS.items()
        if kind in kinds
    )
    return f'<ul class="posters">{items}</ul>'
