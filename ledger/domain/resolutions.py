"""The happiness fund under 四议两公开 (the "four deliberations, two disclosures" way of
deciding a village's affairs): above the community's threshold an expenditure is paid only
under the recorded resolution (决议) of the meeting that approved it.

A resolution is checked against the Organic Law of Villagers' Committees
(村民委员会组织法), because a "resolution" the meeting could not lawfully pass approves
nothing, and the record would then lend it the trust of the chain:
- 村民代表会议 (villager representatives): it sits only when two thirds or more of its
  members attend (三分之二以上, which in Chinese law includes two thirds itself), art. 26;
- 村民会议 (the villagers' meeting): more than half of the adult villagers attend (过半数),
  art. 22 — `entitled` counts the adult villagers (the law's other basis, two thirds of the
  households, is not checked here);
- either decides by more than half of those who attended (过半数).
That is why a resolution carries `entitled` (应到) beside attended (实到) and voted for (同意).

A resolution covers one expenditure of at most its amount, dated on or after the meeting.
One recorded in error is withdrawn, while no expenditure has used it; then it approves nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ledger.domain.errors import Refused

MEETINGS = ("villager_representatives", "villagers")


def yuan(fen: int) -> str:
    """Money as a refusal says it: yuan with two decimals."""
    return f"{fen / 100:.2f}"


def quorum(meeting: str, entitled: int) -> int:
    """How many must attend for the meeting to sit."""
    assert meeting in MEETINGS, meeting
    if meeting == "villager_representatives":
        return -(-entitled * 2 // 3)  # two thirds or more, rounded up
    return entitled // 2 + 1  # more than half


def check_count(meeting: str, entitled: int, attended: int, voted_for: int) -> None:
    """Refuse a count that is impossible, short of its quorum, or short of a majority."""
    if not voted_for <= attended <= entitled:
        raise Refused(
            "validation_failed",
            "the count is not possible: {voted_for} for, {attended} attended, {entitled} entitled",
            voted_for=voted_for,
            attended=attended,
            entitled=entitled,
        )
    needed = quorum(meeting, entitled)
    if attended < needed:
        raise Refused(
            "quorum_not_met",
            "{attended} of {entitled} attended: the meeting sits with {needed}",
            attended=attended,
            entitled=entitled,
            needed=needed,
        )
    if voted_for * 2 <= attended:
        raise Refused(
            "majority_not_reached",
            "{voted_for} of {attended} voted for: more than half is needed",
            voted_for=voted_for,
            attended=attended,
        )


@dataclass(frozen=True, slots=True)
class RecordedResolution:
    """What the expenditure check needs of a stored resolution."""

    amount_fen: int
    meeting_on: datetime.date
    expenditure_seq: int | None
    withdrawn_seq: int | None = None  # the fund.resolution_withdrawn event, if any


def check_expenditure(
    threshold_fen: int,
    amount_fen: int,
    occurred_on: datetime.date,
    named: bool,
    resolution: RecordedResolution | None,
) -> None:
    """The expenditure's resolution, in the order a committee member would ask: is one needed,
    does it exist, is it still unused, does it cover the amount, did the meeting come first.
    `threshold_fen` 0 is the rule off; `named`: the expenditure names a resolution, and
    `resolution` is what was found by that name (None: nothing)."""
    if not named:
        if 0 < threshold_fen < amount_fen:
            raise Refused(
                "resolution_required",
                "an expenditure above {threshold} yuan is paid only under a recorded resolution",
                threshold=yuan(threshold_fen),
            )
        return
    _check_usable(resolution)
    assert resolution is not None
    if amount_fen > resolution.amount_fen:
        raise Refused(
            "over_resolved_amount",
            "the resolution approves {approved} yuan, not {amount}",
            approved=yuan(resolution.amount_fen),
            amount=yuan(amount_fen),
        )
    if occurred_on < resolution.meeting_on:
        raise Refused(
            "validation_failed",
            "the expenditure is dated {day}, before its meeting on {meeting_on}",
            day=occurred_on.isoformat(),
            meeting_on=resolution.meeting_on.isoformat(),
        )


def _check_usable(resolution: RecordedResolution | None) -> None:
    """A resolution that exists, was never used and was never withdrawn."""
    if resolution is None:
        raise Refused("resolution_not_found", "no such resolution in this community")
    if resolution.withdrawn_seq is not None:
        raise Refused(
            "resolution_withdrawn",
            "this resolution was withdrawn by entry #{seq}",
            seq=resolution.withdrawn_seq,
        )
    if resolution.expenditure_seq is not None:
        raise Refused(
            "resolution_used",
            "this resolution was used by the expenditure of entry #{seq}",
            seq=resolution.expenditure_seq,
        )


def check_withdrawal(resolution: RecordedResolution | None) -> None:
    """Only a resolution no expenditure has used is withdrawn, and only once: what was paid
    under one stays approved by it (the payment itself is on the chain)."""
    _check_usable(resolution)
