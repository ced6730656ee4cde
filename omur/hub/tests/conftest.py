import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def catalogue(geography: Any) -> None:
    from omur.services.catalogue import catalogue_load

    catalogue_load()


@pytest.fixture(autouse=True)
def hub_media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def project(catalogue: None) -> Any:
    from omur.hub.models import Kpi, KpiSource, Project, ProjectStep
    from omur.services.models import Location, PolicyArea, Service

    p = Project.objects.create(
        code="mahalle-mutfaklari",
        name_tr="Mahalle Mutfakları",
        name_en="Neighbourhood Kitchens",
        problem_tr="Sıcak yemeğe erişim zor.",
        objectives_tr="Günde 3.000 öğün\nOnuru korumak",
        is_published=True,
    )
    p.policy_areas.set(PolicyArea.objects.filter(code="sosyal-hizmetler"))
    p.services.set(Service.objects.filter(code="mahalle-mutfaklari"))
    p.sites.set(
        Location.objects.filter(
            code__in=["merkez-mutfak", "kadin-ustalar-atolye", "halkkent-sym", "otizm-aile-danisma", "mercan"]
        )
    )
    ProjectStep.objects.create(project=p, order=1, title_tr="Mutfağı kurun", title_en="Set up the kitchen")
    Kpi.objects.create(
        project=p, name_tr="Günlük porsiyon", source=KpiSource.LIVE, indicator_code="test.portions", window_days=30
    )
    return p


def next_weekday(weekday: int, *, after: dt.date | None = None) -> dt.date:
    """The first given weekday (0 = Monday) after `after` (default today) that is not a holiday."""
    from omur.core.calendar import is_public_holiday

    day = (after or timezone.localdate()) + dt.timedelta(days=1)
    while day.weekday() != weekday or is_public_holiday(day):
        day += dt.timedelta(days=1)
    return day
