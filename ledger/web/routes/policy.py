"""The committee's policy page: every policy in one form; what changed is one
community.policy_changed entry on the chain (with the values before)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.domain import commands
from ledger.messages import words
from ledger.services import counter
from ledger.store.queries import policy as policy_reads
from ledger.web.forms import fen_from_yuan, whole_number
from ledger.web.workbench.policy import FIELDS, policy_form
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    current = await policy_reads.policy(context.pool(request), community_id)
    assert current is not None
    return policy_form(session.csrf_token, dict(current))


def _value(form: Any, name: str, kind: Any) -> Any:
    if kind == "yes/no":
        return bool(form.get(name))
    text = str(form.get(name, "")).strip()
    if kind == "numbers":
        return [whole_number(part) for part in text.replace("，", ",").split(",") if part.strip()]
    if isinstance(kind, tuple):
        return text
    if kind == "yuan":
        return fen_from_yuan(text) if text else None
    return whole_number(text) if text else None  # an empty number leaves it as it is


async def _save(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    changes: commands.ChangePolicy = checked(
        {name: _value(form, name, kind) for name, (_, kind) in FIELDS.items()}, commands.ChangePolicy
    )
    if await counter.change_policy(context.pool(request), community_id, session.principal.user_id, changes):
        return Outcome(words("已保存，已记入记录链", "Saved, and recorded on the chain"))
    return Outcome(words("没有变化", "Nothing changed"))


ROUTES = workbench_page("policy", _show, _save)
