"""Deterministic factories for case tests. Catalogue rows are made here (minimal) so these tests do
not depend on the catalogue seed; behaviour is exercised through services, not factories."""

import datetime as dt

import factory

from omur.cases.models import Enrolment, EnrolmentStatus, Partner, PartnerKind
from omur.registry.tests.factories import PersonFactory
from omur.services.models import Department, LifeStage, PolicyArea, Service


class PolicyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name_tr = factory.Sequence(lambda n: f"Alan {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")
    order = factory.Sequence(lambda n: n)


class LifeStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeStage
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"stage-{n}")
    name_tr = factory.Sequence(lambda n: f"Evre {n}")
    order = factory.Sequence(lambda n: n)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "sosyal-politikalar"
    name_tr = "Sosyal Politikalar Dairesi"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"service-{n}")
    name_tr = factory.Sequence(lambda n: f"Hizmet {n}")
    policy_area = factory.SubFactory(PolicyAreaFactory)
    department = factory.SubFactory(DepartmentFactory)
    delivery_model = "home"
    mechanism = "home_visit"

    @factory.post_generation
    def stages(self, create: bool, extracted: list[LifeStage] | None, **kwargs: object) -> None:
        if create and extracted:
            self.life_stages.set(extracted)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Mersin Devlet Hastanesi {n}")
    kind = PartnerKind.PUBLIC


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A bare row, no history: for setting up reads. Tests of behaviour use services.enrolment_create."""

    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    status = EnrolmentStatus.ACTIVE
    start_date = dt.date(2025, 1, 6)
