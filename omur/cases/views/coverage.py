"""The life-course coverage matrix: the office's "cradle to grave" at a glance."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omur.cases.selectors.coverage import coverage_matrix


def coverage(request: HttpRequest) -> HttpResponse:
    # Counts only, no names: not personal data, so no audit event.
    return render(request, "cases/coverage.html", {"matrix": coverage_matrix()})
