"""The ledger machine's groups and grids (services/groups.py): the committee creates them,
places households (a grid within a group only with that group) and gives the scorer grids
or takes them back; the scorer's proposals then keep to those grids (publicity_rules)."""

from __future__ import annotations

import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger.domain import commands
from ledger.services import groups as group_service
from tests.properties.machine import MachineBase


class GroupsRules(MachineBase):
    def _seed_groups(self) -> None:
        """A group with a grid within it, and a grid within no group, from the start: so
        that households move and the scorer gets grids from the first steps."""
        self._create_group("group", None)
        self._create_group("grid", self.model.village_groups[0])
        self._create_group("grid", None)

    @rule(data=st.data(), kind=st.sampled_from(["group", "grid", "grid"]))
    def create_group(self, data: st.DataObject, kind: str) -> None:
        """A group, or a grid within a group (or within none)."""
        self._fired("create_group")
        model = self.model
        parent = None
        if kind == "grid" and model.village_groups and data.draw(st.booleans(), label="within a group"):
            parent = self._pick(data, model.village_groups, "parent")
        self._create_group(kind, parent)

    def _create_group(self, kind: str, parent: uuid.UUID | None) -> None:
        model = self.model
        command = commands.CreateGroup(kind=kind, name=f"{kind}-{uuid.uuid4().hex[:8]}", parent_id=parent)
        created = self.run(
            group_service.create_group(self.pool, self.community_id, self.staff("committee"), command)
        )
        if kind == "group":
            model.village_groups.append(created)
        else:
            model.grids[created] = parent

    @precondition(lambda self: self.model.village_groups)
    @rule(data=st.data())
    def move_household(self, data: st.DataObject) -> None:
        """The committee places a household in a group and, half the time, a grid."""
        self._fired("move_household")
        model = self.model
        household = self._household(data)
        group = self._pick(data, model.village_groups, "group")
        grid = None
        if model.grids and data.draw(st.booleans(), label="with a grid"):
            grid = self._pick(data, list(model.grids), "grid")
        command = commands.MoveHousehold(household_id=household, group_id=group, grid_id=grid)
        call = group_service.move_household(self.pool, self.community_id, self.staff("committee"), command)
        expected = model.move_refusal(group, grid)
        moved = self._outcome(call, expected)
        if expected is None:
            assert moved == (model.places.get(household) != (group, grid))
            model.places[household] = (group, grid)
            event(f"household {'moved' if moved else 'already there'}")

    @precondition(lambda self: self.model.grids)
    @rule(data=st.data(), assigned=st.sampled_from([True, True, False]))
    def assign_grid(self, data: st.DataObject, assigned: bool) -> None:
        """The committee gives the scorer a grid, or takes one back."""
        self._fired("assign_grid")
        model = self.model
        grid = self._pick(data, list(model.grids), "grid")
        changed = self.run(
            group_service.assign_grid(
                self.pool, self.community_id, self.staff("committee"), grid, self.staff("scorer"), assigned
            )
        )
        assert changed == ((grid in model.scorer_grids) != assigned)
        if assigned:
            model.scorer_grids.add(grid)
        else:
            model.scorer_grids.discard(grid)
