"""Request bodies are decoded strictly: "2" is not a quantity and 1.5 is not a count.

litestar converts bodies leniently (it must coerce query strings), so before a handler
runs its JSON body is checked against the handler's declared `data` type with msgspec
in strict mode; a mismatch is a 400 validation_failed naming the field in words.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from ledger.messages import validation

_decoders: dict[Any, msgspec.json.Decoder] = {}


async def check_body(request: Request) -> None:
    data_field = request.route_handler.parsed_data_field
    if data_field is None:
        return
    decoder = _decoders.get(data_field.annotation)
    if decoder is None:
        decoder = _decoders[data_field.annotation] = msgspec.json.Decoder(data_field.annotation, strict=True)
    try:
        decoder.decode(await request.body())
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        # The same shape as litestar's own failures ({"message", "key"}): the problem
        # handler words them all alike, in the request's language.
        message = str(error)
        failure = {"message": message, "key": validation.field_path(message), "source": "body"}
        raise ValidationException("the request body is not valid", extra=[failure]) from None
