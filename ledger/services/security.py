"""Passwords (argon2id) and random tokens (kept only as SHA-256 hashes)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ledger import limits
from ledger.domain.errors import Refused

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both answers take the same time.
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))

TOKEN_BYTES = 24  # 192 bits: cards need ≥128 (DESIGN §4)


def hash_password(password: str) -> str:
    if not limits.PASSWORD_LENGTH_MIN <= len(password) <= limits.PASSWORD_LENGTH_MAX:
        raise Refused(
            "validation_failed",
            "a password has {minimum} to {maximum} characters",
            minimum=limits.PASSWORD_LENGTH_MIN,
            maximum=limits.PASSWORD_LENGTH_MAX,
        )
    if len(set(password)) < 5:
        raise Refused("validation_failed", "the password is too simple: use at least 5 different characters")
    return _hasher.hash(password)


def hash_secret(secret: str) -> str:
    """argon2id of a short secret with no strength rule of its own (a household's PIN: its
    lockout, not its length, is what keeps it safe)."""
    return _hasher.hash(secret)


def password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a web session, derived from its secret cookie: a forged form from
    another site cannot know it, and nothing more needs storing."""
    return hashlib.sha256(b"ledger csrf\0" + session_token.encode()).hexdigest()
