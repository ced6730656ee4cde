"""Uploaded files are checked by what they contain, not by their name or the browser's claim: a
renamed program stays a program. Only PDF, JPEG and PNG are kept, under a size limit, stored with a
random name and the extension of the type found."""

from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
PHOTO_TYPES = frozenset({JPEG, PNG})


def max_upload_bytes() -> int:
    return int(getattr(settings, "OMUR_HUB_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def checked_upload(upload: UploadedFile | Any, *, allowed: frozenset[str] = DOCUMENT_TYPES) -> str:
    """The file's real content type; raises ValidationError when it is too large or not allowed.
    Renames the upload to a neutral name with the extension of the type found."""
    limit = max_upload_bytes()
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; files may be at most %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    if size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime not in allowed:
        names = ", ".join(sorted(EXTENSIONS[m].upper() for m in allowed))
        raise ValidationError(
            _("This file is not a %(types)s file (whatever its name says); only %(types)s files are accepted.")
            % {"types": names}
        )
    upload.name = f"upload.{EXTENSIONS[mime]}"
    return mime
