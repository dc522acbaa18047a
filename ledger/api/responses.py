"""What each operation may answer besides its success, for the OpenAPI document: every
status with the problem schema (application/problem+json) and an example problem.

Clients generate code from the document, so each route lists every status it can answer:
`answers(404, 409, conflict="…")` on a staff route gives 400, 401, 403, 404, 409 and 503
(the database may be down), each with its description; `with_body=True` adds 413 (the
body's size limit) and 415 is declared where a route reads a file of a given kind."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar, get_args, get_origin

import msgspec
import structlog
from litestar import Response
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example, OpenAPIMediaType, OpenAPIResponse, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.plugins import ReceiveRoutePlugin
from litestar.response import File
from litestar.response.base import ASGIResponse
from litestar.routes import BaseRoute, HTTPRoute

from ledger.api.problems import PROBLEM_MEDIA_TYPE

Answer = TypeVar("Answer", bound=msgspec.Struct)


class FieldProblem(msgspec.Struct, frozen=True):
    """One validation failure: where (`lines[0].quantity`, "" for the whole request) and what, in words."""

    message: str
    field: str = ""


class Problem(msgspec.Struct, frozen=True):
    """RFC 9457 problem details with the ledger's stable `code`; a refusal's numbers (needed,
    available, retry_after …) come as further members beside them."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    errors: list[FieldProblem] | None = None


# The one description and example of each status; an operation may describe its own case.
_DESCRIPTIONS: dict[int, str] = {
    400: "a parameter or the body is not valid (validation_failed; `errors` names each field)",
    401: "no valid bearer token (unauthorized): POST /api/v1/auth/token",
    403: "not a role that may do this in this community (forbidden)",
    404: "no such thing in this community (not_found)",
    409: "refused by a rule of the ledger; `code` says which",
    413: "the body is larger than the limit (body_too_large)",
    415: "the body is not of a kind this operation reads (unsupported_media_type)",
    423: "locked after too many wrong tries (account_locked, pin_locked)",
    429: "too many requests from this address (rate_limited); Retry-After says when to try again",
    503: "the database cannot be reached (database_unavailable); Retry-After says when to try again",
}

_EXAMPLES: dict[int, dict[str, Any]] = {
    400: {
        "code": "validation_failed",
        "detail": "「数量」（第 1 项）不能小于 1",
        "errors": [{"field": "lines[0].quantity", "message": "「数量」（第 1 项）不能小于 1"}],
    },
    401: {"code": "unauthorized", "detail": "请先登录"},
    403: {"code": "forbidden", "detail": "这项操作需要本村的这些角色之一：超市管理员"},
    404: {"code": "not_found", "detail": "本村没有这一户"},
    409: {
        "code": "insufficient_points",
        "detail": "积分不够：需要 21 分，可用 18 分",
        "needed": 21,
        "available": 18,
    },
    413: {"code": "body_too_large", "detail": "内容太大"},
    415: {"code": "unsupported_media_type", "detail": "不支持的内容格式"},
    423: {"code": "account_locked", "detail": "密码错误次数太多，账号已锁定，请稍后再试"},
    429: {"code": "rate_limited", "detail": "请求太频繁，请 60 秒后再试", "retry_after": 60},
    503: {"code": "database_unavailable", "detail": "系统暂时不可用，请稍后再试"},
}

_TITLES = {
    400: "请求有误",
    401: "未登录",
    403: "没有权限",
    404: "没有找到",
    409: "未能办理",
    413: "内容太大",
    415: "不支持的内容格式",
    423: "已锁定",
    429: "请求太频繁",
    503: "暂时不可用",
}


def problem_response(status: int, description: str | None = None) -> ResponseSpec:
    example = {"type": "about:blank", "title": _TITLES[status], "status": status, **_EXAMPLES[status]}
    return ResponseSpec(
        data_container=Problem,
        description=description or _DESCRIPTIONS[status],
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
        examples=[Example(summary=str(example["code"]), value=example)],
    )


# Every operation that reads or writes the record needs the database: a 503 while it is down.
DATABASE_UNAVAILABLE: dict[int, ResponseSpec] = {503: problem_response(503)}


