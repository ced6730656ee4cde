"""The person page's timeline: one interface every app adds to.

An app registers a source in its AppConfig.ready:

    from omur.registry.timeline import register_timeline_source
    register_timeline_source("intake", requests_for_timeline)

A source is `func(*, person, actor) -> Iterable[TimelineEntry]`; it runs its own query (scoped to
what `actor` may see) and must not issue one query per entry. The page merges all sources newest first.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    source: str  # the registering app's name, e.g. "intake"
    kind: str  # short machine word, e.g. "request", "visit", "call", "meal", "enrolment"
    title: str
    detail: str = ""
    url: str = ""
    status: str = ""


TimelineSource = Callable[..., Iterable[TimelineEntry]]
_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(name: str, func: TimelineSource) -> None:
    _SOURCES[name] = func


def timeline_for(*, person: Any, actor: Any, limit: int = 100) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for source in _SOURCES.values():
        entries.extend(source(person=person, actor=actor))
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: e.when or epoch, reverse=True)
    return entries[:limit]


def registered_sources() -> list[str]:
    return sorted(_SOURCES)
