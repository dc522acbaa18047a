"""The committee's page of groups and grids: create, rename, retire, place a household by
its number, give a scorer a grid or take it back — each form one use case."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.domain.roles import Role
from ledger.messages import words
from ledger.services import groups
from ledger.store import queries
from ledger.store.queries import groups as group_reads
from ledger.store.queries import staff as staff_reads
from ledger.web.workbench.groups import groups_page
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    pool = context.pool(request)
    listed = [dict(row) for row in await group_reads.groups(pool, community_id)]
    scorers = [
        dict(row)
        for row in await staff_reads.staff_of_community(pool, community_id)
        if Role.SCORER in row["roles"]
    ]
    return groups_page(session.csrf_token, listed, scorers, str(community_id))


def _or_none(value: Any) -> str | None:
    return str(value) if value else None


def _group_id(value: Any) -> uuid.UUID:
    """The group or grid a select chose (a bad value is a plain validation failure)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Refused("validation_failed", "choose a group or grid") from None


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool, actor, action = context.pool(request), session.principal.user_id, form.get("action")
    done = words("已办理", "Done")
    unchanged = words("没有变化", "Nothing changed")
    if action == "create":
        create: commands.CreateGroup = checked(
            {
                "kind": form.get("kind"),
                "name": str(form.get("name", "")).strip(),
                "parent_id": _or_none(form.get("parent_id")) if form.get("kind") == "grid" else None,
            },
            commands.CreateGroup,
        )
        await groups.create_group(pool, community_id, actor, create)
        return Outcome(words(f"已新建「{create.name}」", f"Created {create.name}"), 201)
    if action == "move":
        number = str(form.get("number", "")).strip()
        household = await queries.household_by_number(pool, community_id, number)
        if household is None:
            raise Refused("not_found", "no household numbered {number}", number=number)
        move: commands.MoveHousehold = checked(
            {
                "household_id": str(household),
                "group_id": form.get("group_id"),
                "grid_id": _or_none(form.get("grid_id")),
            },
            commands.MoveHousehold,
        )
        moved = await groups.move_household(pool, community_id, actor, move)
        return Outcome(words(f"已把 {number} 分入", f"{number} placed") if moved else unchanged, 200)
    if action in ("assign", "unassign"):
        assign: commands.AssignGrid = checked({"user_id": form.get("user_id")}, commands.AssignGrid)
        changed = await groups.assign_grid(
            pool,
            community_id,
            actor,
            _group_id(form.get("grid_id")),
            assign.user_id,
            assigned=action == "assign",
        )
        return Outcome(done if changed else unchanged, 200)
    if action in ("rename", "retire"):
        change: commands.ChangeGroup = checked(
            {"name": str(form.get("name", "")).strip()} if action == "rename" else {"status": "retired"},
            commands.ChangeGroup,
        )
        changed = await groups.change_group(
            pool, community_id, actor, _group_id(form.get("group_id")), change
        )
        return Outcome(done if changed else unchanged, 200)
    raise Refused("validation_failed", "choose a group or grid")


ROUTES = workbench_page("groups", _show, _act)
