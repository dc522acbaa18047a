"""Request bodies are decoded strictly: "2" is not a quantity and 1.5 is not a count; and no
text anywhere in a request carries a NUL character.

litestar converts bodies leniently (it must coerce query strings), so before a handler
runs its JSON body is checked against the handler's declared `data` type with msgspec
in strict mode; a mismatch is a 400 validation_failed naming the field in words.

PostgreSQL cannot store a NUL character in text (it refuses the whole statement), and no
name, note or number a person types has one, so a NUL in a path, a query or a body is a
400 here, at the edge, before any handler or store function sees it. The other control
characters (all but tab, line feed and carriage return) are refused in bodies as well: a
spreadsheet cannot hold them, so a name with one could never be exported again.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from ledger.messages import validation

NUL_MESSAGE = "Contains a NUL character"
CONTROL_MESSAGE = "Contains a control character"
# C0 control characters but tab, line feed and carriage return (what .xlsx cannot hold).
_CONTROL_CHARACTERS = frozenset(chr(code) for code in range(32)) - {"\t", "\n", "\r"}

_decoders: dict[Any, msgspec.json.Decoder] = {}


async def check_body(request: Request) -> None:
    _refuse_nul_in_address(request)
    data_field = request.route_handler.parsed_data_field
    content_type = request.headers.get("content-type", "")
    if data_field is None:
        if content_type.startswith("application/x-www-form-urlencoded"):
            # A page's form: "%00" is a NUL once decoded (a typed "%00" is sent as "%2500").
            if b"%00" in await request.body():
                raise _invalid(NUL_MESSAGE, "", "body")
        return
    decoder = _decoders.get(data_field.annotation)
    if decoder is None:
        decoder = _decoders[data_field.annotation] = msgspec.json.Decoder(data_field.annotation, strict=True)
    body = await request.body()
    try:
        decoder.decode(body)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        # The same shape as litestar's own failures ({"message", "key"}): the problem
        # handler words them all alike, in the request's language.
        message = str(error)
        raise _invalid(message, validation.field_path(message), "body") from None
    # JSON carries a control character only escaped (\u0000, \b, \f; a raw one is malformed),
    # so only a body with such an escape in it is walked.
    if b"\\u00" in body or b"\\b" in body or b"\\f" in body:
        found = _control_path(msgspec.json.decode(body), "")
        if found is not None:
            where, character = found
            raise _invalid(NUL_MESSAGE if character == "\x00" else CONTROL_MESSAGE, where, "body")


def _refuse_nul_in_address(request: Request) -> None:
    if "\x00" in request.scope["path"]:  # decoded already: "%00" in the address is here a NUL
        raise _invalid(NUL_MESSAGE, "", "path")
    query = request.scope.get("query_string", b"")
    if b"%00" in query.upper() or b"\x00" in query:
        name = next((key for key, value in request.query_params.multi_items() if "\x00" in key + value), "")
        raise _invalid(NUL_MESSAGE, name, "query")


def _control_path(value: Any, path: str) -> tuple[str, str] | None:
    """Where the first text with a control character is (`lines[0].note`) and which, or None."""
    if isinstance(value, str):
        character = next((c for c in value if c in _CONTROL_CHARACTERS), None)
        return None if character is None else (path, character)
    if isinstance(value, dict):
        for key, item in value.items():
            found = _control_path(key, path) or _control_path(item, f"{path}.{key}" if path else key)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _control_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _invalid(message: str, key: str, source: str) -> ValidationException:
    failure = {"message": message, "key": key, "source": source}
    return ValidationException("the request is not valid", extra=[failure])
