"""Deterministic factories for intake tests. RequestFactory writes a bare row (no history); tests of
behaviour create requests through services.request_create instead."""

import factory

from omur.intake.models import Category, Channel, Request


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        # Migration 0002 seeds the real categories; transactional tests flush them, so reuse or recreate.
        django_get_or_create = ("code",)

    code = "home_cleaning"
    name = "Evde temizlik"
    name_en = "Home cleaning"


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Request

    channel = Channel.PHONE_185
    caller_name = factory.Sequence(lambda n: ["Ayşe Yılmaz", "Şükrü Öztürk", "İsmail Çelik", "Ilgaz Kaya"][n % 4])
    caller_phone = factory.Sequence(lambda n: f"+90533{2000000 + n:07d}")
    category = factory.SubFactory(CategoryFactory)
    description = "Yalnız yaşayan annem için ev temizliği."
