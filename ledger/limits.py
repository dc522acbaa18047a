"""Every bound the service enforces, in one place (TigerBeetle: put a limit on everything).

Inputs are checked against these at the edge; the database constraints repeat the
ones that protect the record itself.
"""

CART_LINES_MAX = 50
QUANTITY_PER_LINE_MAX = 999
POINTS_PER_EVENT_MAX = 100_000
GOODS_POINTS_MAX = 100_000
STOCK_RECEIPT_QUANTITY_MAX = 100_000
PAGE_SIZE_MAX = 1_000
PAGE_SIZE_DEFAULT = 100
REQUEST_BODY_BYTES_MAX = 64 * 1024
IDEMPOTENCY_KEY_LENGTH_MAX = 200
NOTE_LENGTH_MAX = 500
NAME_LENGTH_MAX = 60
TITLE_LENGTH_MAX = 100
CODE_LENGTH_MAX = 20
USERNAME_LENGTH_MAX = 40
PASSWORD_LENGTH_MIN = 10
PASSWORD_LENGTH_MAX = 200
HOUSEHOLDS_PER_PAGE_MAX = 500
GROUP_NAME_LENGTH_MAX = 40  # "第三村民小组", "幸福小区3号楼" — as community_groups' CHECK
GROUPS_PER_COMMUNITY_MAX = 500  # groups and grids together, listed on one page
HISTORY_ENTRIES_ON_CARD = 20
# A household's latest claims shown on its card; the open claims a decider's page lists.
CLAIMS_ON_CARD = 10
CLAIMS_LISTED_MAX = 200
SEQ_MAX = 2**62

ACCESS_TOKEN_SECONDS = 12 * 3600
SESSION_CACHE_SECONDS = 10

LOGIN_FAILURES_MAX = 5
LOGIN_LOCK_SECONDS = 15 * 60
LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT = 20
CARD_LOOKUPS_PER_MINUTE_PER_CLIENT = 60
CARDS_PER_SHEET_REQUEST_MAX = 500
ROSTER_ROWS_MAX = 5_000
ROSTER_FILE_BYTES_MAX = 2 * 1024 * 1024
STOCK_COUNT_MAX = 10_000_000
FUND_AMOUNT_FEN_MAX = 10_000_000_000  # 1 亿元 in one movement
MEETING_HEADCOUNT_MAX = 100_000  # people entitled to a villagers' meeting (村民会议) of a large village
FUND_BOARD_ITEMS_MAX = 20  # resolutions, and results, the public board shows at once
PIN_TRIES_MAX = 5
IMAGE_BYTES_MAX = 3 * 1024 * 1024
IMAGE_SIDE_MAX = 1600
IMAGE_PIXELS_MAX = 40_000_000
BATCH_HOUSEHOLDS_MAX = 500
FORM_BYTES_MAX = 256 * 1024  # a workbench form's fields: 500 household ids and a note fit easily
HOUSEHOLDS_LISTED_MAX = ROSTER_ROWS_MAX  # every household of a community, on the propose page
CARD_TEXT_MAX = 300  # a scanned card URL, a token or a typed short code
CARD_PHOTO_BYTES_MAX = 12 * 1024 * 1024  # a phone camera's photo of a card, as taken
BACKDATE_DAYS_MAX = 366  # how far back staff may date an award, a proposal or a fund movement
BATCHES_LISTED_MAX = 200  # open batches on the review page, oldest first
# Carry-over from paper (期初结转): a sheet of every household, its figures and their source.
CARRY_OVER_ROWS_MAX = ROSTER_ROWS_MAX
CARRY_IN_POINTS_MAX = 10_000_000  # as carry_ins' CHECKs: years of a passbook, far past any award
CARRY_IN_SOURCE_LENGTH_MAX = 20  # a passbook's page or line number
CARRY_IN_REFERENCE_LENGTH_MAX = 100  # "旧台账2023年" — where a figure comes from, in words
CARRY_OVERS_LISTED_MAX = 200
FUND_OPENING_REFERENCE_LENGTH_MAX = 200  # "2023年村账本第12页，信用社对账单" — as fund_openings' CHECK
EVENT_LOG_ENTRIES_PER_PAGE = 50  # the supervision log's page: each entry may carry a reversal form
HOUSEHOLD_NUMBER_LENGTH_MAX = 40  # as households.number's CHECK
RETURN_ADDRESS_LENGTH_MAX = 2_000  # the page the language switch comes back to (path and query)
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600  # the language switch is remembered for a year
# A spreadsheet is read in a process of its own (ledger/services/spreadsheet_reader.py):
# the rectangle from A1 to its last used cell, its address space and its time are bounded.
SHEET_CELLS_MAX = 2_000_000  # a 5,000-row roster of 20 columns is 100,000
SHEET_READER_MEMORY_BYTES_MAX = 1024 * 1024 * 1024
SHEET_READER_SECONDS_MAX = 30
SHEET_NOTES_SHOWN_MAX = 50  # notes on how rows were read, under an import form (all are in the JSON)
# Objections (异议): an open objection holds its award back from confirmation, and anyone may
# object from the public board without logging in; so who objects is counted, or one person
# could hold every award in publicity. The board's form counts by the address the request
# came from, a card's page by the card's household (a card is the stronger identity: a
# village behind one carrier's NAT shares an address, never a card). Days are the
# community's own (its time zone); the count includes objections decided since.
OBJECTIONS_OPEN_PER_AWARD_PER_ADDRESS = 1  # schema/0021's unique indexes repeat these two
OBJECTIONS_OPEN_PER_AWARD_PER_CARD = 1
OBJECTIONS_PER_DAY_PER_ADDRESS = 5  # a household rarely objects at all; five a day is plenty
OBJECTIONS_PER_DAY_PER_CARD = 5
OBJECTIONS_SHOWN_PER_AWARD = 20  # the supervision page lists this many of one award's objections
# The village screen (大屏): rows on one panel at TV type size, pages of one list, months drawn.
SCREEN_ROWS_PER_PANEL = 8
SCREEN_PANELS_PER_LIST_MAX = 5
SCREEN_PARTICIPATION_MONTHS = 6
SCREEN_GROUPS_PER_PANEL = 8  # bars in one panel of the groups' chart
SCREEN_PANEL_SECONDS = 15  # how long each panel stays up
SCREEN_REFRESH_SECONDS = 300  # how often the screen reads its figures again
POSTER_ROWS_MAX = 30  # lines of a list on a poster for the WeChat group; the rest are on the board
ACTIVITY_MONTHS_MAX = 36  # months in one township's or county's activity answer (three years)
