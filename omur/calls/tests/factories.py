"""Deterministic factories for call tests. Behaviour is exercised through services; these only set up
programmes, questions and people."""

import datetime as dt

import factory

from omur.calls.models import CallProgramme, Question, QuestionKind


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallProgramme

    name = factory.Sequence(lambda n: f"Hal hatır programı {n}")
    frequency = "daily"
    weekdays: list[int] = []
    window_start = dt.time(9, 0)
    window_end = dt.time(12, 0)
    retry_minutes = 30
    max_attempts = 3


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    programme = factory.SubFactory(ProgrammeFactory)
    order = factory.Sequence(lambda n: n * 10)
    text = factory.Sequence(lambda n: f"Soru {n}?")
    kind = QuestionKind.YES_NO
