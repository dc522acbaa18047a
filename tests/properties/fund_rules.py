"""The ledger machine's happiness fund under 四议两公开 (services/fund_resolutions.py and the
expenditure of services/supermarket.py): the committee sets the threshold, records meetings'
resolutions — refused when the meeting could not sit or did not pass them — and pays under
them; above the threshold nothing is paid without one, and each is used once, for at most
its amount; one recorded in error is withdrawn while unused, and approves nothing after.
(Gifts and spending under no resolution are catalog_rules'.)"""

from __future__ import annotations

import functools
import io
import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule
from PIL import Image

from ledger import limits
from ledger.domain import commands
from ledger.domain.images import CleanImage
from ledger.services import fund_resolutions as resolution_service
from ledger.services import images as image_service
from ledger.services import supermarket as supermarket_service
from ledger.store import queries
from ledger.store.queries import fund as fund_reads
from tests.properties.machine import MachineBase
from tests.properties.model import ModelResolution

MEETINGS = ("villager_representatives", "villagers")


@functools.cache
def _receipt_photo() -> CleanImage:
    """One small photo, re-encoded as an upload is, for every receipt of the run."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(out, format="PNG")
    return image_service.clean_image(out.getvalue())


class FundRules(MachineBase):
    @initialize(amount_fen=st.integers(1, 60_000))
    def seed_fund_resolution(self, amount_fen: int) -> None:
        """Money in the fund, the rule on and a resolution waiting, from the start: so that
        expenditures above the threshold meet it in most examples."""
        command = commands.Contribution(source="anonymous", amount_fen=100_000, method="transfer")
        self.run(
            supermarket_service.contribute(self.pool, self.community_id, self.staff("committee"), command)
        )
        self.model.fund_fen += 100_000
        self._set_threshold(20_000)
        self._record("villager_representatives", 30, 20, 11, amount_fen)

    @rule(threshold_fen=st.sampled_from([0, 5_000, 20_000, 20_000]))
    def set_fund_threshold(self, threshold_fen: int) -> None:
        """The committee sets above how many fen an expenditure needs its resolution (0: off)."""
        self._fired("set_fund_threshold")
        self._set_threshold(threshold_fen)

    def _set_threshold(self, threshold_fen: int) -> None:
        self.change_policy(commands.ChangePolicy(fund_resolution_threshold_fen=threshold_fen))
        self.model.fund_threshold_fen = threshold_fen

    @rule(
        data=st.data(),
        meeting=st.sampled_from(MEETINGS),
        entitled=st.integers(1, 60),
        amount_fen=st.integers(1, 60_000),
        lawful=st.booleans(),
    )
    def record_resolution(
        self, data: st.DataObject, meeting: str, entitled: int, amount_fen: int, lawful: bool
    ) -> None:
        """A meeting's resolution: half the time a count that sits and passes, else any count
        (one that cannot be, short of the quorum or of the majority is refused, nothing written)."""
        self._fired("record_resolution")
        if lawful:
            needed = -(-entitled * 2 // 3) if meeting == "villager_representatives" else entitled // 2 + 1
            attended = data.draw(st.integers(needed, entitled), label="attended")
            voted_for = data.draw(st.integers(attended // 2 + 1, attended), label="voted for")
        else:
            attended = data.draw(
                st.integers(0, min(entitled + 2, limits.MEETING_HEADCOUNT_MAX)), label="attended"
            )
            voted_for = data.draw(st.integers(0, attended + 1), label="voted for")
        self._record(meeting, entitled, attended, voted_for, amount_fen)

    def _record(self, meeting: str, entitled: int, attended: int, voted_for: int, amount_fen: int) -> None:
        command = commands.FundResolution(
            meeting=meeting,  # type: ignore[arg-type]
            meeting_on=self._today(),
            purpose="修缮村道",
            amount_fen=amount_fen,
            entitled=entitled,
            attended=attended,
            voted_for=voted_for,
        )
        call = resolution_service.record_resolution(
            self.pool, self.community_id, self.staff("committee"), command
        )
        answer = self._outcome(call, self.model.resolution_refusal(meeting, entitled, attended, voted_for))
        if answer is not None:
            event(f"resolution recorded by a meeting of {meeting}")
            self.model.resolutions[answer["resolution_id"]] = ModelResolution(amount_fen)

    @rule(data=st.data(), amount_fen=st.integers(1, 60_000), with_receipt=st.booleans())
    def spend_under_resolution(self, data: st.DataObject, amount_fen: int, with_receipt: bool) -> None:
        """An expenditure naming a resolution: usually a recorded one (used or not), for its
        amount or another; sometimes one never recorded, or none at all above the threshold.
        Paid, it uses the resolution up."""
        self._fired("spend_under_resolution")
        model = self.model
        resolution_id: uuid.UUID | None = uuid.uuid4()  # never recorded
        choice = data.draw(
            st.sampled_from(["recorded", "recorded", "recorded", "unknown", "none"]), label="which"
        )
        if choice == "recorded" and model.resolutions:
            resolution_id = self._pick(data, list(model.resolutions), "resolution")
            if data.draw(st.booleans(), label="its amount"):
                amount_fen = model.resolutions[resolution_id].amount_fen
        elif choice == "none":
            resolution_id, with_receipt = None, False  # a receipt goes only with a resolution
            # At the threshold (paid) or just above it (refused): the boundary itself.
            amount_fen = max(1, model.fund_threshold_fen + data.draw(st.integers(0, 2), label="above by"))
        command = commands.Expenditure(
            amount_fen=amount_fen, purpose="修缮村道", payee="施工队", resolution_id=resolution_id
        )
        call = supermarket_service.spend(
            self.pool,
            self.community_id,
            self.staff("committee"),
            command,
            _receipt_photo() if with_receipt else None,
        )
        answer = self._outcome(call, model.expenditure_refusal(amount_fen, resolution_id))
        if answer is not None:
            model.fund_fen -= amount_fen
            assert answer["balance_fen"] == model.fund_fen
            if resolution_id is None:
                event("paid at the threshold under no resolution")
                return
            event(f"paid under a resolution, {'with' if with_receipt else 'without'} its receipt")
            resolution = model.resolutions[resolution_id]
            resolution.used_by = answer["event_seq"]
            resolution.receipt_added = with_receipt

    @precondition(lambda self: any(r.used_by is not None for r in self.model.resolutions.values()))
    @rule(data=st.data())
    def add_receipt(self, data: st.DataObject) -> None:
        """The receipt photo of what was paid, added later (a later one takes the board's place)."""
        self._fired("add_receipt")
        used = [r for r in self.model.resolutions.values() if r.used_by is not None]
        resolution = self._pick(data, used, "paid resolution")
        assert resolution.used_by is not None
        self.run(
            resolution_service.add_receipt(
                self.pool, self.community_id, self.staff("committee"), resolution.used_by, _receipt_photo()
            )
        )
        resolution.receipt_added = True

    @precondition(lambda self: self.model.resolutions)
    @rule(data=st.data())
    def withdraw_resolution(self, data: st.DataObject) -> None:
        """A resolution recorded in error, withdrawn: only one never used, and only once; from
        then on no expenditure may name it."""
        self._fired("withdraw_resolution")
        resolution_id = self._pick(data, list(self.model.resolutions), "resolution")
        call = resolution_service.withdraw_resolution(
            self.pool,
            self.community_id,
            self.staff("committee"),
            resolution_id,
            commands.WithdrawResolution(reason="金额录错"),
        )
        answer = self._outcome(call, self.model.withdrawal_refusal(resolution_id))
        if answer is not None:
            assert answer["resolution_id"] == resolution_id
            self.model.resolutions[resolution_id].withdrawn_by = answer["event_seq"]

    def _today(self):
        today = self.run(queries.local_today(self.pool, self.community_id))
        assert today is not None
        return today

    @invariant()
    def resolutions_are_used_as_the_model_used_them(self) -> None:
        """Each resolution used by the expenditure the model paid under it, once, and no other;
        withdrawn where the model withdrew it; and an expenditure may name just the others."""
        rows = self.run(fund_reads.all_resolutions(self.pool, self.community_id))
        withdrawn = self.run(fund_reads.withdrawals(self.pool, self.community_id))
        stored = {
            row["resolution_id"]: (
                row["expenditure_seq"],
                row["receipt_seq"] is not None,
                withdrawn.get(row["resolution_id"]),
            )
            for row in rows
        }
        assert stored == {
            resolution_id: (resolution.used_by, resolution.receipt_added, resolution.withdrawn_by)
            for resolution_id, resolution in self.model.resolutions.items()
        }
        offered = self.run(resolution_service.unused(self.pool, self.community_id))
        usable = [
            resolution_id
            for resolution_id, resolution in self.model.resolutions.items()  # in the order recorded
            if resolution.used_by is None and resolution.withdrawn_by is None
        ]
        assert [uuid.UUID(r["resolution_id"]) for r in offered] == usable[: limits.FUND_BOARD_ITEMS_MAX]