def answers(
    *statuses: int,
    signed_in: bool = True,
    with_body: bool = False,
    **described: str,
) -> dict[int, ResponseSpec]:
    """The problems an operation may answer: 400 and 503 always; 401 and 403 when it needs a
    staff log-in (`signed_in`); 413 when it reads a body; and `statuses` (404, 409, 415, 423,
    429). `described` words a status for this operation: not_found="…", conflict="…",
    forbidden="…", locked="…", too_many="…", invalid="…", unsupported="…"."""
    wanted = {400, 503, *statuses}
    if signed_in:
        wanted |= {401, 403}
    if with_body:
        wanted.add(413)
    words = {_STATUS_OF_WORD[name]: text for name, text in described.items()}
    unknown = set(words) - wanted
    if unknown:
        raise ValueError(f"a description for a status the operation does not answer: {sorted(unknown)}")
    return {status: problem_response(status, words.get(status)) for status in sorted(wanted)}


_STATUS_OF_WORD = {
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "unsupported": 415,
    "locked": 423,
    "too_many": 429,
    "unavailable": 503,
}


def success_content(*media_types: str, instead_of_json: bool = False) -> type[Operation]:
    """An operation class whose success answer also comes as `media_types` (a spreadsheet
    with ?format=xlsx, a photo in the format it was stored in); `instead_of_json` when the
    answer is never JSON. Used as a route's `operation_class`."""
    never_json = instead_of_json

    @dataclass
    class WithContent(Operation):
        instead_of_json = never_json

        def __post_init__(self) -> None:
            for status, response in (self.responses or {}).items():
                if not status.startswith("2") or not isinstance(response, OpenAPIResponse):
                    continue
                content = {} if instead_of_json else dict(response.content or {})
                for media_type in media_types:
                    content[media_type] = OpenAPIMediaType(
                        schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                    )
                response.content = content

    return WithContent


class DocumentedAnswers(ReceiveRoutePlugin):
    """Every JSON success answer in the document with its schema and an example.

    A handler's return type names the shape (`-> Household`, `-> Response[Redemption]`,
    `-> list[Goods]`); the shape carries its `example` (a ClassVar beside its fields, so the
    two are read together). A JSON answer without one is named by the document's test."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if not handler.include_in_schema or handler.status_code in (204, 304):
                continue
            if handler.operation_class is not Operation and _answers_json_never(handler.operation_class):
                continue
            shape = _answer_shape(handler.parsed_fn_signature.return_type.annotation)
            if shape is None:
                continue
            annotation, example = shape
            responses = dict(handler.responses or {})
            responses.setdefault(
                handler.status_code,
                ResponseSpec(
                    data_container=annotation,
                    description=handler.response_description or HTTPStatus(handler.status_code).phrase,
                    generate_examples=False,
                    examples=[Example(summary="example", value=example)],
                ),
            )
            handler.responses = responses


def _answers_json_never(operation_class: type[Operation]) -> bool:
    return bool(getattr(operation_class, "instead_of_json", False))


def _answer_shape(annotation: Any) -> tuple[Any, Any] | None:
    """The documented shape of a return annotation and its example; None for what is not a
    JSON body (no content, a file, raw bytes) and for a JSON body without a shape."""
    if annotation in (None, type(None), bytes, Response):
        return None
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, ASGIResponse | File):
        return None
    if origin is not None and isinstance(origin, type) and issubclass(origin, Response):
        (inner,) = get_args(annotation)
        return _answer_shape(inner)
    if origin is list:
        (item,) = get_args(annotation)
        example = getattr(item, "example", None)
        return None if example is None else (annotation, [example])
    example = getattr(annotation, "example", None)
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct) and example is not None:
        return annotation, example
    return None  # no documented shape: tests/api/test_openapi_document.py names the operation


def command_answer(answer: dict[str, Any], shape: type[Answer]) -> Response[Answer]:
    """A command's answer in its shape, 201 for the first call and for its replays alike; a
    replay is marked in a header (and in the request's log line). Every command route that
    takes an Idempotency-Key answers through here."""
    replayed = answer.pop("replayed")
    structlog.contextvars.bind_contextvars(event_seq=answer.get("event_seq"), replayed=replayed)
    return Response(
        msgspec.convert(answer, shape),
        status_code=201,
        headers={"Idempotent-Replayed": "true" if replayed else "false"},
    )
