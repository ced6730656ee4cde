"""A fixed-window rate limit per client address, counted in the database.

Why not django-ratelimit (installable, 4.1.0)? It counts in a Django cache and is only correct with a
shared cache that increments atomically (Redis or Memcached, by its own documentation). Ömür runs on
SQLite or PostgreSQL alone: the local-memory cache is per process (each gunicorn worker would allow
the full rate), and the database cache increments by read-then-write, undercounting under load. A
counter row bumped by one conditional UPDATE is atomic on both databases, shared by every process
and server, and needs no new service. Addresses are stored hashed (KVKK: no raw IP kept for this).
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from omur.intake.models import RateLimitCounter


def _key(scope: str, ident: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), ident.encode(), hashlib.sha256).hexdigest()[:40]
    return f"{scope}:{digest}"


def rate_limit_hit(*, scope: str, ident: str, limit: int, period: int, now: dt.datetime | None = None) -> bool:
    """Count one attempt; True if it is within `limit` attempts per `period` seconds, else False.
    Call it outside the caller's transaction, so an attempt stays counted when the caller's work fails."""
    now = now or timezone.now()
    start = int(now.timestamp()) // period * period
    key = _key(scope, ident)
    for _attempt in range(2):
        with transaction.atomic():
            # The check and the increment are one statement, so two processes cannot both take the
            # last place (select_for_update would be a no-op on SQLite).
            if RateLimitCounter.objects.filter(key=key, window=start, count__lt=limit).update(count=F("count") + 1):
                return True
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(
                    key=key, window=start, count=1, expires_at=now + dt.timedelta(seconds=period)
                )
            return limit >= 1
        except IntegrityError:
            # The row exists: full, or another process created it a moment ago; try the UPDATE again.
            continue
    return False


def rate_limit_purge(*, now: dt.datetime | None = None) -> int:
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
