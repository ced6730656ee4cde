"""Factories for services tests (and other apps' tests that need a service)."""

import factory

from omur.services.models import Department, EligibilityRule, PolicyArea, Service


class PolicyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyArea
        django_get_or_create = ("code",)

    code = "sosyal-hizmetler"
    name_tr = "Sosyal Hizmetler"
    name_en = "Social services"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "sosyal-politikalar"
    name_tr = "Sosyal Politikalar Şube Müdürlüğü"
    name_en = "Social Policy Office"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"hizmet-{n}")
    name_tr = factory.Sequence(lambda n: f"Deneme Hizmeti {n}")
    name_en = factory.Sequence(lambda n: f"Test service {n}")
    policy_area = factory.SubFactory(PolicyAreaFactory)
    department = factory.SubFactory(DepartmentFactory)
    delivery_model = "home"
    mechanism = "home_visit"


def service_with_rules(*rules: tuple[str, dict], **kwargs: object) -> Service:
    service = ServiceFactory(**kwargs)
    for order, (kind, params) in enumerate(rules, start=1):
        EligibilityRule.objects.create(service=service, kind=kind, params=params, order=order)
    return service
