"""The committee's page of groups and grids (村民小组, 网格 / 楼栋): what there is, how many
households each holds and who looks after each grid; forms to create, rename and retire,
to place a household, and to give a scorer a grid or take it back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e

# A group's kind and status as people read them: stored value → (Chinese, English).
KINDS = {"group": ("村民小组", "villager group"), "grid": ("网格 / 楼栋", "grid / building")}
STATUSES = {"active": ("在用", "in use"), "retired": ("已撤销", "retired")}


def _word(table: dict[str, tuple[str, str]], value: str) -> str:
    zh, en = table.get(value, (value, value))
    return words(zh, en)


def _options(groups: Iterable[dict[str, Any]], kind: str, empty: str | None = None) -> str:
    first = "" if empty is None else f'<option value="">{_e(empty)}</option>'
    return first + "".join(
        f'<option value="{_e(g["group_id"])}">{_e(g["name"])}</option>'
        for g in groups
        if g["kind"] == kind and g["status"] == "active"
    )


def groups_page(
    csrf_token: str, groups: list[dict[str, Any]], scorers: list[dict[str, Any]], community_id: str
) -> str:
    names = {g["group_id"]: g["name"] for g in groups}
    scorer_names = {s["user_id"]: s["display_name"] or s["username"] for s in scorers}
    rows = "".join(
        f"""<tr><td><a href="/staff/{_e(community_id)}/households?{"grid" if g["kind"] == "grid" else "group"}={_e(g["group_id"])}">{_e(g["name"])}</a></td>
<td>{_e(_word(KINDS, g["kind"]))}{_e(" · " + names[g["parent_id"]]) if g["parent_id"] in names else ""}</td>
<td>{_e(g["households"])}</td><td>{_e("、".join(scorer_names.get(s, "?") for s in g["scorers"]))}</td>
<td>{_e(_word(STATUSES, g["status"]))}</td></tr>"""
        for g in groups
    )
    none_yet = _e(words("还没有小组或网格", "No groups or grids yet"))
    group_choice = _options(groups, "group")
    grid_choice = _options(groups, "grid")
    any_choice = group_choice + grid_choice
    scorer_choice = "".join(
        f'<option value="{_e(s["user_id"])}">{_e(s["display_name"] or s["username"])}</option>'
        for s in scorers
    )
    explained = words(
        "每户属于一个村民小组，可再属于一个网格（楼栋）。给网格员分配网格后，他只能为自己网格里的户提议；没有分配网格的网格员可为全村提议。",
        "Each household belongs to one villager group and at most one grid (building). A scorer given grids "
        "proposes only for the households in them; one with none proposes for the whole village.",
    )
    return f"""<p class="muted">{_e(explained)}</p>
<div class="box households-table"><table><tr><th>{_e(words("名称", "name"))}</th><th>{_e(words("类型", "kind"))}</th>
<th>{_e(words("户数", "households"))}</th><th>{_e(words("网格员", "scorers"))}</th><th>{_e(words("状态", "status"))}</th></tr>
{rows or f'<tr><td colspan="5" class="muted">{none_yet}</td></tr>'}</table></div>
<h2>{_e(words("新建小组或网格", "Create a group or grid"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="create">
<label for="kind">{_e(words("类型", "Kind"))}</label>
<select id="kind" name="kind">{"".join(f'<option value="{k}">{_e(_word(KINDS, k))}</option>' for k in KINDS)}</select>
<label for="name">{_e(words("名称", "Name"))}</label><input id="name" name="name" required maxlength="40" placeholder="{_e(words("第三村民小组", "Group 3"))}">
<label for="parent_id">{_e(words("所属小组（网格才填）", "Within group (grids only)"))}</label>
<select id="parent_id" name="parent_id">{_options(groups, "group", words("不属于小组", "within no group"))}</select>
<button type="submit">{_e(words("新建", "Create"))}</button>
</form>
<h2>{_e(words("把户分到小组、网格", "Place a household"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="move">
<label for="number">{_e(words("户号", "Household number"))}</label><input id="number" name="number" required maxlength="40" placeholder="001">
<label for="group_id">{_e(words("村民小组", "Villager group"))}</label><select id="group_id" name="group_id" required>{group_choice}</select>
<label for="grid_id">{_e(words("网格 / 楼栋", "Grid / building"))}</label>
<select id="grid_id" name="grid_id">{_options(groups, "grid", words("不分网格", "no grid"))}</select>
<button type="submit">{_e(words("分入", "Place"))}</button>
</form>
<h2>{_e(words("网格员负责的网格", "Scorers' grids"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<label for="user_id">{_e(words("网格员", "Scorer"))}</label><select id="user_id" name="user_id" required>{scorer_choice}</select>
<label for="assigned_grid">{_e(words("网格 / 楼栋", "Grid / building"))}</label><select id="assigned_grid" name="grid_id" required>{grid_choice}</select>
<button type="submit" name="action" value="assign">{_e(words("分配", "Assign"))}</button>
<button type="submit" name="action" value="unassign">{_e(words("收回", "Take back"))}</button>
</form>
<h2>{_e(words("改名或撤销", "Rename or retire"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<label for="changed_group">{_e(words("小组或网格", "Group or grid"))}</label><select id="changed_group" name="group_id" required>{any_choice}</select>
<label for="new_name">{_e(words("新名称（改名才填）", "New name (to rename)"))}</label><input id="new_name" name="name" maxlength="40">
<button type="submit" name="action" value="rename">{_e(words("改名", "Rename"))}</button>
<button type="submit" name="action" value="retire">{_e(words("撤销（须先调走其中的户）", "Retire (move its households first)"))}</button>
</form>"""


def place_filter(community_id: str, groups: list[dict[str, Any]], group: str, grid: str) -> str:
    """The households page's filter by group and grid (a GET form: the address keeps it)."""

    def options(kind: str, chosen: str) -> str:
        return f'<option value="">{_e(words("全部", "all"))}</option>' + "".join(
            f'<option value="{_e(g["group_id"])}"{" selected" if str(g["group_id"]) == chosen else ""}>{_e(g["name"])}</option>'
            for g in groups
            if g["kind"] == kind
        )

    return f"""<form method="get" action="/staff/{_e(community_id)}/households" class="box">
<label for="filter_group">{_e(words("村民小组", "Villager group"))}</label><select id="filter_group" name="group">{options("group", group)}</select>
<label for="filter_grid">{_e(words("网格 / 楼栋", "Grid / building"))}</label><select id="filter_grid" name="grid">{options("grid", grid)}</select>
<button type="submit">{_e(words("筛选", "Filter"))}</button>
</form>"""
