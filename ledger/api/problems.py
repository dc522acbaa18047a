"""Every error is an RFC 9457 problem (application/problem+json) with a stable `code` and a
`detail` in words, in the request's language (zh-CN unless Accept-Language or the pages'
language cookie asks for English; the Content-Language header says which)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from ledger import messages
from ledger.domain.errors import Refused
from ledger.messages import catalog, validation, words
from ledger.store.pool import is_outage

PROBLEM_MEDIA_TYPE = "application/problem+json"

STATUS_OF_CODE = {
    "validation_failed": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "insufficient_points": 409,
    "insufficient_stock": 409,
    "insufficient_funds": 409,
    "idempotency_conflict": 409,
    "household_closed": 409,
    "goods_retired": 409,
    "rule_retired": 409,
    "yearly_cap_reached": 409,
    "already_reversed": 409,
    "not_reversible": 409,
    "already_exists": 409,
    "body_too_large": 413,
    "rate_limited": 429,
    "account_locked": 423,
    "own_proposal": 403,
    "proposal_required": 403,
    "evidence_required": 409,
    "conflict_of_interest": 403,
    "needs_supervisor": 403,
    "already_decided": 409,
    "redemption_window_closed": 409,
    "pin_required": 403,
    "pin_wrong": 403,
    "pin_locked": 423,
    "group_retired": 409,
    "group_in_use": 409,
    "grid_outside_group": 409,
    "not_a_scorer": 409,
    # who may propose for whom, like conflict_of_interest
    "outside_assigned_grid": 403,
    "rule_not_claimable": 409,
    "claim_limit_reached": 409,
    "resolution_required": 409,
    "resolution_not_found": 404,
    "resolution_used": 409,
    "resolution_withdrawn": 409,
    "over_resolved_amount": 409,
    "quorum_not_met": 409,
    "majority_not_reached": 409,
    "database_unavailable": 503,
}

CODE_OF_STATUS = {
    400: "validation_failed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}

# RFC 9457's title is a short summary of the status; it follows the request's language too.
TITLES: dict[int, tuple[str, str]] = {
    400: ("请求有误", "Bad request"),
    401: ("未登录", "Unauthorized"),
    403: ("没有权限", "Forbidden"),
    404: ("没有找到", "Not found"),
    405: ("不支持的请求方式", "Method not allowed"),
    409: ("未能办理", "Conflict"),
    413: ("内容太大", "Request body too large"),
    415: ("不支持的内容格式", "Unsupported media type"),
    423: ("已锁定", "Locked"),
    429: ("请求太频繁", "Too many requests"),
    500: ("服务器出错", "Internal server error"),
    503: ("暂时不可用", "Service unavailable"),
}

_PROBLEM_MEMBERS = frozenset({"type", "title", "status", "code", "detail", "instance", "errors"})

# At most this many validation failures are put into one detail sentence (all are listed
# in "errors").
_DETAIL_FAILURES_MAX = 3

_log = structlog.get_logger("ledger.api")


def problem(status: int, code: str, detail: str, **extra: Any) -> Response:
    """A problem whose detail is already in the request's language."""
    structlog.contextvars.bind_contextvars(problem=code)
    content = {
        "type": "about:blank",
        "title": words(*TITLES.get(status, ("出错了", "Error"))),
        "status": status,
        "code": code,
        "detail": detail,
    }
    content.update(extra)
    headers = {"Content-Language": "en" if messages.current() == "en" else "zh-CN"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status in (429, 503):
        headers["Retry-After"] = str(extra.get("retry_after", 60))
    return Response(content, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _jsonable(value: Any) -> Any:
    # Exact types only: a catalog.Phrase (a str) goes out as plain English text.
    return value if type(value) in (str, int, float, bool, type(None)) else str(value)


def refused(_: Request, error: Refused) -> Response:
    # A refusal's numbers go out beside the detail, except one named like a member of the
    # problem itself (a proposal's "status"): it is in the detail's words already.
    numbers = {k: _jsonable(v) for k, v in error.context.items() if k not in _PROBLEM_MEMBERS}
    return problem(STATUS_OF_CODE[error.code], error.code, catalog.refusal(error), **numbers)


def http_error(_: Request, error: HTTPException) -> Response:
    status = error.status_code
    if status >= 500:
        return problem(status, "internal_error", catalog.code_words("internal_error"))
    code = CODE_OF_STATUS.get(status, "bad_request")
    if isinstance(error, ValidationException):
        return _validation_problem(status, code, error)
    # Our own HTTP exceptions carry a catalog template ("no such community"); litestar's
    # own ("Not Found") are answered by their code's words.
    template = str(error.detail or "")
    chinese = catalog.REFUSALS.get(template)
    detail = words(chinese, template) if chinese is not None else catalog.code_words(code)
    return problem(status, code, detail)


def _validation_problem(status: int, code: str, error: ValidationException) -> Response:
    """Each failure named by its field, in words; "errors" lists them all for programs
    ({"field": "lines[0].quantity", "message": "「数量」（第 1 项）不能小于 1"})."""
    items = error.extra if isinstance(error.extra, list) else [error.extra] if error.extra else []
    failures = [item for item in items if isinstance(item, dict)]
    if not failures:  # litestar's own sentence ("Missing required header parameter …")
        failures = [{"message": str(error.detail or "")}]
    errors = [
        {
            "field": validation.field_path(str(item.get("message", "")), str(item.get("key", ""))),
            "message": validation.worded(str(item.get("message", "")), str(item.get("key", ""))).shown(),
        }
        for item in failures
    ]
    detail = words("；", "; ").join(entry["message"] for entry in errors[:_DETAIL_FAILURES_MAX])
    return problem(status, code, detail, errors=errors)


def unexpected(request: Request, error: Exception) -> Response:
    _log.exception("unhandled error", path=request.url.path, error=repr(error))
    return problem(500, "internal_error", catalog.code_words("internal_error"))


# Clients (and the pages' reload) try again after this long: about two rounds of the
# embedded database's watch (ledger/database_watch.py), which starts it again.
RETRY_AFTER_SECONDS_WHILE_DATABASE_DOWN = 5
# Requests under this path are the JSON API's (and /healthz, /readyz, /schema); the rest are pages.
_API_PATHS = ("/api/", "/healthz", "/readyz", "/schema")


def database_unavailable(page: Callable[[bool], str]) -> Callable[[Request, Exception], Response]:
    """The one answer while PostgreSQL cannot be reached: 503 database_unavailable with
    Retry-After, a problem on the API and `page(reload)` (the words "系统暂时不可用，请稍后再试")
    on pages. It is registered for the exception types that can mean an outage; one of those
    that does not (an asyncpg InterfaceError from a misuse of its API) is a bug and answers 500."""

    def answer(request: Request, error: Exception) -> Response:
        if not is_outage(error):
            return unexpected(request, error)
        # The request's own log line says 503 database_unavailable; this says why.
        structlog.contextvars.bind_contextvars(database_error=repr(error))
        seconds = RETRY_AFTER_SECONDS_WHILE_DATABASE_DOWN
        if request.url.path.startswith(_API_PATHS):
            return problem(
                503, "database_unavailable", catalog.code_words("database_unavailable"), retry_after=seconds
            )
        structlog.contextvars.bind_contextvars(problem="database_unavailable")
        # A page asked for (GET) reloads itself after Retry-After; a form's answer does not,
        # which would send the form again.
        return Response(
            page(request.method == "GET"),
            status_code=503,
            media_type="text/html; charset=utf-8",
            headers={
                "Retry-After": str(seconds),
                "Content-Language": "en" if messages.current() == "en" else "zh-CN",
            },
        )

    return answer
