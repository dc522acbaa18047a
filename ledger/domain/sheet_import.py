"""The shape every sheet import shares (goods catalog, rule catalog, roster), whatever its
columns: a sheet is parsed into entries and row problems (and notes on rows read other
than written), and an import answers with a row report — how many rows, whether they were
applied, how many of each thing happened, and the problems. Pure: the parsers fill the
first, `ledger.services.sheet_import` the second.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ledger.domain.spreadsheet import RowNote, RowProblem

EntryT = TypeVar("EntryT")


@dataclass(frozen=True, slots=True)
class ParsedSheet(Generic[EntryT]):
    """Every row checked. The entries mean something only when there are no problems: a
    sheet is imported whole or not at all."""

    entries: list[EntryT]
    problems: list[RowProblem]
    notes: list[RowNote] = field(default_factory=list)

    @classmethod
    def refused(cls, problem: RowProblem) -> ParsedSheet[EntryT]:
        """A sheet that cannot be read row by row at all (no header, too many rows)."""
        return cls([], [problem])


@dataclass(frozen=True, slots=True)
class RowReport:
    """What an import did, or would do (`applied` is False when only checked or refused).
    `counts` names every outcome the import can have ("listed", "changed" …), zeros too."""

    rows: int
    applied: bool
    counts: dict[str, int]
    problems: list[RowProblem]
    notes: list[RowNote]

    @classmethod
    def checked(cls, sheet: ParsedSheet[Any], outcomes: Iterable[str]) -> RowReport:
        """The report of a sheet checked and not (yet) applied."""
        return cls(len(sheet.entries), False, dict.fromkeys(outcomes, 0), sheet.problems, sheet.notes)

    def applied_with(self, happened: Iterable[str]) -> RowReport:
        """The report once applied, counting what happened (one outcome per change)."""
        counted = Counter(happened)
        unknown = set(counted) - set(self.counts)
        assert not unknown, f"outcomes this import does not report: {sorted(unknown)}"
        return dataclasses.replace(self, applied=True, counts={name: counted[name] for name in self.counts})

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "applied": self.applied,
            **self.counts,
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
            "notes": [dataclasses.asdict(note) for note in self.notes],
        }
