"""The integrity page (one sentence, green or red, with the head of the chain and when it
was checked; a form to compare an old print-out) and the printable one-page certificate
(记录链凭证) the committee posts beside the board."""

from __future__ import annotations

import html

import segno

from ledger.domain.addresses import is_loopback
from ledger.messages import words
from ledger.services.event_log import Comparison, IntegrityCheck
from ledger.web import language
from ledger.web.workbench import _e

HASH_GROUP = 8  # hex digits per group: a hash read aloud or compared by eye, eight at a time


def grouped(hash_hex: str) -> str:
    return " ".join(hash_hex[i : i + HASH_GROUP] for i in range(0, len(hash_hex), HASH_GROUP))


def verdict(check: IntegrityCheck) -> str:
    """The answer in one sentence."""
    if check.ok:
        return words(
            f"记录完整：共 {check.events} 条，逐条核对无误",
            f"The record is whole: {check.events} entries, each one checked and correct",
        )
    if check.missing:
        return words(
            f"记录有误：第 {check.first_bad_seq} 条不见了",
            f"The record is wrong: entry #{check.first_bad_seq} is missing",
        )
    return words(
        f"记录有误：第 {check.first_bad_seq} 条被改动过",
        f"The record is wrong: entry #{check.first_bad_seq} has been changed",
    )


def _checked_at(check: IntegrityCheck) -> str:
    return check.checked_at.strftime("%Y-%m-%d %H:%M:%S")


def _comparison_sentence(comparison: Comparison, seq: int, check: IntegrityCheck) -> tuple[str, bool]:
    """What comparing a print-out found, and whether it is good news."""
    if comparison == "same":
        return (
            words(
                f"一致：第 {seq} 条的指纹与凭证相同，凭证上的记录没有被改过",
                f"The same: entry #{seq} has the fingerprint on the print-out; "
                "nothing up to it has been changed since",
            ),
            True,
        )
    if comparison == "no_such_entry":
        return (
            words(f"记录中没有第 {seq} 条：凭证上的条数与记录不符", f"The record has no entry #{seq}"),
            False,
        )
    if comparison == "changed_before":
        return (
            words(
                f"不一致：第 {check.first_bad_seq} 条（在凭证的第 {seq} 条之前）被改动过",
                f"Not the same: entry #{check.first_bad_seq}, before the print-out's #{seq}, has been changed",
            ),
            False,
        )
    return (
        words(
            f"不一致：第 {seq} 条的指纹与凭证不同，此前的记录被改过（或凭证抄错了）",
            f"Not the same: entry #{seq} has another fingerprint; an entry up to it has been changed "
            "(or the print-out was copied wrong)",
        ),
        False,
    )


def integrity_page(
    community_id: str,
    check: IntegrityCheck,
    comparison: Comparison | None = None,
    compared_seq: int | None = None,
    typed_hash: str = "",
) -> str:
    state = "done" if check.ok else "error"
    compared = ""
    if comparison is not None and compared_seq is not None:
        sentence, good = _comparison_sentence(comparison, compared_seq, check)
        compared = f'<p class="{"done" if good else "error"}" role="status"><b>{_e(sentence)}</b></p>'
    return f"""
<p class="{state}" role="status" style="font-size:1.15rem"><b>{_e(verdict(check))}</b></p>
<div class="box">
<p>{_e(words("最新记录", "Latest entry"))}: <b>#{check.head_seq}</b></p>
<p>{_e(words("最新记录指纹", "Its fingerprint"))}:<br>
<code style="word-break:break-word;font-size:1rem">{_e(grouped(check.head_hash))}</code></p>
<p class="muted">{_e(words("核对时间", "Checked at"))} {_e(_checked_at(check))} ({
        _e(str(check.checked_at.tzinfo))
    })</p>
<p><a href="/staff/{_e(community_id)}/integrity/certificate">{
        _e(words("打印记录链凭证", "Print the record certificate"))
    }</a></p>
</div>
<h2>{_e(words("与旧凭证对照", "Compare an old print-out"))}</h2>
<p class="muted">{
        _e(
            words(
                "输入旧凭证上的条数和指纹，可知从那以后此前的记录有没有被改过。",
                "Type the entry number and fingerprint from an old print-out: the answer says whether "
                "anything up to it has been changed since.",
            )
        )
    }</p>
{compared}
<form method="get" action="/staff/{_e(community_id)}/integrity" class="box">
<label for="seq">{_e(words("凭证上的条数", "Entry number on the print-out"))}</label>
<input id="seq" name="seq" inputmode="numeric" pattern="[0-9]+" required value="{
        _e(compared_seq or "")
    }" placeholder="566">
<label for="hash">{_e(words("凭证上的指纹", "Fingerprint on the print-out"))}</label>
<input id="hash" name="hash" required maxlength="100" value="{_e(typed_hash)}" placeholder="99bf115f 0c1d…">
<button type="submit">{_e(words("对照", "Compare"))}</button>
</form>"""


