"""Switching over from paper (期初结转), over real HTTP: a sheet of 300 households' balances
checked row by row and refused whole for one bad row; the good sheet proposed by one
committee member, approved by another, posted on the public board, and after its publicity
the balances equal the sheet; each household carried over once; the proposer never
approves; `ledger rebuild --check` and `ledger verify` agree afterwards; the fund's
opening balance carried over once."""

from __future__ import annotations

import csv
import datetime
import io
import os
import subprocess
import sys
import uuid
import zoneinfo

import openpyxl
import pytest

from ledger.domain.carry_over import CarryInLine, Source
from ledger.domain.errors import Refused
from ledger.services import cards
from ledger.store import accounts, integrity, queries
from ledger.store import carry_over as carry_over_store
from ledger.store import staff as store
from ledger.store.record import lock_head
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_household, password_hash, session_token

pytestmark = pytest.mark.anyio

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["户号", "户主", "可用积分", "荣誉积分", "页码", "行号"]


def _figures(n: int) -> tuple[int, int]:
    """Household n's passbook: spendable and honour, different for every household."""
    return 100 + n, 50 + 2 * n


def _rows(count: int) -> list[list[object]]:
    """One row a household as the old sheet has them: numbers typed as text, figures as
    numbers, each with the passbook's page and line (ten households a page)."""
    return [
        [f"{n:03d}", f"户主{n}", _figures(n)[0], _figures(n)[1], n // 10 + 1, n % 10 + 1]
        for n in range(1, count + 1)
    ]


def _workbook(rows: list[list[object]]) -> bytes:
    """A sheet as a village office makes one: a title row above the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["示范村积分折期初余额"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


async def _households(pool, staffed, count: int) -> dict[str, uuid.UUID]:
    return {
        f"{n:03d}": await add_household(pool, staffed.village, f"{n:03d}", f"户主{n}")
        for n in range(1, count + 1)
    }


async def _another_committee_member(pool, staffed) -> dict[str, str]:
    """A second committee member: the checker of what the first one proposes."""
    username = f"t{staffed.village.community_id.hex[:10]}_checker"
    user_id = await accounts.create_user(pool, uuid.uuid4(), username, "committee", password_hash())
    async with pool.acquire() as connection:
        await store.grant_role(connection, staffed.village.community_id, None, user_id, username, "committee")
    return {"Authorization": f"Bearer {await session_token(pool, user_id)}"}


async def _upload(client, staffed, content: bytes, query: str = "", role: str = "committee", media_type=XLSX):
    return await client.post(
        f"{staffed.api}/carry-over/sheets{query}",
        content=content,
        headers={**staffed.auth(role), "Content-Type": media_type},
    )


async def _decide(client, staffed, carry_over_id: str, headers: dict[str, str], approve: bool = True):
    return await client.post(
        f"{staffed.api}/carry-over/{carry_over_id}/decision",
        json={"approve": approve, "reason": "已逐户核对积分折"},
        headers=headers,
    )


def _day(offset: int) -> str:
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    return (today + datetime.timedelta(days=offset)).isoformat()


def _ledger(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ledger.cli", *arguments],
        env={**os.environ, "LEDGER_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _publicity_ends(database_url: str) -> None:
    """`ledger tick` as cron runs it, on the day after a week's publicity has ended."""
    ticked = _ledger(database_url, "tick", "--as-of", _day(8))
    assert ticked.returncode == 0, ticked.stderr


async def _head(pool, staffed) -> int:
    return (await queries.community(pool, staffed.village.community_id))["head_seq"]


async def test_a_sheet_of_300_with_one_bad_row_is_refused_whole_naming_the_row(pool, client, staffed):
    await _households(pool, staffed, 300)
    rows = _rows(300)
    rows[149][2] = -20  # household 150, on spreadsheet row 152 (a title row and the header above)
    head = await _head(pool, staffed)
    for query in ("?check_only=true", ""):
        answer = await _upload(client, staffed, _workbook(rows), query)
        assert answer.status_code == 400
        report = answer.json()
        assert report["code"] == "validation_failed"
        assert [(p["row"], p["column"], p["value"]) for p in report["problems"]] == [(152, "可用积分", "-20")]
        assert "负" in report["problems"][0]["problem"]  # in words, in the request's language (Chinese)
    english = await client.post(
        f"{staffed.api}/carry-over/sheets",
        content=_workbook(rows),
        headers={**staffed.auth("committee"), "Content-Type": XLSX, "Accept-Language": "en"},
    )
    assert english.json()["problems"][0]["problem"] == "spendable points cannot be negative"
    assert await _head(pool, staffed) == head  # nothing written: no proposal, no event
    listed = await client.get(f"{staffed.api}/carry-over", headers=staffed.auth("committee"))
    assert listed.json() == []
    figures = await queries.all_household_figures(pool, staffed.village.community_id)
    assert {(row["spendable"], row["pending"], row["honour"]) for row in figures} == {(0, 0, 0)}


async def test_the_sheet_approved_by_another_is_in_publicity_and_then_the_balances_equal_it(
    pool, client, staffed, server
):
    households = await _households(pool, staffed, 300)
    content = _workbook(_rows(300))
    head = await _head(pool, staffed)
    checked = await _upload(client, staffed, content, "?check_only=true")
    assert checked.status_code == 200
    assert (checked.json()["proposed"], checked.json()["households"]) == (False, 300)
    assert checked.json()["spendable"] == sum(_figures(n)[0] for n in range(1, 301))
    assert await _head(pool, staffed) == head  # checking writes nothing

    proposed = await _upload(client, staffed, content)
    assert proposed.status_code == 201
    carry_over_id = proposed.json()["carry_over_id"]
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert board["items"] == []  # nothing is posted before another approves it
    own = await _decide(client, staffed, carry_over_id, staffed.auth("committee"))
    assert (own.status_code, own.json()["code"]) == (403, "own_proposal")

    approved = await _decide(client, staffed, carry_over_id, await _another_committee_member(pool, staffed))
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["households"]) == ("approved", 300)
    again = await _decide(client, staffed, carry_over_id, staffed.auth("supervisor"))
    assert (again.status_code, again.json()["code"]) == (409, "already_decided")

    # Every balance on the public board, as the passbook has it, pending until publicity ends.
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    posted = {item["household"].split()[0]: item for item in board["items"]}
    assert len(posted) == 300
    for n in range(1, 301):
        item = posted[f"{n:03d}"]
        assert (item["carried_in"]["spendable"], item["carried_in"]["honour"]) == _figures(n)
        assert item["carried_in"]["source"] == {"page": str(n // 10 + 1), "line": str(n % 10 + 1)}
        assert item["ends_on"] == _day(7)
    assert posted["120"]["rule"] == "期初结转：可用 220 分，荣誉 290 分（账本第 13 页第 1 行）"
    waiting = await queries.household(pool, staffed.village.community_id, households["120"])
    assert (waiting["spendable"], waiting["pending"], waiting["honour"]) == (0, 220, 0)

    _publicity_ends(server.database_url)
    for n in range(1, 301):
        figures = await queries.household(pool, staffed.village.community_id, households[f"{n:03d}"])
        spendable, honour = _figures(n)
        assert (figures["spendable"], figures["pending"], figures["honour"]) == (spendable, 0, honour)
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert board["items"] == []

    # The resident reads it in words, with the passbook's page, in one language at a time.
    card = await cards.issue_card(pool, staffed.village.community_id, None, households["120"])
    page = await client.get(f"/c/{card.token}")
    assert "期初结转：可用 220 分，荣誉 290 分（账本第 13 页第 1 行）" in page.text
    assert "carry_in." not in page.text
    english = await client.get(f"/c/{card.token}", headers={"Accept-Language": "en"})
    assert (
        "carried over from paper: 220 points to spend, 290 honour (passbook, page 13, line 1)" in english.text
    )

    # Reconciliation: carried-in points apart from points the ledger issued.
    report = (await client.get(f"{staffed.api}/reconciliation", headers=staffed.auth("supervisor"))).json()
    total = sum(_figures(n)[0] for n in range(1, 301))
    assert (report["points"]["issued"], report["points"]["carried_in"], report["points"]["outstanding"]) == (
        0,
        total,
        total,
    )
    assert report["carried_in"]["households"] == 300
    assert report["carried_in"]["honour"] == sum(_figures(n)[1] for n in range(1, 301))
    assert report["ok"] is True

    # The operator's checks agree: every projection is the fold of the log, the chain holds.
    community = ("--community", str(staffed.village.community_id))
    rebuilt = _ledger(server.database_url, "rebuild", "--check", *community)
    assert rebuilt.returncode == 0, rebuilt.stdout
    assert "matches the log" in rebuilt.stdout
    verified = _ledger(server.database_url, "verify", *community)
    assert verified.returncode == 0, verified.stdout
    assert " ok, " in verified.stdout


async def test_a_household_is_carried_over_once(pool, client, staffed, server):
    households = await _households(pool, staffed, 3)
    checker = await _another_committee_member(pool, staffed)
    first = await _upload(client, staffed, _csv(_rows(2)), media_type="text/csv")
    await _decide(client, staffed, first.json()["carry_over_id"], checker)

    # Household 002 again, beside 003 that was never carried over: the whole sheet is refused,
    # naming 002's row; in publicity or after it, the answer is the same.
    second = _csv([["002", "户主2", 1, 1, 9, 1], ["003", "户主3", 1, 1, 9, 2]])
    for moment in ("in publicity", "in effect"):
        head = await _head(pool, staffed)
        answer = await _upload(client, staffed, second, media_type="text/csv")
        assert answer.status_code == 400, moment
        assert [(p["row"], p["value"]) for p in answer.json()["problems"]] == [(2, "002")], moment
        assert "每户只能结转一次" in answer.json()["problems"][0]["problem"]
        assert await _head(pool, staffed) == head
        _publicity_ends(server.database_url)
    figures = await queries.household(pool, staffed.village.community_id, households["002"])
    assert (figures["spendable"], figures["honour"]) == _figures(2)


async def test_the_database_itself_keeps_each_household_to_one_carry_over(pool, staffed):
    """Past the service's checks, the unique key (community, household, while not ended)
    still refuses a second carry-in, and the refused proposal leaves nothing behind."""
    community_id = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    line = CarryInLine(2, "001", None, 10, 10, Source(page="1"))

    async def propose() -> None:
        async with pool.acquire() as connection, connection.transaction():
            await lock_head(connection, community_id)
            await carry_over_store.propose_households(
                connection,
                community_id,
                staffed.village.staff["committee"],
                uuid.uuid4(),
                None,
                [(line, household)],
            )

    await propose()
    head = await _head(pool, staffed)
    with pytest.raises(Refused) as refused:
        await propose()
    assert refused.value.code == "already_exists"
    assert await _head(pool, staffed) == head
    assert len(await carry_over_store.live_lines(pool, community_id)) == 1


async def test_a_rejected_sheet_or_an_upheld_objection_leaves_the_household_free_for_a_corrected_one(
    pool, client, staffed, server
):
    households = await _households(pool, staffed, 2)
    checker = await _another_committee_member(pool, staffed)
    rejected = await _upload(client, staffed, _csv(_rows(2)), media_type="text/csv")
    answer = await _decide(client, staffed, rejected.json()["carry_over_id"], checker, approve=False)
    assert answer.json()["status"] == "rejected"
    listed = (await client.get(f"{staffed.api}/carry-over", headers=staffed.auth("committee"))).json()
    assert [(entry["status"], entry["households"]) for entry in listed] == [("rejected", 2)]

    # Proposed again and approved; household 001 objects on the board: its passbook says otherwise.
    again = await _upload(client, staffed, _csv(_rows(2)), media_type="text/csv")
    assert again.status_code == 201
    await _decide(client, staffed, again.json()["carry_over_id"], checker)
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    wrong = next(item for item in board["items"] if item["household"].startswith("001"))
    card = await cards.issue_card(pool, staffed.village.community_id, None, households["001"])
    objection = await client.post(
        f"/api/v1/cards/{card.token}/objections",
        json={"award_seq": wrong["award_seq"], "reason": "我家积分折上是 150 分"},
    )
    upheld = await client.post(
        f"{staffed.api}/objections/{objection.json()['objection_id']}/decision",
        json={"uphold": True, "reason": "核对积分折：应为 150 分"},
        headers=staffed.auth("supervisor"),
    )
    assert upheld.json()["award_rejected"] is True
    _publicity_ends(server.database_url)
    rejected_figures = await queries.household(pool, staffed.village.community_id, households["001"])
    assert (rejected_figures["spendable"], rejected_figures["pending"], rejected_figures["honour"]) == (
        0,
        0,
        0,
    )
    accepted = await queries.household(pool, staffed.village.community_id, households["002"])
    assert (accepted["spendable"], accepted["honour"]) == _figures(2)
    history = (await client.get(f"/api/v1/cards/{card.token}")).json()["history"]
    assert history[0]["title"] == "异议成立，+101 分不生效"

    # The corrected figure for 001 alone; 002 is in effect and stays refused.
    corrected = await _upload(client, staffed, _csv([["001", "户主1", 150, 51, 1, 2]]), media_type="text/csv")
    assert corrected.status_code == 201
    refused = await _upload(client, staffed, _csv([["002", "户主2", 1, 1, 1, 3]]), media_type="text/csv")
    assert [p["value"] for p in refused.json()["problems"]] == ["002"]
    await _decide(client, staffed, corrected.json()["carry_over_id"], checker)
    _publicity_ends(server.database_url)
    figures = await queries.household(pool, staffed.village.community_id, households["001"])
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (150, 0, 51)
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_rows_the_record_does_not_know_and_fairness_are_named_before_anything_is_proposed(
    pool, client, staffed
):
    households = await _households(pool, staffed, 3)
    await client.post(
        f"{staffed.api}/my-households",
        json={"household_id": str(households["001"]), "kind": "own"},
        headers=staffed.auth("committee"),
    )
    await client.post(
        f"{staffed.api}/my-households",
        json={"household_id": str(households["002"]), "kind": "own"},
        headers=staffed.auth("counter"),
    )
    rows = [*_rows(3), ["009", "户主9", 5, 5, 1, 1]]
    rows[2][1] = "别人"
    answer = await _upload(client, staffed, _workbook(rows))
    found = [(p["row"], p["column"], p["value"]) for p in answer.json()["problems"]]
    assert found == [(3, "户号", "001"), (5, "户主", "别人"), (6, "户号", "009")]
    assert answer.json()["problems"][1]["problem"] == "户主与登记的不同（登记为 户主3）"

    # Without the committee member's own household: the counter's household is a staff
    # household, so the supervision committee decides the sheet, not another committee member.
    proposed = await _upload(client, staffed, _workbook(_rows(3)[1:]))
    assert proposed.json()["staff_households"] == ["002"]
    checker = await _another_committee_member(pool, staffed)
    not_theirs = await _decide(client, staffed, proposed.json()["carry_over_id"], checker)
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (403, "needs_supervisor")
    assert "002" in not_theirs.json()["detail"]
    by_supervisor = await _decide(
        client, staffed, proposed.json()["carry_over_id"], staffed.auth("supervisor")
    )
    assert by_supervisor.json()["households"] == 2


async def test_the_funds_opening_balance_is_carried_over_once_by_maker_and_checker(
    pool, client, staffed, server
):
    opening = {"amount_fen": 1_234_560, "reference": "2023年村账本第12页"}
    proposed = await client.post(
        f"{staffed.api}/carry-over/fund", json=opening, headers=staffed.auth("committee")
    )
    assert proposed.status_code == 201
    twice = await client.post(
        f"{staffed.api}/carry-over/fund", json=opening, headers=staffed.auth("committee")
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "already_exists")
    fund = f"{staffed.api}/fund"
    assert (await client.get(fund, headers=staffed.auth("committee"))).json()["balance_fen"] == 0
    own = await _decide(client, staffed, proposed.json()["carry_over_id"], staffed.auth("committee"))
    assert own.json()["code"] == "own_proposal"
    approved = await _decide(client, staffed, proposed.json()["carry_over_id"], staffed.auth("supervisor"))
    assert approved.status_code == 200
    assert (await client.get(fund, headers=staffed.auth("committee"))).json()["balance_fen"] == 1_234_560
    after = await client.post(
        f"{staffed.api}/carry-over/fund", json=opening, headers=staffed.auth("committee")
    )
    assert after.json()["code"] == "already_exists"

    month = _day(0)[:7]
    statement = (await client.get(f"{fund}/statements/{month}", headers=staffed.auth("committee"))).json()
    assert statement["closing_balance_fen"] == 1_234_560
    assert [(e["amount_fen"], e["party"]) for e in statement["entries"]] == [
        (1_234_560, "2023年村账本第12页")
    ]
    report = (await client.get(f"{staffed.api}/reconciliation", headers=staffed.auth("committee"))).json()
    assert report["carried_in"]["fund_fen"] == 1_234_560
    assert report["ok"] is True
    bad = await client.post(
        f"{staffed.api}/carry-over/fund",
        json={"amount_fen": -1, "reference": "x"},
        headers=staffed.auth("committee"),
    )
    assert bad.status_code == 400
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_a_doctored_carry_in_is_named_by_the_rebuild_check(pool, owner, client, staffed, server):
    households = await _households(pool, staffed, 2)
    proposed = await _upload(client, staffed, _csv(_rows(2)), media_type="text/csv")
    await _decide(client, staffed, proposed.json()["carry_over_id"], staffed.auth("supervisor"))
    await owner.execute(
        "UPDATE carry_ins SET status = 'confirmed' WHERE community_id = $1 AND household_id = $2",
        staffed.village.community_id,
        households["001"],
    )
    found = await integrity.check_rebuild(pool, staffed.village.community_id)
    assert found == [f"carry-over of household {households['001']}: log gives publicity, table has confirmed"]
    checked = _ledger(
        server.database_url, "rebuild", "--check", "--community", str(staffed.village.community_id)
    )
    assert checked.returncode == 1


async def test_every_answer_of_the_carry_over_operations_is_in_the_openapi_document(client):
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    base = "/api/v1/communities/{community_id}/carry-over"
    expected = {
        (f"{base}/sheets", "post"): {"200", "201", "400", "401", "403", "404", "409", "413", "503"},
        (f"{base}/fund", "post"): {"201", "400", "401", "403", "404", "409", "413", "503"},
        (base, "get"): {"200", "400", "401", "403", "404", "503"},
        (f"{base}/{{carry_over_id}}/lines", "get"): {"200", "400", "401", "403", "404", "503"},
        (f"{base}/{{carry_over_id}}/decision", "post"): set("200 400 401 403 404 409 413 503".split()),
    }
    for (path, method), statuses in expected.items():
        assert set(paths[path][method]["responses"]) == statuses, path


async def test_the_committee_proposes_and_the_supervision_committee_approves_from_the_page(
    pool, client, staffed
):
    households = await _households(pool, staffed, 2)
    page = f"/staff/{staffed.village.community_id}/carry-over"
    committee = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    shown = await client.get(page, headers=committee)
    assert shown.status_code == 200
    assert "期初结转" in shown.text

    def upload(check_only: bool):
        return {
            "data": {
                "csrf_token": hidden_csrf(shown.text),
                "action": "import",
                **({"dry_run": "1"} if check_only else {}),
            },
            "files": {"file": ("积分折.csv", _csv(_rows(2)), "text/csv")},
        }

    checked = await submit(client, page, headers=committee, **upload(True))
    assert "检查通过：2 户" in checked.text
    head = await _head(pool, staffed)
    proposed = await submit(client, page, headers=committee, **upload(False))
    assert "已提交 2 户的期初余额" in proposed.text
    assert "等待另一位审批" in proposed.text  # its proposer gets no approve button
    assert await _head(pool, staffed) == head + 1  # one event: the sheet, with every line in it
    reloaded = await client.get(str(proposed.url), headers=committee)
    assert await _head(pool, staffed) == head + 1  # a reload sends nothing again
    assert reloaded.status_code == 200

    supervisor = session_cookie(await log_in(client, staffed.village.usernames["supervisor"], PASSWORD))
    review = await client.get(page, headers=supervisor)
    assert "积分折.csv" in review.text
    assert "账本第 1 页第 2 行" in review.text  # the checker sees every line and its source
    assert 'name="action" value="import"' not in review.text  # supervisors decide, they do not propose
    carry_over_id = (
        await client.get(f"{staffed.api}/carry-over", headers=staffed.auth("supervisor"))
    ).json()[0]["carry_over_id"]
    decided = await submit(
        client,
        page,
        headers=supervisor,
        data={
            "csrf_token": hidden_csrf(review.text),
            "action": "decide",
            "carry_over_id": carry_over_id,
            "decision": "approve",
        },
    )
    assert "已通过：2 户的期初余额已上公示栏" in decided.text
    figures = await queries.household(pool, staffed.village.community_id, households["002"])
    assert figures["pending"] == _figures(2)[0]
    english = await client.get(page, headers={**supervisor, "Accept-Language": "en"})
    assert "Carry-over" in english.text
    assert "期初结转：" not in english.text  # one language at a time
