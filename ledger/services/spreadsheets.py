"""Spreadsheets in: the first worksheet of an .xls (Excel 97–2003, the format of many
township templates), .xlsx or .ods, or a CSV as Excel saves it. (Out is the edges' job:
`ledger.documents.workbook` writes .xlsx.)

One reader for every workbook format: python-calamine reads .xls, .xlsx and .ods alike, and
a 5,000-row .xlsx roster in 0.02 s where openpyxl took 0.33 s; openpyxl stays for writing
.xlsx only. The reader runs in a process of its own, bounded in memory and time
(`ledger.services.spreadsheet_reader` says why); with the process, the roster reads in
0.08 s (.xlsx, .xls) or 0.2 s (.ods with merged cells, whose XML is walked for them).
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import sys
import weakref
import zipfile

import msgspec
import structlog

from ledger import limits
from ledger.domain.errors import Refused

# The refusals' English templates (their Chinese is in ledger.messages.catalog).
NOT_A_SPREADSHEET = "this file is not a spreadsheet: save it as .xls, .xlsx, .ods or CSV and upload it again"
UNREADABLE = (
    "the {file_format} file could not be read (damaged, protected by a password, or too large): "
    "save it again as .xls, .xlsx, .ods or CSV"
)
TOO_LARGE = (
    "the sheet is used down to row {rows} and across to column {columns}, more than {cells} cells: "
    "delete what was typed far below or to the right of the table"
)
NO_WORKSHEET = "the workbook has no worksheet"
CSV_ENCODING = "a CSV file must be saved in UTF-8 or GB18030 (as Excel saves it)"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (Excel 97–2003)
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_LABELS = {"xls": ".xls", "xlsx": ".xlsx", "ods": ".ods"}
_log = structlog.get_logger("ledger.spreadsheets")


class _Answer(msgspec.Struct, frozen=True):
    rows: list[list[str | int | float | bool]] = []
    refused: str | None = None
    rows_used: int = 0
    columns_used: int = 0


def file_format(content: bytes) -> str:
    """The file's format, "xls", "xlsx", "ods" or "csv", by what it holds rather than by its
    name (an .xlsx renamed .xls is still read)."""
    if content.startswith(_OLE2):
        return "xls"
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    with archive.open("mimetype") as mimetype:
                        if mimetype.read(len(_ODS)) == _ODS:
                            return "ods"
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ):
            # broken, cut short, encrypted, or packed in a way zipfile does not know
            raise Refused("validation_failed", UNREADABLE, file_format=".xlsx / .ods") from None
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        raise Refused("validation_failed", NOT_A_SPREADSHEET)  # a .docx, a .zip, an .odt …
    if content.startswith(_UTF16_MARKS):
        return "csv"  # Excel's and WPS's "Unicode text": tab-separated UTF-16
    if b"\x00" in content or content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # no CSV holds a NUL (pictures and PDFs do); a web page saved as ".xls" starts with "<"
        raise Refused("validation_failed", NOT_A_SPREADSHEET)
    return "csv"


async def read_rows(content: bytes) -> list[list[object]]:
    """The first worksheet's cells, row by row from row 1 and column A, merged cells
    filled from their top-left cell (as a person sees them); numbers stay numbers."""
    kind = file_format(content)
    if kind == "csv":
        return _csv_rows(content)
    answer = await _read_apart(content, kind)
    if answer.refused == "too_large":
        raise Refused(
            "validation_failed",
            TOO_LARGE,
            rows=answer.rows_used,
            columns=answer.columns_used,
            cells=limits.SHEET_CELLS_MAX,
        )
    if answer.refused == "no_sheet":
        raise Refused("validation_failed", NO_WORKSHEET)
    if answer.refused is not None:
        raise Refused("validation_failed", UNREADABLE, file_format=_LABELS[kind])
    return [list(row) for row in answer.rows]


# At most this many readers at once per server process: each may take SHEET_READER_MEMORY_BYTES_MAX.
READERS_AT_ONCE = 2
_readers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _reader_slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slots = _readers.get(loop)
    if slots is None:
        slots = _readers[loop] = asyncio.Semaphore(READERS_AT_ONCE)
    return slots


async def _read_apart(content: bytes, kind: str) -> _Answer:
    async with _reader_slots():
        return await _read_in_a_process(content, kind)


async def _read_in_a_process(content: bytes, kind: str) -> _Answer:
    # The reader parses files from outside: it gets no database address or other secret of
    # the server's environment, and (-P) no module from the working directory.
    environment = {name: os.environ[name] for name in ("PATH", "PYTHONPATH", "LANG") if name in os.environ}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-P",
        "-m",
        "ledger.services.spreadsheet_reader",
        kind,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )
    try:
        output, errors = await asyncio.wait_for(process.communicate(content), limits.SHEET_READER_SECONDS_MAX)
    except TimeoutError:
        _log.warning("spreadsheet reader timed out", file_format=kind, size=len(content))
        return _Answer(refused="unreadable")
    finally:
        if process.returncode is None:  # timed out, or the request was cancelled meanwhile
            process.kill()
            await process.wait()
    if process.returncode != 0:
        # an abort on a huge used range, or a bug in the reader: the file is refused either way
        _log.warning(
            "spreadsheet reader failed",
            file_format=kind,
            size=len(content),
            returncode=process.returncode,
            error=errors.decode(errors="replace")[:300],
        )
        return _Answer(refused="unreadable")
    return msgspec.json.decode(output, type=_Answer)


def _csv_rows(content: bytes) -> list[list[object]]:
    """Comma-separated, or tab-separated when the first line has tabs and no comma (what
    "Unicode text" and a copy from a sheet give)."""
    encodings = ("utf-16",) if content.startswith(_UTF16_MARKS) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        first = text.partition("\n")[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise Refused("validation_failed", CSV_ENCODING)
