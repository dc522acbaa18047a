"""The words: every refusal message, every refusal code, every event kind, every field a
form or a request names — in Chinese and in English. Keys are the code's stable ids (a
refusal's English template, a code, an event kind, a field name); values keep the same
{names} as the template, filled with the refusal's numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger.domain.errors import Refused
from ledger.messages import words

# A refusal's English template → its Chinese template (same {names}).
REFUSALS: dict[str, str] = {
    # the record: awards, the counter's figures, reversals (ledger/store/record.py OUTCOME_DETAILS)
    "no such household in this community": "本村没有这一户",
    "no such rule in this community": "本村没有这条细则",
    "no such goods item in this community": "本村没有这件商品",
    "no such event in this community": "本村没有这条记录",
    "the household has moved out or closed": "这一户已迁出或销户",
    "the goods item is retired": "这件商品已下架",
    "the rule is retired": "这条细则已停用",
    "this award of {points} points would take the household past its yearly cap of "
    "{yearly_points_cap} ({earned} earned in {year})": "这次加 {points} 分会超过每户每年 {yearly_points_cap} 分的上限"
    "（{year} 年已得 {earned} 分）",
    "needs {points} points, {spendable} spendable": "需要 {points} 分，可用 {spendable} 分",
    "{quantity} wanted, only {stock} in stock": "要 {quantity} 件，库存只有 {stock} 件",
    "this Idempotency-Key was already used for a different request": "这个请求编号（Idempotency-Key）已用于另一笔业务",
    "this event has already been reversed": "这条记录已经冲正过了",
    "only awards, deductions and redemptions can be reversed": "只有加分、扣分和兑换可以冲正",
    "the supermarket is not redeeming today": "爱心超市今天不兑换",
    "that year has not ended yet in this community": "这一年还没有结束，不能结算",
    "this household is linked to you (your own or declared related): someone else must do it": (
        "这一户与你有关联（本户或你申报的亲属户），须由别人办理"
    ),
    "household number {number} is already registered": "户号 {number} 已经登记过了",
    "rule code {code} is already defined": "细则编码 {code} 已经有了",
    "goods code {code} is already listed": "商品编码 {code} 已经上架了",
    "event {seq} is not a fund expenditure": "第 {seq} 条记录不是幸福基金支出",
    # logging in, tokens and the API's own checks
    "a valid bearer token is needed (POST /api/v1/auth/token)": "需要有效的登录令牌（POST /api/v1/auth/token）",
    "a bearer token is needed": "需要登录令牌",
    "not a community you serve": "你不在这个村（社区）任职",
    "too many requests from this address; wait a minute": "这个地址的请求太多，请一分钟后再试",
    "wrong username or password": "用户名或密码错误",
    "too many wrong passwords: the account is locked for a while": "密码错误次数太多，账户暂时锁定，请稍后再试",
    "the current password is wrong": "当前密码不对",
    "a password has {minimum} to {maximum} characters": "密码须为 {minimum} 至 {maximum} 个字符",
    "the password is too simple: use at least 5 different characters": "密码太简单：至少要用 5 个不同的字符",
    "this form did not come from this site (CSRF token missing or wrong)": "这张表单不是从本站提交的，请刷新页面后重试",
    "this form was posted from another site": "这张表单是从别的网站提交的，未办理",
    "a redemption needs an Idempotency-Key header, so a retry is safe": (
        "兑换请求须带 Idempotency-Key 请求头，重试才不会重复兑换"
    ),
    "month is YYYY-MM": "月份的格式是 年-月，如 2026-03",
    # communities, households, members, staff
    "no such community": "没有这个村（社区）",
    "no household numbered {number}": "没有户号为 {number} 的户",
    "no such member in this household": "这一户没有这位成员",
    "moving out or closing a household needs a reason": "迁出或销户须写明原因",
    "no such card": "没有这张积分卡",
    "no such card in this community": "本村没有这张积分卡",
    "no such card in this community, or it was replaced": "本村没有这张卡，或者它已换成新卡",
    "no such staff member in this community": "本村没有这位工作人员",
    "no such user": "没有这个用户",
    "the username {username} is taken": "用户名 {username} 已被占用",
    "an admin does not revoke their own admin role; another admin does": "管理员不能撤销自己的管理员角色，须由另一位管理员办理",
    "{username} does not hold the role {role} here": "{username} 在本村没有「{role}」角色",
    "own or related": "请选择「本户」或「亲属户」",
    "unknown time zone {time_zone}": "不认识的时区 {time_zone}",
    "no township {township} in county {county}": "{county}没有{township}",
    "no county {county}": "没有{county}",
    # rules, proposals, publicity, honours, settlement
    "a rule gives or takes at least one point": "细则至少要加 1 分或扣 1 分",
    "codes starting {prefix} are kept for honours": "以 {prefix} 开头的编码留给荣誉使用",
    "an honour's bonus rule is fixed (文明家庭 50, 道德模范 100, always in publicity)": (
        "荣誉的奖励细则是固定的（文明家庭 50 分，道德模范 100 分，都要公示）"
    ),
    "this community's policy sends every award and deduction through a proposal that someone else decides": (
        "本村规定：每次加分、扣分都要先申报，由别人审批"
    ),
    "an award to a staff member's household goes through a proposal that the supervision committee decides": (
        "给工作人员本户加分须先申报，由监督委员会决定"
    ),
    "an award to a staff member's household needs the supervision committee's decision": (
        "给工作人员本户加分须由监督委员会决定"
    ),
    "the committee decides awards for households that are not staff households": "非工作人员户的申报由村两委审批",
    "no such proposal in this community": "本村没有这条申报",
    "this proposal has no evidence": "这条申报没有照片",
    "no open proposals in that batch": "这一批没有待审的申报",
    "household {household_id} (item {row} of the batch) is not in this community; nothing was proposed": (
        "第 {row} 户（{household_id}）不在本村，整批都没有提交"
    ),
    "household {household_id} (item {row}) has moved out or closed; nothing was proposed": (
        "第 {row} 户（{household_id}）已迁出或销户，整批都没有提交"
    ),
    "proposal {proposal_id} was already {status}": "申报 {proposal_id} 已经{status}了",
    "the proposal was already {status}": "这条申报已经{status}了",
    "nobody approves or rejects their own proposal": "自己的申报不能自己审批",
    "proposal {proposal_id} needs a photo as evidence before approval": "申报 {proposal_id} 须先补上照片才能通过",
    "only the proposer adds evidence to a proposal": "只有申报人可以给申报补照片",
    "no such item on the publicity board": "公示栏上没有这一项",
    "its publicity is over": "这一项的公示已经结束",
    "no such objection in this community": "本村没有这条异议",
    "the objection was already {status}": "这条异议已经{status}了",
    # the objection limits (ledger/store/publicity.py, ledger/limits.py)
    "this address already has an open objection to item #{award_seq}; "
    "the supervision committee will look into it": "这个地址对公示 #{award_seq} 已有一条异议在等待核实，监督委员会会处理",
    "this card already has an open objection to item #{award_seq}; "
    "the supervision committee will look into it": "这张卡对公示 #{award_seq} 已有一条异议在等待核实，监督委员会会处理",
    "{count} objections from this address today; at most {limit} a day": "今天这个地址已提出 {count} 条异议，每天最多 {limit} 条",
    "{count} objections from this card today; at most {limit} a day": "今天这张卡已提出 {count} 条异议，每天最多 {limit} 条",
    "this household already holds {title} for {year}": "这一户 {year} 年已获评「{title}」",
    "the committee runs the year-end settlement": "年底结算由村两委办理",
    "{day} has not come yet (today is {today})": "{day} 还没到（今天是 {today}）",
    "{day} is too far back: entries may be dated from {earliest} on": "{day} 太早了：最早只能记到 {earliest}",
    "at most {limit} households at once": "一次最多 {limit} 户",
    "choose 1 to {limit} households; {chosen} chosen": "请选择 1 至 {limit} 户（现在选了 {chosen} 户）",
    "no household numbered {numbers}; nothing was proposed": "没有户号为 {numbers} 的户，整批都没有提交",
    "the batch changed since the page was shown; reload it and decide again": "这一批已有变化，请刷新页面后再审",
    # boards
    "this community does not publish a black list": "本村不公开黑榜",
    "that month has not begun": "那个月还没开始",
    "the list for {month} was taken down on {taken_down_on}": "{month} 的榜单已于 {taken_down_on} 撤下",
    # the love supermarket, stock and the fund
    "{quantity} of one item in the cart, more than {limit}": "同一件商品要了 {quantity} 件，超过了每次 {limit} 件的上限",
    "choose at least one item": "请至少选一件商品",
    "the form has no Idempotency-Key; look the card up again": "表单缺少请求编号，请重新查一下卡",
    "wrong PIN": "兑换密码不对",
    "this community asks for a PIN, and the household has none yet: the committee sets one": (
        "本村兑换要输密码，这一户还没有设置，请村两委先设置"
    ),
    "the PIN is locked after too many wrong tries; the committee unlocks it": "密码错误次数太多已锁定，请村两委解锁",
    "this community asks for the household's PIN": "本村兑换要输这一户的兑换密码",
    "too many wrong PINs: locked until the committee unlocks it": "密码错误次数太多，已锁定，须由村两委解锁",
    "no such redemption in this community": "本村没有这笔兑换",
    "only the counter user who made a redemption may cancel it, and only the same day; after that the supervision "
    "committee reverses it": "只有办理这笔兑换的超市管理员当天可以撤销；过了当天须由监督委员会冲正",
    "that policy is not possible (a monthly window needs its day)": "这样设置不行：每月兑换一天，须选定哪一天",
    "the committee keeps the goods catalog": "商品目录由村两委管理",
    "cannot write off more than is on the shelf": "报损数量不能超过库存",
    "this item has no photo": "这件商品没有照片",
    "a donation in kind names its donor (or 匿名 for anonymous)": "捐赠的物品须写明捐赠人（匿名的写「匿名」）",
    "only bought stock names a fund expenditure": "只有用基金购买的入库才填基金支出记录",
    "a household's gift names the household, and only then": "农户捐款须写明户号，其他来源不填户号",
    "an anonymous gift names no donor": "匿名捐款不写捐赠人",
    "the fund does not hold that much": "幸福基金余额不够",
    # images and files
    "no image in the request body": "没有收到照片",
    "an image is at most {kib} KiB": "照片最大 {kib} KB",
    "only JPEG, PNG or WebP images": "照片只能是 JPEG、PNG 或 WebP 格式",
    "not a readable image": "照片打不开，请换一张",
    "the image has too many pixels": "照片像素太多，请缩小后再传",
    "choose a spreadsheet: .xls, .xlsx, .ods or CSV": "请选择一个表格文件：.xls、.xlsx、.ods 或 CSV",
    # a validation failure already worded in both languages (ledger/messages/validation.py)
    "{problem}": "{problem}",
    # spreadsheets
    "this file is not a spreadsheet: save it as .xls, .xlsx, .ods or CSV and upload it again": (
        "这个文件不是表格：请存为 .xls、.xlsx、.ods 或 CSV 文件后再上传"
    ),
    "the {file_format} file could not be read (damaged, protected by a password, or too large): "
    "save it again as .xls, .xlsx, .ods or CSV": (
        "这个 {file_format} 文件读不出来（文件已损坏、设了密码或太大）：请重新另存为 .xls、.xlsx、.ods 或 CSV 文件"
    ),
    "the sheet is used down to row {rows} and across to column {columns}, more than {cells} cells: "
    "delete what was typed far below or to the right of the table": (
        "工作表用到了第 {rows} 行、第 {columns} 列，超过 {cells} 个单元格：请删掉表格下方或右侧远处误填的内容"
    ),
    "the workbook has no worksheet": "这个工作簿里没有工作表",
    "a CSV file must be saved in UTF-8 or GB18030 (as Excel saves it)": (
        "CSV 文件须为 UTF-8 或 GB18030 编码（Excel 另存为 CSV 即是）"
    ),
    # carry-over from paper
    "a household of this sheet already has a carry-over; nothing was proposed": (
        "表格里有一户已经结转过了，没有提交"
    ),
    "the fund's opening balance is already carried over or proposed": "幸福基金的期初余额已经结转过或已提交",
    "the fund's opening balance is already carried over (entry #{seq}); it is carried over once": (
        "幸福基金的期初余额已经结转过（记录 #{seq}），只能结转一次"
    ),
    "no such carry-over in this community": "本村没有这次期初结转",
    "this carry-over was already decided ({status})": "这次期初结转已经处理过了（已{status}）",
    "nobody approves or rejects a carry-over they proposed": "自己提交的期初结转不能自己审批，须由另一位村两委成员或监督委员会审批",
    "the committee or the supervision committee decides a carry-over": "期初结转由村两委或监督委员会审批",
    "household {number} (row {row}) is linked to you (your own or declared related): "
    "someone else must decide this carry-over": (
        "{number} 户（第 {row} 行）与你有关联（本户或你申报的亲属户），这次期初结转须由别人审批"
    ),
    "household {number} (row {row}) is a staff member's household: "
    "the supervision committee decides this carry-over": (
        "{number} 户（第 {row} 行）是工作人员的家庭，这次期初结转须由监督委员会审批"
    ),
    "household {number} (row {row}) has moved out or closed since the sheet was proposed; "
    "reject the sheet and propose it again without it": (
        "{number} 户（第 {row} 行）在提交后已迁出或销户：请驳回这张表，去掉这一户后重新提交"
    ),
    "the committee proposes a carry-over": "期初结转由村两委提交",
    # supervision pages
    "there is no kind of entry called {kind}": "没有“{kind}”这种记录",
    "the first day {date_from} is after the last day {date_to}": "开始日期 {date_from} 晚于结束日期 {date_to}",
    "a record fingerprint has 64 letters and digits (0-9, a-f); {count} were typed": (
        "记录指纹共 64 位（数字 0-9 和字母 a-f），这里输入了 {count} 位"
    ),
    # counter and pages
    "a day from {earliest} to {latest}, please": "日期请在 {earliest} 到 {latest} 之间",
    "only the supervision committee reverses entries": "只有村务监督委员会可以冲正记录",
    "this needs one of these roles in this community: {roles}": "这件事需要本村的以下角色之一：{roles}",
    "take a photo of the card first": "请先给卡拍照",
    "a photo is at most {mib} MiB": "照片最大 {mib} MB",
    "no QR code in the photo: take it again closer, or type the card's code": (
        "照片里没找到二维码：请靠近一点再拍，或输入卡上的号码"
    ),
    "the two new passwords differ": "两次输入的新密码不一样",
    "tick the box that says the old cards stop working": "请勾选“我知道旧卡将作废”",
    "the cards would print {address}, which only this machine can open": (
        "卡上会印 {address}：这个地址只有本机能打开，村民手机扫不开"
    ),
    "the pages speak zh and en only": "页面只有中文（zh）和英文（en）两种",
}

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
}

# Each field a request or a form names: (zh, en).
FIELDS: dict[str, tuple[str, str]] = {
    # households, members, cards
    "household_id": ("户", "household"),
    "household_ids": ("户", "households"),
    "households": ("户数", "households"),
    "number": ("户号", "household number"),
    "numbers": ("户号", "household numbers"),
    "head_name": ("户主姓名", "head of household"),
    "name": ("名称", "name"),
    "relation": ("与户主关系", "relation"),
    "phone": ("电话", "phone"),
    "id_card_last4": ("身份证后四位", "ID card's last four"),
    "status": ("状态", "status"),
    "card": ("积分卡", "card"),
    "pin": ("兑换密码", "PIN"),
    "kind": ("类型", "kind"),
    # the counter and the goods
    "lines": ("商品清单", "lines"),
    "goods_id": ("商品", "goods item"),
    "quantity": ("数量", "quantity"),
    "counted": ("盘点数量", "counted"),
    "points": ("积分", "points"),
    "low_stock_threshold": ("库存预警线", "low-stock threshold"),
    "unit": ("单位", "unit"),
    "source": ("来源", "source"),
    "donor": ("捐赠人", "donor"),
    "fund_expenditure_seq": ("基金支出记录号", "fund expenditure entry"),
    "idempotency_key": ("请求编号", "request key"),
    "Idempotency-Key": ("请求编号（Idempotency-Key）", "Idempotency-Key"),
    # the fund
    "amount_fen": ("金额", "amount"),
    "amount": ("金额", "amount"),
    "method": ("方式", "method"),
    "purpose": ("用途", "purpose"),
    "payee": ("收款方", "payee"),
    # rules, proposals, publicity, honours
    "rule_id": ("细则", "rule"),
    "code": ("编码", "code"),
    "name_en": ("英文名", "English name"),
    "category": ("类别", "category"),
    "needs_publicity": ("须公示", "needs publicity"),
    "needs_evidence": ("须照片", "needs a photo"),
    "member": ("家庭成员", "member"),
    "note": ("备注", "note"),
    "reason": ("原因", "reason"),
    "occurred_on": ("发生日期", "date"),
    "approve": ("审批结果", "decision"),
    "decision": ("审批结果", "decision"),
    "batch_id": ("申报批次", "batch"),
    "award_seq": ("公示条目", "publicity item"),
    "objection_id": ("异议", "objection"),
    "uphold": ("裁定", "ruling"),
    "event_seq": ("记录号", "entry number"),
    "seq": ("记录号", "entry number"),
    "title": ("荣誉称号", "honour"),
    "year": ("年份", "year"),
    "month": ("月份", "month"),
    "photo": ("照片", "photo"),
    "file": ("文件", "file"),
    "dry_run": ("只检查不导入", "check only"),
    "everyone": ("全部户", "every household"),
    # policy
    "counter_pin_required": ("兑换时要输密码", "PIN at the counter"),
    "redemption_window": ("兑换时间", "redemption window"),
    "redemption_day": ("每月兑换日", "redemption day"),
    "deduction_may_overdraw": ("扣分可扣成负数", "deductions may overdraw"),
    "fund_points_per_100_yuan": ("每捐 100 元得分", "points per 100 yuan given"),
    "star_thresholds": ("星级分数线", "star thresholds"),
    "publicity_days": ("公示天数", "publicity days"),
    "publicity_threshold": ("须公示的分数", "publicity threshold"),
    "year_end": ("年底结算方式", "year end"),
    "red_board_size": ("红榜户数", "red list size"),
    "black_board_public": ("公开黑榜", "public black list"),
    "board_listing_days": ("红黑榜公布天数", "days a list stays up"),
    "yearly_points_cap": ("每户每年积分上限", "yearly points cap"),
    "direct_awards": ("直接加分", "direct awards"),
    # staff and logging in
    "username": ("用户名", "username"),
    "password": ("密码", "password"),
    "current_password": ("当前密码", "current password"),
    "new_password": ("新密码", "new password"),
    "display_name": ("显示名", "display name"),
    "roles": ("角色", "roles"),
    "role": ("角色", "role"),
    "user_id": ("工作人员", "staff member"),
    # query parameters and forms' own fields
    "after": ("起始位置", "after"),
    "limit": ("条数", "limit"),
    "days": ("天数", "days"),
    "colour": ("红榜或黑榜", "list"),
    "format": ("格式", "format"),
    "action": ("操作", "action"),
    "csrf_token": ("表单校验码", "form token"),
    "back": ("返回", "back"),
    "repeated_password": ("再输一次新密码", "new password again"),
    "replace_confirmed": ("确认旧卡作废", "old cards stop working"),
    "allow_loopback": ("允许打印本机地址", "allow this machine's own address"),
    "date_from": ("开始日期", "from"),
    "date_to": ("结束日期", "to"),
    # the supervision pages' filters and the print-out comparison
    "before": ("起始位置", "before"),
    "actor": ("经办人", "done by"),
    "dates": ("按哪个日期", "which date"),
    "household": ("户号", "household number"),
    "hash": ("记录指纹", "fingerprint"),
    # carry-over from paper
    "reference": ("出处", "where it is written"),
    "carry_over_id": ("期初结转", "carry-over"),
    "check_only": ("只检查", "check only"),
    "file_name": ("文件名", "file name"),
}

# Context values that are codes of a small set (a status, a role), in words for the Chinese
# template; the English template shows them as they are.
_VALUE_WORDS: dict[str, dict[str, str]] = {
    "status": {
        "proposed": "提交",
        "approved": "通过",
        "rejected": "驳回",
        "open": "受理",
        "upheld": "裁定成立",
        "dismissed": "裁定不成立",
        "confirmed": "生效",
    },
    "role": {
        "counter": "超市管理员",
        "scorer": "网格员",
        "committee": "村两委",
        "supervisor": "监督委员会",
        "admin": "管理员",
    },
}

HONOUR_TITLES: dict[str, str] = {"文明家庭": "Civilized family", "道德模范": "Moral model"}


class Phrase(str):
    """Words already in both languages, carried as a refusal's number (a validation failure
    is worded where it is caught): the English text, with `zh` beside it."""

    zh: str

    def __new__(cls, zh: str, en: str) -> Phrase:
        phrase = super().__new__(cls, en)
        phrase.zh = zh
        return phrase

    def shown(self) -> str:
        return words(self.zh, str(self))


def role_names(roles: list[str]) -> Phrase:
    """Roles in words, both languages, for a refusal that names them."""
    return Phrase("、".join(_VALUE_WORDS["role"].get(r, r) for r in roles), ", ".join(roles))


def refusal(refused: Refused) -> str:
    """The refusal in the request's language, with its numbers."""
    zh = REFUSALS.get(refused.message)
    if zh is None:
        return code_words(refused.code)
    return words(_filled(zh, refused.context), refused.detail)


