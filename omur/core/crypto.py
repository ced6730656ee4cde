"""Encryption at rest for special-category data (KVKK art. 6: health, disability, therapy notes).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) before they reach the database. Keys are
kept apart from the database: in production `OMUR_FIELD_ENCRYPTION_KEYS` (comma-separated, newest
first, so keys can be rotated: old tokens still decrypt, new ones use the first key); in the demo a
key file under var/keys/ is created on first use. Encrypted columns cannot be searched or sorted.
"""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys: list[str] = list(getattr(settings, "OMUR_FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        key_file = Path(settings.OMUR_FIELD_ENCRYPTION_KEY_FILE) if settings.OMUR_FIELD_ENCRYPTION_KEY_FILE else None
        if key_file is None:
            raise ImproperlyConfigured(
                "Set OMUR_FIELD_ENCRYPTION_KEYS: special-category data cannot be stored without a key."
            )
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(Fernet.generate_key())
            key_file.chmod(0o600)
        keys = [key_file.read_text().strip()]
    try:
        return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "OMUR_FIELD_ENCRYPTION_KEYS holds a malformed key (want url-safe base64, 32 bytes)."
        ) from exc


def encrypt_text(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("An encrypted value cannot be read with the configured keys.") from exc


class EncryptedJSONField(models.TextField):
    """A JSON value stored as one Fernet token. Empty values (None, {}, "") are stored as ""."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if not value:
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str:
        if value in (None, "", {}, []):
            return ""
        return encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


class EncryptedTextField(models.TextField):
    """Free text stored as one Fernet token (therapy and case notes). "" and None are stored as "".
    Lookups other than isnull/exact-"" are meaningless on it: every token differs, even for equal text."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return decrypt_text(value)

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        return encrypt_text(str(value))
