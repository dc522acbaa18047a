"""Every refusal code in words, for a refusal whose template has none of its own, and each code
the HTTP edge answers by itself."""

from __future__ import annotations

# Each refusal code's message when the template is not in REFUSALS, and each code the
# HTTP edge answers by itself: (zh, en).
CODES: dict[str, tuple[str, str]] = {
    "validation_failed": ("填写的内容有误，请检查后再试", "the input is not valid; check it and try again"),
    "not_found": ("没有找到", "not found"),
    "forbidden": ("你没有权限办理这件事", "you may not do this"),
    "unauthorized": ("请先登录", "please log in first"),
    "insufficient_points": ("积分不够", "not enough points"),
    "insufficient_stock": ("库存不够", "not enough stock"),
    "insufficient_funds": ("幸福基金余额不够", "the fund does not hold that much"),
    "idempotency_conflict": ("这个请求编号已用于另一笔业务", "this request key was used for another request"),
    "household_closed": ("这一户已迁出或销户", "the household has moved out or closed"),
    "goods_retired": ("这件商品已下架", "the goods item is retired"),
    "rule_retired": ("这条细则已停用", "the rule is retired"),
    "yearly_cap_reached": ("已到本年度的积分上限", "the yearly points cap is reached"),
    "already_reversed": ("这条记录已经冲正过了", "this entry has already been reversed"),
    "not_reversible": ("这条记录不能冲正", "this entry cannot be reversed"),
    "already_exists": ("已经有了，不能重复登记", "it already exists"),
    "body_too_large": ("提交的内容太大", "the request is too large"),
    "rate_limited": ("请求太频繁，请一分钟后再试", "too many requests; wait a minute"),
    "account_locked": ("账户暂时锁定，请稍后再试", "the account is locked for a while"),
    "own_proposal": ("自己的申报不能自己审批", "nobody decides their own proposal"),
    "proposal_required": ("须先申报，由别人审批", "this goes through a proposal someone else decides"),
    "evidence_required": ("须先补上照片作为证据", "a photo is needed as evidence first"),
    "conflict_of_interest": (
        "与你有关联的户须由别人办理",
        "someone else must do this for a household linked to you",
    ),
    "needs_supervisor": ("须由监督委员会决定", "the supervision committee decides this"),
    "already_decided": ("已经处理过了", "this was already decided"),
    "redemption_window_closed": ("爱心超市今天不兑换", "the supermarket is not redeeming today"),
    "pin_required": ("须输入兑换密码", "the household's PIN is needed"),
    "pin_wrong": ("兑换密码不对", "wrong PIN"),
    "pin_locked": ("兑换密码已锁定，请村两委解锁", "the PIN is locked; the committee unlocks it"),
    "group_retired": ("这个小组或网格已撤销", "the group or grid is retired"),
    "group_in_use": ("这个小组或网格里还有户，须先调走", "the group or grid still holds households"),
    "grid_outside_group": ("这个网格属于另一个小组", "the grid lies within another group"),
    "not_a_scorer": ("网格只能分配给本村的网格员", "grids are assigned to scorers only"),
    "outside_assigned_grid": ("这一户不在你负责的网格里", "the household is outside your grids"),
    "rule_not_claimable": ("这条细则不能由村民自己申报", "residents may not claim this rule themselves"),
    "claim_limit_reached": ("今天的申报次数已用完", "no more claims today"),
    "resolution_required": (
        "这笔支出超过了须先经会议决议的金额，请先记入决议",
        "above the threshold an expenditure needs its meeting's resolution first",
    ),
    "resolution_not_found": ("没有找到这项决议", "no such resolution"),
    "resolution_used": ("这项决议已用于另一笔支出", "this resolution was used by another expenditure"),
    "resolution_withdrawn": ("这项决议已撤回", "this resolution was withdrawn"),
    "over_resolved_amount": (
        "支出金额超过了决议批准的金额",
        "the expenditure is more than its resolution approves",
    ),
    "quorum_not_met": ("到会人数不足，会议不能召开", "too few attended for the meeting to sit"),
    "majority_not_reached": (
        "同意的未过到会人员半数，决议未通过",
        "not more than half of those attending voted for",
    ),
    # answered by the HTTP edge itself (ledger/api/problems.py)
    "method_not_allowed": ("不支持这种请求方式", "this method is not allowed here"),
    "unsupported_media_type": ("不支持这种内容格式", "this content type is not supported"),
    "bad_request": ("请求有误", "the request is not valid"),
    "internal_error": (
        "服务器出错了，已记下错误，请稍后再试",
        "the server could not answer; the error is logged",
    ),
    "database_unavailable": (
        "系统暂时不可用，请稍后再试",
        "the system is unavailable for a moment; please try again shortly",
    ),
}