def code_words(code: str) -> str:
    zh, en = CODES.get(code, ("未能办理", "not done"))
    return words(zh, en)


def event_label(kind: str) -> str:
    zh, en = EVENT_KINDS.get(kind, ("其他记录", "other entry"))
    return words(zh, en)


def field(name: str) -> str:
    zh, en = FIELDS.get(name, (name, name))
    return words(zh, en)


def _filled(template: str, context: dict[str, Any]) -> str:
    chinese = {
        name: value.zh if isinstance(value, Phrase) else _value_words(name, value)
        for name, value in context.items()
    }
    try:
        return template.format(**chinese)
    except (KeyError, IndexError, ValueError):
        return template


def _value_words(name: str, value: Any) -> Any:
    return _VALUE_WORDS.get(name, {}).get(value, value) if isinstance(value, str) else value


# A resident's history: one sentence per entry, with its numbers.

# (body, spendable_delta, pending_delta, honour_delta) → the sentence
Sentence = Callable[[dict[str, Any], int, int, int], str]


def signed_points(points: int) -> str:
    """+5 分 / −21 分 (a true minus sign, as printed)."""
    sign = "+" if points >= 0 else "\u2212"
    return words(f"{sign}{abs(points)} 分", f"{sign}{abs(points)} points")


def _quoted(name: object) -> str:
    return words(f"「{name}」", f"“{name}”")


