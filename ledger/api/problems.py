"""Every error is an RFC 9457 problem (application/problem+json) with a stable `code`."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from ledger.domain.errors import Refused

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

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    423: "Locked",
    429: "Too many requests",
    500: "Internal server error",
}

_log = structlog.get_logger("ledger.api")


def problem(status: int, code: str, detail: str, **extra: Any) -> Response:
    structlog.contextvars.bind_contextvars(problem=code)
    content = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    content.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == 429:
        headers = {"Retry-After": str(extra.get("retry_after", 60))}
    return Response(content, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def refused(_: Request, error: Refused) -> Response:
    return problem(
        STATUS_OF_CODE[error.code],
        error.code,
        error.detail,
        **{k: _jsonable(v) for k, v in error.context.items()},
    )


def http_error(_: Request, error: HTTPException) -> Response:
    status = error.status_code
    if status >= 500:
        return problem(status, "internal_error", "the server could not answer; the error is logged")
    code = CODE_OF_STATUS.get(status, "bad_request")
    detail = error.detail or TITLES.get(status, "error")
    extra: dict[str, Any] = {}
    if isinstance(error, ValidationException) and error.extra:
        # litestar/msgspec name the failing field ("Expected `int`, got `str` - at `$.lines[0].quantity`").
        extra["errors"] = [
            {k: _jsonable(v) for k, v in item.items()} if isinstance(item, dict) else str(item)
            for item in (error.extra if isinstance(error.extra, list) else [error.extra])
        ]
    return problem(status, code, detail, **extra)


def unexpected(request: Request, error: Exception) -> Response:
    _log.exception("unhandled error", path=request.url.path, error=repr(error))
    return problem(500, "internal_error", "the server could not answer; the error is logged")


def import_answer(report: dict[str, Any]) -> Response:
    """A sheet import's report: 200 when applied or checked, else a 400 problem carrying
    the row-by-row problems (nothing was imported)."""
    if report["problems"]:
        return problem(
            400,
            "validation_failed",
            f"{len(report['problems'])} problems in the file; nothing was imported",
            **report,
        )
    return Response(report)
