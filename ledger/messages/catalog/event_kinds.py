"""Every event kind's label, in Chinese and English."""

from __future__ import annotations

from ledger.messages import words

# Each event kind's label: (zh, en).
EVENT_KINDS: dict[str, tuple[str, str]] = {
    "community.created": ("建立村（社区）", "community created"),
    "household.registered": ("登记入户", "household registered"),
    "household.changed": ("户信息变更", "household changed"),
    "member.added": ("增加成员", "member added"),
    "member.changed": ("成员信息变更", "member changed"),
    "staff.granted": ("授予角色", "role granted"),
    "staff.revoked": ("撤销角色", "role revoked"),
    "staff.linked": ("申报关联户", "household linked to staff"),
    "card.issued": ("发放积分卡", "card issued"),
    "card.revoked": ("积分卡作废", "card revoked"),
    "rule.defined": ("新增细则", "rule defined"),
    "rule.changed": ("细则变更", "rule changed"),
    "rule.retired": ("细则停用", "rule retired"),
    "award.confirmed": ("加分生效", "award confirmed"),
    "award.proposed": ("积分申报", "award proposed"),
    "award.claimed": ("村民申报", "claimed by the household"),
    "award.approved": ("加分已通过", "award approved"),
    "award.rejected": ("申报未通过", "award rejected"),
    "evidence.added": ("补充照片", "evidence added"),
    "publicity.started": ("进入公示", "publicity started"),
    "settlement.expired": ("年底积分清零", "points expired at year end"),
    "settlement.done": ("年底结算", "year-end settlement"),
    "honour.granted": ("授予荣誉", "honour granted"),
    "objection.raised": ("提出异议", "objection raised"),
    "objection.upheld": ("异议成立", "objection upheld"),
    "objection.dismissed": ("异议不成立", "objection dismissed"),
    "deduction.recorded": ("扣分", "deduction"),
    "goods.listed": ("商品上架", "goods listed"),
    "stock.received": ("商品入库", "stock received"),
    "stock.written_off": ("商品报损", "stock written off"),
    "stock.counted": ("库存盘点", "stock counted"),
    "goods.changed": ("商品变更", "goods changed"),
    "fund.contributed": ("幸福基金捐款", "fund gift"),
    "fund.spent": ("幸福基金支出", "fund spending"),
    "fund.resolved": ("幸福基金支出决议", "fund spending resolved by a meeting"),
    "fund.receipt_added": ("幸福基金支出票据", "fund spending receipt added"),
    "fund.resolution_withdrawn": ("撤回幸福基金支出决议", "fund spending resolution withdrawn"),
    "redemption.made": ("兑换", "redemption"),
    "reversal.recorded": ("冲正", "reversal"),
    "redemption.cancelled": ("撤销兑换", "redemption cancelled"),
    "community.policy_changed": ("积分制度设置变更", "policy changed"),
    "pin.set": ("设置兑换密码", "PIN set"),
    "pin.unlocked": ("解锁兑换密码", "PIN unlocked"),
    # carry-over from paper
    "carry_over.proposed": ("期初结转提交", "carry-over proposed"),
    "carry_over.approved": ("期初结转通过", "carry-over approved"),
    "carry_over.rejected": ("期初结转驳回", "carry-over rejected"),
    "carry_in.posted": ("期初结转公示", "carry-over in publicity"),
    "carry_in.confirmed": ("期初结转生效", "carried over from paper"),
    "fund.carried_in": ("幸福基金期初结转", "fund opening balance carried over"),
    # groups and grids
    "group.created": ("新建小组或网格", "group or grid created"),
    "group.renamed": ("小组或网格改名", "group or grid renamed"),
    "group.retired": ("小组或网格撤销", "group or grid retired"),
    "household.moved": ("调整所属小组、网格", "household moved to a group or grid"),
    "grid.assigned": ("分配网格给网格员", "grid assigned to a scorer"),
    "grid.unassigned": ("收回网格员的网格", "grid taken from a scorer"),
}


def event_label(kind: str) -> str:
    zh, en = EVENT_KINDS.get(kind, ("其他记录", "other entry"))
    return words(zh, en)