def _yuan(fen: object) -> str:
    amount = int(fen) if isinstance(fen, int) else 0
    return words(f"{amount / 100:,.2f} 元", f"¥{amount / 100:,.2f}")


def history_sentence(
    kind: str, body: dict[str, Any], spendable_delta: int, pending_delta: int, honour_delta: int
) -> str:
    """What a resident reads for one entry of their household's history, in the request's
    language: what happened, in words, and what it did to their points."""
    sentence = _HISTORY.get(kind)
    if sentence is not None:
        try:
            return sentence(body, spendable_delta, pending_delta, honour_delta)
        except (KeyError, TypeError, ValueError):
            pass  # an old entry's body without a field read here: its label and points still show
    label = event_label(kind)
    points = spendable_delta or pending_delta or honour_delta
    return words(f"{label}，", f"{label}, ") + signed_points(points) if points else label


def _rule_points(body: dict[str, Any], points: int) -> str:
    rule = _quoted(body.get("rule_name") or words("细则", "rule"))
    return rule + words("", " ") + signed_points(points)


def _redeemed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    count = sum(int(line.get("quantity", 0)) for line in body.get("lines", []))
    return words(f"兑换 {count} 件，", f"redeemed {count} items, ") + signed_points(spendable)


def _awarded(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = _rule_points(body, spendable)
    if "publicity_seq" in body:  # confirmed when its publicity ended without an upheld objection
        return text + words("，公示期满已生效", ", publicity over: it counts")
    return text


def _in_publicity(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    points = int(body.get("points", pending))
    ends_on = body.get("ends_on")
    until = words(f"（至 {ends_on}）", f" until {ends_on}") if ends_on else ""
    return _rule_points(body, points) + words("，公示中", ", in publicity") + until


def _deducted(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = _rule_points(body, honour)
    if spendable != honour:  # no overdraw: spendable emptied, honour took the whole deduction
        return text + words(
            f"（可用积分 {signed_points(spendable)}）", f" (spendable {signed_points(spendable)})"
        )
    return text


def _reversed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    what = event_label(str(body.get("reversed_kind", "")))
    points = spendable or honour
    moved = words("退回", " back") if points > 0 else words("收回", " taken back")
    return words(f"冲正（{what}）", f"reversal ({what})") + _reason(body) + signed_points(points) + moved


def _cancelled(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return (
        words("撤销兑换", "redemption cancelled")
        + _reason(body)
        + signed_points(spendable)
        + words("退回", " back")
    )


def _reason(body: dict[str, Any]) -> str:
    """'：原因，' before the points, or just the comma when no reason was given."""
    reason = body.get("reason")
    return words(f"：{reason}，", f": {reason}, ") if reason else words("，", ", ")


def _objection_upheld(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    if pending:
        return (
            words("异议成立，", "objection upheld, ")
            + signed_points(-pending)
            + words("不生效", " will not count")
        )
    return words("异议成立，这一项不生效", "objection upheld, the item does not count")


def _expired(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    year = body.get("year", "")
    return (
        words(f"{year} 年底结算，", f"year-end {year}: ")
        + signed_points(spendable)
        + words("清零", " expired")
    )


def _honoured(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    title, year = body.get("title", ""), body.get("year", "")
    return words(
        f"获评「{title}」（{year} 年）", f"honoured: {HONOUR_TITLES.get(str(title), title)} ({year})"
    )


def _gave(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    text = words(
        f"向幸福基金捐款 {_yuan(body.get('amount_fen'))}", f"gave {_yuan(body.get('amount_fen'))} to the fund"
    )
    return text + (words("，", ", ") + signed_points(spendable) if spendable else "")


def _proposed(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return _rule_points(body, int(body.get("points", 0))) + words("，已申报待审", ", proposed")


def _rejected(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    reason = body.get("reason")
    return (
        words(f"申报未通过：{reason}", f"proposal rejected: {reason}")
        if reason
        else event_label("award.rejected")
    )


def carry_in_source(source: dict[str, Any]) -> str:
    """Where a carried-in figure comes from: "账本第 3 页第 5 行", "旧台账第 3 页", "旧台账"."""
    page, line, text = source.get("page"), source.get("line"), source.get("text")
    zh = (
        (text or ("账本" if page or line else ""))
        + (f"第 {page} 页" if page else "")
        + (f"第 {line} 行" if line else "")
    )
    placed = ", ".join(
        part for part in (f"page {page}" if page else "", f"line {line}" if line else "") if part
    )
    en = ", ".join(part for part in (text or ("passbook" if placed else ""), placed) if part)
    return words(zh, en)


def carried_in_figures(spendable: int, honour: int, source: dict[str, Any]) -> str:
    """A household's balance from paper as the board and its history show it, to compare
    with its own passbook: "期初结转：可用 120 分，荣誉 80 分（账本第 3 页）"."""
    where = carry_in_source(source)
    return words(
        f"期初结转：可用 {spendable} 分，荣誉 {honour} 分（{where}）",
        f"carried over from paper: {spendable} points to spend, {honour} honour ({where})",
    )


def _carried_in(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    return carried_in_figures(int(body["spendable"]), int(body["honour"]), body.get("source", {}))


def _carry_in_posted(body: dict[str, Any], spendable: int, pending: int, honour: int) -> str:
    ends_on = body.get("ends_on")
    return _carried_in(body, spendable, pending, honour) + words(
        f"，公示中（至 {ends_on}）", f", in publicity until {ends_on}"
    )


def _said(zh: str, en: str) -> Sentence:
    return lambda body, spendable, pending, honour: words(zh, en)


_HISTORY: dict[str, Sentence] = {
    "redemption.made": _redeemed,
    "award.confirmed": _awarded,
    "publicity.started": _in_publicity,
    "deduction.recorded": _deducted,
    "reversal.recorded": _reversed,
    "redemption.cancelled": _cancelled,
    "objection.upheld": _objection_upheld,
    "settlement.expired": _expired,
    "honour.granted": _honoured,
    "fund.contributed": _gave,
    "award.proposed": _proposed,
    "award.rejected": _rejected,
    "award.approved": _said("申报已通过", "proposal approved"),
    "objection.raised": _said(
        "有人对公示中的一项提出异议", "an objection was raised to an item in publicity"
    ),
    "objection.dismissed": _said("异议不成立，公示照常", "objection dismissed, the publicity goes on"),
    "evidence.added": _said("申报补上了照片", "a photo was added to a proposal"),
    "household.registered": _said("登记入户", "household registered"),
    "household.changed": _said("户信息变更", "household details changed"),
    "member.added": _said("增加一位家庭成员", "a member was added"),
    "member.changed": _said("家庭成员信息变更", "a member's details changed"),
    "card.issued": _said("发放积分卡", "card issued"),
    "card.revoked": _said("旧积分卡作废", "the old card stopped working"),
    "staff.linked": _said("登记为工作人员的关联户", "declared linked to a staff member"),
    "pin.set": _said("设置了兑换密码", "PIN set"),
    "pin.unlocked": _said("兑换密码已解锁", "PIN unlocked"),
    "carry_in.posted": _carry_in_posted,
    "carry_in.confirmed": _carried_in,
}
