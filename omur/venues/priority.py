"""The waitlist's priority: a vulnerability score from registry facts, then application time.

Points (documented for the office and shown as reasons to case roles):
  disability of 40% or more ......................... 30
  household income per head below half the net minimum wage 30 (below the whole wage: 15)
  lives alone ....................................... 15
  aged 65 or over ................................... 10
  no social security ................................ 10
  in the office's care (an active case enrolment) ...  5
Facts the record lacks add nothing: a missing income never ranks anyone up or down. The score is
computed when the person joins the list (and can be recomputed by staff), so the order does not
shift under people while they wait."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from omur.registry.models import Person, SocialSecurity
from omur.services.eligibility import age_in_years, minimum_wage_on, person_facts

POINTS = {
    "disability": 30,
    "income_very_low": 30,
    "income_low": 15,
    "lives_alone": 15,
    "aged_65": 10,
    "no_social_security": 10,
    "in_care": 5,
}
REASON_LABELS = {
    # xgettext:no-python-format
    "disability": _("Disability of 40% or more"),
    "income_very_low": _("Household income per head below half the minimum wage"),
    "income_low": _("Household income per head below the minimum wage"),
    "lives_alone": _("Lives alone"),
    "aged_65": _("Aged 65 or over"),
    "no_social_security": _("No social security"),
    "in_care": _("In the office's care"),
}


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: list[str]


def vulnerability(person: Person, *, day: dt.date) -> Priority:
    from omur.cases.models import Enrolment as CaseEnrolment
    from omur.cases.models import EnrolmentStatus as CaseStatus

    facts = person_facts(person)
    reasons: list[str] = []
    if facts.disability_percent is not None and facts.disability_percent >= 40:
        reasons.append("disability")
    per_head = facts.income_per_head
    if per_head is not None:
        wage = minimum_wage_on(day)
        if wage is not None and per_head < wage.net_monthly / 2:
            reasons.append("income_very_low")
        elif wage is not None and per_head < wage.net_monthly:
            reasons.append("income_low")
    if facts.person.lives_alone:
        reasons.append("lives_alone")
    if facts.person.birth_date and age_in_years(facts.person.birth_date, day) >= 65:
        reasons.append("aged_65")
    if facts.person.social_security == SocialSecurity.NONE:
        reasons.append("no_social_security")
    if CaseEnrolment.objects.filter(person=person, status=CaseStatus.ACTIVE).exists():
        reasons.append("in_care")
    return Priority(score=sum(POINTS[r] for r in reasons), reasons=reasons)


def reason_labels(codes: list[str]) -> list[str]:
    return [str(REASON_LABELS.get(code, code)) for code in codes]
