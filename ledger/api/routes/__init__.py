"""Controllers: parse (msgspec), call one service function, answer."""
