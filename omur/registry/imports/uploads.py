"""Uploaded import files kept between the check and the confirmation.

A file lives under MEDIA_ROOT/imports with a random name (never the uploader's), outside any URL
(MEDIA_ROOT is not served), until it is imported, discarded or a day old. The page keeps the token in
the uploader's session, so nobody else can confirm or even see another person's upload."""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from omur.registry.imports.reader import sniff_kind

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_kind(file: UploadedFile) -> str:
    """ "csv", "xlsx", "xls" or "binary", from the first bytes, not the name."""
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    return sniff_kind(head)


def upload_save(file: UploadedFile) -> str:
    uploads_prune()
    token = secrets.token_urlsafe(24)  # 32 characters
    with open(upload_dir() / f"{token}.upload", "xb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    return token


def upload_path(token: str) -> Path | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = upload_dir() / f"{token}.upload"
    return path if path.is_file() else None


def upload_delete(token: str) -> None:
    path = upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def uploads_prune(max_age: int = MAX_AGE_SECONDS) -> None:
    cutoff = time.time() - max_age
    for path in upload_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue
