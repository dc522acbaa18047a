"""Every refusal's English template (the code's stable message id) and its Chinese."""

from __future__ import annotations

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
    # the township's and county's view (ledger/services/oversight.py)
    "no such township or county": "没有这个乡镇或县",
    "only the township's or county's oversight may read this": "只有这个乡镇或县的查看人员可以看",
    "the first month {first} comes after the last {last}": "起始月份 {first} 晚于截止月份 {last}",
    "at most {maximum} months at a time": "一次最多查看 {maximum} 个月",
    # a village's groups, drilled down into (ledger/services/village_activity.py)
    "only the village's committee and its township's or county's oversight may read this": (
        "只有本村村委会和所属乡镇、县的查看人员可以看"
    ),
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
    # groups and grids (ledger/store/groups.py)
    "the name {name} is already taken in this community": "本村已经有叫「{name}」的小组或网格了",
    "no such group or grid in this community": "本村没有这个小组或网格",
    "{name} is a grid, not a group": "「{name}」是网格，不是小组",
    "{name} is a group, not a grid": "「{name}」是小组，不是网格",
    "{name} is retired": "「{name}」已撤销",
    "only a grid lies within a group": "只有网格可以归属某个小组",
    "give either a new name or the status retired": "请填写新名称，或者选择撤销（二者选一）",
    "choose a group or grid": "请选择小组或网格",
    "{name} still holds {households} households and {grids} grids; move them first": (
        "「{name}」里还有 {households} 户、{grids} 个网格，须先调走"
    ),
    "grid {grid} lies within another group, not {group}": "网格「{grid}」属于另一个小组，不属于「{group}」",
    "grids are assigned to this community's scorers only": "网格只能分配给本村的网格员",
    "household {number} is outside your grids ({grids})": "第 {number} 户不在你负责的网格（{grids}）里，不能为它申报",
    # residents' own claims
    "no such card, or it was revoked": "没有这张积分卡，或它已作废",
    "a rejected claim says why: the resident reads it on the card": "驳回申报须写明理由：村民会在积分卡上看到",
    "residents claim awards only, never a deduction": "村民只能申报加分事项，不能申报扣分事项",
    "residents may not claim “{rule_name}” themselves: staff propose it": "“{rule_name}”不能由村民自己申报，须由网格员或村两委提出",
    "a card may make {limit} claims a day; {claims} made today": "每张积分卡每天最多申报 {limit} 次，今天已申报 {claims} 次",
    "a card may claim “{rule_name}” {limit} times a day, already done today": (
        "“{rule_name}”每张积分卡每天最多申报 {limit} 次，今天已经申报过了"
    ),
    "household {number}'s claim is outside your grids ({grids}): its grid's scorer or the committee decides it": (
        "第 {number} 户的申报不在你负责的网格（{grids}）里，由该户所在网格的网格员或村两委审核"
    ),
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
    # the fund under 四议两公开
    "the count is not possible: {voted_for} for, {attended} attended, {entitled} entitled": (
        "人数不对：同意 {voted_for} 人，实到 {attended} 人，应到 {entitled} 人"
    ),
    "{attended} of {entitled} attended: the meeting sits with {needed}": (
        "应到 {entitled} 人，实到 {attended} 人：至少 {needed} 人到会才能召开"
    ),
    "{voted_for} of {attended} voted for: more than half is needed": (
        "到会 {attended} 人，同意 {voted_for} 人：须过到会人员半数"
    ),
    "an expenditure above {threshold} yuan is paid only under a recorded resolution": (
        "超过 {threshold} 元的支出须先记入会议决议，并在支出时选定"
    ),
    "no such resolution in this community": "本村没有这项决议",
    "this resolution was used by the expenditure of entry #{seq}": "这项决议已用于第 {seq} 条支出记录",
    "this resolution was withdrawn by entry #{seq}": "这项决议已由第 {seq} 条记录撤回",
    "the resolution approves {approved} yuan, not {amount}": "决议批准 {approved} 元，这笔支出是 {amount} 元",
    "the expenditure is dated {day}, before its meeting on {meeting_on}": (
        "支出日期 {day} 早于决议会议日期 {meeting_on}"
    ),
    "a receipt photo is posted with an expenditure under a resolution": "只有按决议的支出才附票据照片公开",
    "entry #{seq} is no expenditure under a resolution": "第 {seq} 条记录不是按决议的基金支出",
    "entry #{seq} has no receipt on the board": "第 {seq} 条支出没有公开的票据照片",
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
