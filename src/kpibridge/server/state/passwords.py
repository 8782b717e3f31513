"""Passwords: argon2id hashes, a policy, and strong generated passwords."""

from __future__ import annotations

import secrets
import threading
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kpibridge.server.state.db import StateError

MIN_LENGTH = 12
MAX_LENGTH = 1024

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults (64 MiB each)
_slots = threading.BoundedSemaphore(4)  # at most 4 hashes at once bounds memory under a flood


def check_policy(password: str) -> None:
    """Refuse passwords that are too short or too long."""
    if len(password) < MIN_LENGTH:
        raise StateError(f"passwords need at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise StateError(f"passwords have at most {MAX_LENGTH} characters")


def hash_password(password: str, check: bool = True) -> str:
    """The argon2id hash of `password` (which must meet the policy unless `check` is off)."""
    if check:
        check_policy(password)
    with _slots:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; without a hash, a dummy is checked so timing matches."""
    if len(password) > MAX_LENGTH:
        return False
    reference = password_hash or _dummy_hash()
    try:
        with _slots:
            ok = _hasher.verify(reference, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def generate_password() -> str:
    """A random password of 24 URL-safe characters (144 bits)."""
    return secrets.token_urlsafe(18)


def warm_up() -> None:
    """Compute the dummy hash now, so the first unknown name costs no more than later ones."""
    _dummy_hash()


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(18))
