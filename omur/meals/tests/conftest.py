import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from omur.cases.models import Enrolment, EnrolmentStatus
from omur.cases.tests.factories import ServiceFactory
from omur.geo.models import District, Neighbourhood, Province
from omur.meals.models import Course, DeliveryProfile, Diet, Dish, DishVariant, Kitchen, SalePoint
from omur.registry.tests.factories import PersonFactory
from omur.services.models import ServicePrice


@pytest.fixture
def mersin(db: Any) -> dict[str, Any]:
    province = Province.objects.create(id=33, name="Mersin", slug="mersin")
    akdeniz = District.objects.create(id=1, province=province, name="Akdeniz", lat=36.8121, lon=34.6415)
    tarsus = District.objects.create(id=2, province=province, name="Tarsus", lat=36.9177, lon=34.8925)
    return {
        "akdeniz": akdeniz,
        "tarsus": tarsus,
        "hood": Neighbourhood.objects.create(id=101, district=akdeniz, name="Şevketsümer", population=9000),
        "hood2": Neighbourhood.objects.create(id=102, district=akdeniz, name="Çankaya", population=7000),
        "hood3": Neighbourhood.objects.create(id=201, district=tarsus, name="Barbaros", population=8000),
    }


@pytest.fixture
def price_service(db: Any) -> Any:
    service = ServiceFactory(code="mahalle-mutfaklari", mechanism="meal", delivery_model="neighbourhood")
    for day, amount in [("2020-12-01", "3.00"), ("2022-03-01", "3.50"), ("2024-09-02", "25.00")]:
        ServicePrice.objects.create(service=service, amount=Decimal(amount), valid_from=dt.date.fromisoformat(day))
    return service


@pytest.fixture
def delivery_service(db: Any) -> Any:
    return ServiceFactory(code="evde-sicak-yemek", mechanism="meal")


@pytest.fixture
def kitchens(db: Any) -> dict[str, Kitchen]:
    return {
        "central": Kitchen.objects.create(code="merkez-mutfak", name="Merkez Mutfak", lat=36.8325, lon=34.622, vans=4),
        "tarsus": Kitchen.objects.create(code="tarsus-mutfak", name="Tarsus Mutfağı", lat=36.9137, lon=34.8988, vans=2),
    }


@pytest.fixture
def points(mersin: Any, kitchens: Any) -> list[SalePoint]:
    return [
        SalePoint.objects.create(
            code="p1", name="Şevketsümer Noktası", kitchen=kitchens["central"], neighbourhood=mersin["hood"]
        ),
        SalePoint.objects.create(
            code="p2", name="Çankaya Noktası", kitchen=kitchens["central"], neighbourhood=mersin["hood2"]
        ),
        SalePoint.objects.create(
            code="p3", name="Barbaros Noktası", kitchen=kitchens["tarsus"], neighbourhood=mersin["hood3"]
        ),
    ]


@pytest.fixture
def dishes(db: Any) -> list[Dish]:
    rows = [
        Dish.objects.create(name="Mercimek çorbası", course=Course.SOUP, allergens=["celery"]),
        Dish.objects.create(name="Etli kuru fasulye", course=Course.MAIN),
        Dish.objects.create(name="Pirinç pilavı", course=Course.SIDE, allergens=["milk"]),
        Dish.objects.create(name="Sütlaç", course=Course.DESSERT, allergens=["milk"]),
        Dish.objects.create(name="Tavuk sote", course=Course.MAIN),
    ]
    DishVariant.objects.create(dish=rows[0], diet=Diet.SOFT, note="Süzülmüş")
    DishVariant.objects.create(dish=rows[3], diet=Diet.DIABETIC, note="Şekersiz")
    return rows


def make_household(
    *, kitchen: Kitchen, service: Any, manager: Any = None, lat: float, lon: float, **profile: Any
) -> DeliveryProfile:
    person = PersonFactory(given_name=profile.pop("given", "Şükrü"), family_name=profile.pop("family", "Çağlayan"))
    enrolment = Enrolment.objects.create(
        person=person,
        service=service,
        status=EnrolmentStatus.ACTIVE,
        case_manager=manager,
        start_date=dt.date(2025, 1, 6),
    )
    return DeliveryProfile.objects.create(
        enrolment=enrolment,
        kitchen=kitchen,
        lat=lat,
        lon=lon,
        weekdays=profile.pop("weekdays", [0, 1, 2, 3, 4]),
        **profile,
    )


@pytest.fixture
def households(kitchens: Any, delivery_service: Any, social_worker: Any) -> list[DeliveryProfile]:
    central, tarsus = kitchens["central"], kitchens["tarsus"]
    return [
        make_household(
            kitchen=central,
            service=delivery_service,
            manager=social_worker,
            lat=36.80,
            lon=34.63,
            given="İsmail",
            family="Öztürk",
            diet=Diet.DIABETIC,
            portions=2,
            allergies=["milk"],
        ),
        make_household(
            kitchen=central,
            service=delivery_service,
            manager=social_worker,
            lat=36.79,
            lon=34.60,
            given="Ayşe",
            family="Yıldırım",
            diet=Diet.SOFT,
        ),
        make_household(
            kitchen=central,
            service=delivery_service,
            manager=social_worker,
            lat=36.81,
            lon=34.58,
            given="Gülşen",
            family="Işık",
        ),
        make_household(
            kitchen=tarsus,
            service=delivery_service,
            manager=social_worker,
            lat=36.92,
            lon=34.88,
            given="Hüseyin",
            family="Çelik",
            diet=Diet.LOW_SALT,
        ),
    ]