def _loopback_warning(board_url: str) -> str:
    """Shown on screen only: a QR code of an address only this machine opens is dead on paper."""
    if not is_loopback(board_url):
        return ""
    return f"""<p class="actions bad">{
        _e(
            words(
                f"二维码里的地址是 {board_url}：只有本机能打开，村民的手机扫不开。请用 ops/run --lan 启动，"
                "或设置 LEDGER_PUBLIC_URL 为手机能打开的地址，再打印。",
                f"The QR code holds {board_url}: only this machine can open it, residents' phones cannot. "
                "Start with ops/run --lan, or set LEDGER_PUBLIC_URL to an address phones can open, then print.",
            )
        )
    }</p>"""


# The certificate is printed on A4: sizes in millimetres and points, black on white.
_CERTIFICATE_STYLE = """@page { size: A4; margin: 15mm; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff; }
.sheet { max-width: 180mm; margin: 0 auto; padding: 8mm 4mm; box-sizing: border-box; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 16pt; margin: 0 0 6mm; color: #8b1a10; }
.big { font-size: 14pt; }
.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 15pt; letter-spacing: .5mm;
        border: .4mm solid #000; padding: 3mm; line-height: 1.6; word-break: break-word; }
.qr { display: flex; gap: 5mm; align-items: center; flex-wrap: wrap; margin: 6mm 0; }
.qr svg { width: 55mm; height: 55mm; }
.url { font-family: monospace; font-size: 10pt; word-break: break-all; }
.how { font-size: 11pt; line-height: 1.6; }
.bad { border: .6mm solid #a61b1b; color: #a61b1b; padding: 2mm; font-weight: bold; }
.actions button { padding: 11px 14px; font-size: 1rem; background: #c0392b; color: #fff; border: 0; border-radius: 6px; }
.actions a { margin-left: 12px; color: #8b1a10; }
@media print { .actions { display: none; } .sheet { padding: 0; } }
"""


def _how_to_compare(head_seq: int) -> str:
    return words(
        "怎样对照：用手机扫二维码，打开本村公示栏，看最下面“本村记录共 … 条”一句。条数只会增加；"
        f"条数仍是 {head_seq} 时，那里的指纹必须与本凭证开头两组一字不差。条数更多时，请村务监督"
        "委员会在“记录核验”页输入本凭证上的条数和指纹，系统会答复此前的记录有没有被改过。"
        "对不上，说明记录被改动过，请告诉村务监督委员会或乡镇。",
        "How to compare: scan the QR code to open the village's public board and read the line "
        "at its bottom that says how many entries the record holds. That number only grows; while it "
        f"is still {head_seq}, the fingerprint there must match the first two groups on this "
        "sheet exactly. Once there are more, the "
        "supervision committee types this sheet's number and fingerprint into the integrity page, "
        "which answers whether anything up to it has been changed. If it does not match, the record "
        "has been changed: tell the supervision committee or the township.",
    )


def certificate(check: IntegrityCheck, board_url: str, community_id: str) -> str:
    """One A4 page: the community, the head, its hash in groups, the date, a QR code of the
    public board and how to compare. On screen it has a print button; on paper only the sheet."""
    # No width and height, a viewBox instead: the code scales to the size the print CSS gives it.
    qr = segno.make_qr(board_url, error="m").svg_inline(border=2, omitsize=True)
    groups = grouped(check.head_hash).split(" ")
    hash_rows = " ".join(groups[:4]) + "<br>" + " ".join(groups[4:])
    community = html.escape(check.community)
    title = _e(words("记录链凭证", "Record certificate"))
    how = _how_to_compare(check.head_seq)
    return f"""<!doctype html>
<html lang="{_e(language.html_lang())}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {community}</title>
<style>
{_CERTIFICATE_STYLE}</style></head>
<body><main class="sheet">
{_loopback_warning(board_url)}
<p class="actions"><button type="button" data-print>{_e(words("打印", "Print"))}</button>
<a href="/staff/{_e(community_id)}/integrity">{_e(words("返回记录核验", "Back to the integrity page"))}</a>
{language.switch_link()}</p>
<h1>{community}</h1>
<h2>{title}</h2>
{"" if check.ok else f'<p class="bad">{_e(verdict(check))}</p>'}
<p class="big">{
        _e(
            words(
                f"截至 {_checked_at(check)}，本村记录共 {check.head_seq} 条。",
                f"As of {_checked_at(check)}, the village's record holds {check.head_seq} entries.",
            )
        )
    }</p>
<p>{
        _e(
            words(
                f"第 {check.head_seq} 条（最新一条）的指纹：",
                f"The fingerprint of entry #{check.head_seq}, the latest:",
            )
        )
    }</p>
<p class="hash">{hash_rows}</p>
<div class="qr"><div role="img" aria-label="{_e(words("公示栏二维码", "QR code of the public board"))}">{
        qr
    }</div>
<div><p>{_e(words("本村公示栏", "The village's public board"))}</p><p class="url">{
        _e(board_url)
    }</p></div></div>
<p class="how">{_e(how)}</p>
<p>{_e(words("村务监督委员会（盖章）：", "Supervision committee (stamp):"))}</p>
</main>
<script src="/static/print.js"></script>
</body></html>"""
