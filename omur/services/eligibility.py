"""Eligibility: declarative rules, evaluated two ways that must always agree.

- For one person (`evaluate_person`): each rule gives passed / failed / unknown with a plain-language
  explanation ("Yaş 67: 65 ve üzeri şartını karşılıyor"). Unknown means the record lacks the fact
  (no birth date, no income recorded); a person is eligible only when every rule passed.
- In bulk (`eligible_people`): each rule becomes a filter on Person, so the worklist of a service
  over a million people is one query. Only "passed" is kept, which is why both sides treat a missing
  fact the same way (NULL never satisfies a comparison in SQL, and never passes here).

The equivalence is tested (tests/test_eligibility.py: the worklist equals the per-person evaluation
on a varied sample, boundary birthdays included).

Ages are completed years or months on the evaluation day, computed without the database's date
functions (SQLite has none worth the name): "at least N months old on day d" is exactly
"born on or before d shifted back N months", with the day clamped to the month's end. So a person
born on 29 February turns a year older on 1 March in common years, on both sides.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.registry.models import HouseholdMember, Person, SocialSecurity
from omur.services.models import EligibilityFacts, EligibilityRule, MinimumWage, RuleKind, Service

Status = Literal["passed", "failed", "unknown"]
# Explanations of month-based rules give the age in months below this (ten years), in years above.
MONTHS_SHOWN_BELOW = 120
PASSED: Status = "passed"
FAILED: Status = "failed"
UNKNOWN: Status = "unknown"


# --- dates ------------------------------------------------------------------------------------


def shift_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, the day clamped to the target month's length (31 Mar − 1 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def latest_birth_date(day: dt.date, *, months: int) -> dt.date:
    """The latest birth date of someone at least `months` old (completed) on `day`."""
    return shift_months(day, -months)


def age_in_months(birth: dt.date, day: dt.date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def age_in_years(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reaches_age_on(birth: dt.date, *, months: int) -> dt.date:
    """The first day on which someone born on `birth` is `months` old: the month-shifted birthday,
    or the 1st of the next month when that month is too short (29 Feb → 1 Mar)."""
    index = birth.year * 12 + (birth.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if birth.day <= last:
        return dt.date(year, month + 1, birth.day)
    return dt.date(year, month + 1, last) + dt.timedelta(days=1)


# --- parameters -------------------------------------------------------------------------------


def _int_list(params: dict[str, Any], key: str) -> list[int]:
    value = params.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ValidationError(gettext_lazy("“%(key)s” must be a non-empty list of numbers."), params={"key": key})
    return value


def _bounds(params: dict[str, Any]) -> tuple[int | None, int | None]:
    low, high = params.get("min"), params.get("max")
    for value in (low, high):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValidationError(gettext_lazy("Age bounds must be whole numbers of zero or more."))
    if low is None and high is None:
        raise ValidationError(gettext_lazy("Give a minimum age, a maximum age, or both."))
    if low is not None and high is not None and high < low:
        raise ValidationError(gettext_lazy("The maximum age is below the minimum age."))
    return low, high


def _ratio(params: dict[str, Any]) -> Decimal:
    try:
        ratio = Decimal(str(params.get("ratio")))
    except InvalidOperation:
        ratio = Decimal(-1)
    if not ratio.is_finite() or ratio <= 0:
        raise ValidationError(gettext_lazy("The ratio must be a positive number, such as 0.5 or 1."))
    return ratio


def _codes(params: dict[str, Any]) -> list[str]:
    codes = params.get("codes")
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) and c.strip() for c in codes):
        raise ValidationError(gettext_lazy('“codes” must be a non-empty list of ICD-10 codes, such as ["F84"].'))
    return [normalise_code(c) for c in codes]


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def validate_params(kind: str, params: Any) -> None:
    """Raise ValidationError unless `params` suits `kind` (see EligibilityRule's docstring)."""
    if not isinstance(params, dict):
        raise ValidationError(gettext_lazy("Parameters must be a JSON object."))
    if kind in (RuleKind.AGE_YEARS_BETWEEN, RuleKind.AGE_MONTHS_BETWEEN):
        _bounds(params)
    elif kind == RuleKind.MIN_DISABILITY_PERCENT:
        percent = params.get("percent")
        if not isinstance(percent, int) or isinstance(percent, bool) or not 0 < percent <= 100:
            raise ValidationError(gettext_lazy("“percent” must be a whole number from 1 to 100."))
    elif kind == RuleKind.LIVES_ALONE:
        if not isinstance(params.get("value", True), bool):
            raise ValidationError(gettext_lazy("“value” must be true or false."))
    elif kind == RuleKind.IN_DISTRICTS:
        _int_list(params, "district_ids")
    elif kind == RuleKind.IN_NEIGHBOURHOODS:
        _int_list(params, "neighbourhood_ids")
    elif kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO:
        _ratio(params)
    elif kind == RuleKind.NO_SOCIAL_SECURITY:
        pass
    elif kind == RuleKind.SEX:
        if params.get("sex") not in ("F", "M"):
            raise ValidationError(gettext_lazy('“sex” must be "F" or "M".'))
    elif kind == RuleKind.DIAGNOSIS_PRESENT:
        _codes(params)
    else:
        raise ValidationError(gettext_lazy("Unknown rule kind “%(kind)s”."), params={"kind": kind})


# --- reference lookups ------------------------------------------------------------------------


def minimum_wage_on(day: dt.date) -> MinimumWage | None:
    return MinimumWage.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def income_limit(rule: EligibilityRule, wage: MinimumWage | None) -> Decimal | None:
    if wage is None:
        return None
    return (wage.net_monthly * _ratio(rule.params)).quantize(Decimal("0.01"))


# --- one person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """What the rules read about one person, loaded in a fixed number of queries (person_facts)."""

    person: Person
    district_id: int | None
    district_name: str
    neighbourhood_id: int | None
    neighbourhood_name: str
    # Household income (sum of the members' recorded incomes) and size; None when nobody's income
    # is recorded. A person outside any household is a household of one.
    income_total: Decimal | None
    household_size: int
    disability_percent: int | None
    diagnosis_codes: list[str] | None  # None: no health record at all

    @property
    def income_per_head(self) -> Decimal | None:
        return None if self.income_total is None else self.income_total / self.household_size


def person_facts(person: Person) -> PersonFacts:
    """Load the facts for `person` (two or three queries, whatever the number of services)."""
    person = (
        Person.objects.select_related("district", "neighbourhood__district", "eligibility_facts", "membership")
        .filter(pk=person.pk)
        .get()
    )
    hood = person.neighbourhood
    district_id: int | None
    if hood is not None:
        district_id, district_name = hood.district_id, hood.district.name
    else:
        district_id, district_name = person.district_id, person.district.name if person.district else ""
    membership = getattr(person, "membership", None)
    if membership is None:
        total = person.monthly_income
        size = 1
    else:
        totals = HouseholdMember.objects.filter(household_id=membership.household_id).aggregate(
            total=Coalesce(Sum("person__monthly_income"), Value(Decimal(0)), output_field=DecimalField()),
            size=Count("id"),
            known=Count("person__monthly_income"),
        )
        size = int(totals["size"] or 1)
        total = Decimal(totals["total"]) if totals["known"] else None
    facts = getattr(person, "eligibility_facts", None)
    if facts is None:
        disability, codes = None, None
    else:
        disability, codes = facts.disability_percent, facts.codes
    return PersonFacts(
        person=person,
        district_id=district_id,
        district_name=district_name,
        neighbourhood_id=person.neighbourhood_id,
        neighbourhood_name=hood.name if hood else "",
        income_total=total,
        household_size=size,
        disability_percent=disability,
        diagnosis_codes=codes,
    )


@dataclass(frozen=True)
class RuleOutcome:
    rule: EligibilityRule | None
    status: Status
    explanation: str

    @property
    def passed(self) -> bool:
        return self.status == PASSED


@dataclass
class ServiceEligibility:
    service: Service
    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(o.status == FAILED for o in self.outcomes):
            return "not_eligible"
        if any(o.status == UNKNOWN for o in self.outcomes):
            return "unknown"
        return "eligible"

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"


def _date(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")


def _money(amount: Decimal) -> str:
    return formats.number_format(amount.quantize(Decimal("0.01")), 2, use_l10n=True, force_grouping=True)


def _age_requirement(low: int | None, high: int | None, *, months: bool) -> str:
    if months:
        if low is not None and high is not None:
            return _("%(min)s–%(max)s months") % {"min": low, "max": high}
        if low is not None:
            return _("%(min)s months or over") % {"min": low}
        return _("%(max)s months or under") % {"max": high}
    if low is not None and high is not None:
        return _("%(min)s–%(max)s years") % {"min": low, "max": high}
    if low is not None:
        return _("%(min)s or over") % {"min": low}
    return _("%(max)s or under") % {"max": high}


def _evaluate_age(rule: EligibilityRule, facts: PersonFacts, day: dt.date, *, months: bool) -> RuleOutcome:
    low, high = _bounds(rule.params)
    requirement = _age_requirement(low, high, months=months)
    birth = facts.person.birth_date
    if birth is None:
        return RuleOutcome(
            rule,
            UNKNOWN,
            _("Birth date not recorded: the “%(requirement)s” condition cannot be checked")
            % {"requirement": requirement},
        )
    factor = 1 if months else 12
    age = age_in_months(birth, day) if months else age_in_years(birth, day)
    low_months = None if low is None else low * factor
    high_months = None if high is None else high * factor
    # Same test as the database side: born on or before the latest birth date for the minimum, and
    # after the latest birth date for (maximum + 1).
    ok = (low_months is None or birth <= latest_birth_date(day, months=low_months)) and (
        high_months is None or birth > latest_birth_date(day, months=high_months + factor)
    )
    # Months read naturally for small children only; a 68-year-old is "68", not "822 months".
    in_months = months and age < MONTHS_SHOWN_BELOW
    values = {"age": age if in_months or not months else age_in_years(birth, day), "requirement": requirement}
    if ok:
        text = (
            _("Age %(age)s months: meets the “%(requirement)s” condition")
            if in_months
            else _("Age %(age)s: meets the “%(requirement)s” condition")
        )
        return RuleOutcome(rule, PASSED, text % values)
    text = (
        _("Age %(age)s months: does not meet the “%(requirement)s” condition")
        if in_months
        else _("Age %(age)s: does not meet the “%(requirement)s” condition")
    )
    text %= values
    if low_months is not None and birth > latest_birth_date(day, months=low_months):
        text += " " + _("(reaches it on %(date)s)") % {"date": _date(reaches_age_on(birth, months=low_months))}
    return RuleOutcome(rule, FAILED, text)


def _evaluate_disability(rule: EligibilityRule, facts: PersonFacts) -> RuleOutcome:
    minimum = rule.params["percent"]
    if facts.disability_percent is None:
        return RuleOutcome(
            rule,
            UNKNOWN,
            _("No disability percentage recorded: the minimum of %(min)s%% cannot be checked") % {"min": minimum},
        )
    values = {"percent": facts.disability_percent, "min": minimum}
    if facts.disability_percent >= minimum:
        return RuleOutcome(rule, PASSED, _("Disability %(percent)s%%: meets the minimum of %(min)s%%") % values)
    return RuleOutcome(rule, FAILED, _("Disability %(percent)s%%: below the minimum of %(min)s%%") % values)


def _evaluate_lives_alone(rule: EligibilityRule, facts: PersonFacts) -> RuleOutcome:
    wanted = rule.params.get("value", True)
    alone = facts.person.lives_alone
    if alone == wanted:
        text = _("Lives alone: meets the condition") if alone else _("Does not live alone: meets the condition")
        return RuleOutcome(rule, PASSED, text)
    text = (
        _("Does not live alone: the service is for people living alone")
        if wanted
        else _("Lives alone: the service is for people who do not live alone")
    )
    return RuleOutcome(rule, FAILED, text)


def _evaluate_place(rule: EligibilityRule, facts: PersonFacts, names: dict[tuple[str, int], str]) -> RuleOutcome:
    if rule.kind == RuleKind.IN_DISTRICTS:
        ids, current, current_name, scope = (
            rule.params["district_ids"],
            facts.district_id,
            facts.district_name,
            "district",
        )
    else:
        ids, current, current_name, scope = (
            rule.params["neighbourhood_ids"],
            facts.neighbourhood_id,
            facts.neighbourhood_name,
            "neighbourhood",
        )
    places = ", ".join(names.get((scope, i), str(i)) for i in ids)
    if current is None:
        return RuleOutcome(
            rule,
            UNKNOWN,
            _("Address not recorded: the service area (%(places)s) cannot be checked") % {"places": places},
        )
    values = {"place": current_name, "places": places}
    if current in ids:
        return RuleOutcome(rule, PASSED, _("Lives in %(place)s: inside the service area (%(places)s)") % values)
    return RuleOutcome(rule, FAILED, _("Lives in %(place)s: outside the service area (%(places)s)") % values)


def _evaluate_income(rule: EligibilityRule, facts: PersonFacts, day: dt.date, wage: MinimumWage | None) -> RuleOutcome:
    limit = income_limit(rule, wage)
    percent = formats.number_format(_ratio(rule.params) * 100, 0)
    if limit is None:
        return RuleOutcome(
            rule,
            UNKNOWN,
            _("No minimum wage recorded for %(date)s: the income condition cannot be checked") % {"date": _date(day)},
        )
    values = {"limit": _money(limit), "percent": percent}
    if facts.income_total is None or facts.income_per_head is None:
        return RuleOutcome(
            rule,
            UNKNOWN,
            _(
                "Household income not recorded: the limit of %(limit)s TL (%(percent)s%% of the minimum wage) cannot be checked"
            )
            % values,
        )
    values["income"] = _money(facts.income_per_head)
    # Compared as total < limit × size, exactly as the database does, so no rounding of the
    # per-head figure can make the two sides disagree at the boundary.
    below = facts.income_total < limit * facts.household_size
    if below:
        return RuleOutcome(
            rule,
            PASSED,
            _(
                "Household income per head %(income)s TL: below the limit of %(limit)s TL (%(percent)s%% of the minimum wage)"
            )
            % values,
        )
    return RuleOutcome(
        rule,
        FAILED,
        _(
            "Household income per head %(income)s TL: not below the limit of %(limit)s TL (%(percent)s%% of the minimum wage)"
        )
        % values,
    )


def _evaluate_social_security(rule: EligibilityRule, facts: PersonFacts) -> RuleOutcome:
    value = facts.person.social_security
    if not value:
        return RuleOutcome(rule, UNKNOWN, _("Social security not recorded: the condition cannot be checked"))
    if value == SocialSecurity.NONE:
        return RuleOutcome(rule, PASSED, _("No social security: meets the condition"))
    return RuleOutcome(
        rule,
        FAILED,
        _("Has social security (%(kind)s): the service is for people without it")
        % {"kind": facts.person.get_social_security_display()},
    )


def _evaluate_sex(rule: EligibilityRule, facts: PersonFacts) -> RuleOutcome:
    wanted = rule.params["sex"]
    actual = facts.person.sex
    if not actual:
        return RuleOutcome(rule, UNKNOWN, _("Sex not recorded: the condition cannot be checked"))
    label = facts.person.get_sex_display()
    if actual == wanted:
        return RuleOutcome(rule, PASSED, _("Sex: %(sex)s — meets the condition") % {"sex": label})
    audience = _("women") if wanted == "F" else _("men")
    return RuleOutcome(
        rule, FAILED, _("Sex: %(sex)s — the service is for %(audience)s only") % {"sex": label, "audience": audience}
    )


def diagnosis_label(rule: EligibilityRule) -> str:
    from django.utils.translation import get_language

    key = "label_en" if (get_language() or "tr").startswith("en") else "label_tr"
    return str(rule.params.get(key) or rule.params.get("label_tr") or ", ".join(_codes(rule.params)))


def _evaluate_diagnosis(rule: EligibilityRule, facts: PersonFacts) -> RuleOutcome:
    label = diagnosis_label(rule)
    if facts.diagnosis_codes is None:
        return RuleOutcome(
            rule, UNKNOWN, _("No health record: the “%(label)s” diagnosis cannot be checked") % {"label": label}
        )
    prefixes = _codes(rule.params)
    if any(code.startswith(prefix) for code in facts.diagnosis_codes for prefix in prefixes):
        return RuleOutcome(rule, PASSED, _("Diagnosis recorded: %(label)s") % {"label": label})
    return RuleOutcome(rule, FAILED, _("No “%(label)s” diagnosis recorded: the service requires it") % {"label": label})


def describe_rule(rule: EligibilityRule, names: dict[tuple[str, int], str]) -> str:
    """What the rule asks, in plain words, for catalogue and directory pages."""
    kind, params = rule.kind, rule.params
    if kind in (RuleKind.AGE_YEARS_BETWEEN, RuleKind.AGE_MONTHS_BETWEEN):
        low, high = _bounds(params)
        text = _("Age: %(requirement)s") % {
            "requirement": _age_requirement(low, high, months=kind == RuleKind.AGE_MONTHS_BETWEEN)
        }
    elif kind == RuleKind.MIN_DISABILITY_PERCENT:
        text = _("Disability of at least %(min)s%%") % {"min": params["percent"]}
    elif kind == RuleKind.LIVES_ALONE:
        text = _("Lives alone") if params.get("value", True) else _("Does not live alone")
    elif kind == RuleKind.IN_DISTRICTS:
        text = _("Lives in: %(places)s") % {
            "places": ", ".join(names.get(("district", i), str(i)) for i in params["district_ids"])
        }
    elif kind == RuleKind.IN_NEIGHBOURHOODS:
        text = _("Lives in: %(places)s") % {
            "places": ", ".join(names.get(("neighbourhood", i), str(i)) for i in params["neighbourhood_ids"])
        }
    elif kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO:
        text = _("Household income per head below %(percent)s%% of the net minimum wage") % {
            "percent": formats.number_format(_ratio(params) * 100, 0)
        }
    elif kind == RuleKind.NO_SOCIAL_SECURITY:
        text = _("No social security")
    elif kind == RuleKind.SEX:
        text = _("Women only") if params["sex"] == "F" else _("Men only")
    elif kind == RuleKind.DIAGNOSIS_PRESENT:
        text = _("Diagnosis: %(label)s") % {"label": diagnosis_label(rule)}
    else:
        text = str(kind)
    return f"{text} ({rule.note})" if rule.note else text


def evaluate_rule(
    rule: EligibilityRule,
    facts: PersonFacts,
    day: dt.date,
    *,
    wage: MinimumWage | None,
    names: dict[tuple[str, int], str],
) -> RuleOutcome:
    kind = rule.kind
    if kind == RuleKind.AGE_YEARS_BETWEEN:
        return _evaluate_age(rule, facts, day, months=False)
    if kind == RuleKind.AGE_MONTHS_BETWEEN:
        return _evaluate_age(rule, facts, day, months=True)
    if kind == RuleKind.MIN_DISABILITY_PERCENT:
        return _evaluate_disability(rule, facts)
    if kind == RuleKind.LIVES_ALONE:
        return _evaluate_lives_alone(rule, facts)
    if kind in (RuleKind.IN_DISTRICTS, RuleKind.IN_NEIGHBOURHOODS):
        return _evaluate_place(rule, facts, names)
    if kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO:
        return _evaluate_income(rule, facts, day, wage)
    if kind == RuleKind.NO_SOCIAL_SECURITY:
        return _evaluate_social_security(rule, facts)
    if kind == RuleKind.SEX:
        return _evaluate_sex(rule, facts)
    if kind == RuleKind.DIAGNOSIS_PRESENT:
        return _evaluate_diagnosis(rule, facts)
    raise ValueError(f"unknown rule kind {kind!r}")


def place_names(rules: Iterable[EligibilityRule]) -> dict[tuple[str, int], str]:
    """Names of the districts and neighbourhoods the rules list, in two queries at most."""
    from omur.geo.models import District, Neighbourhood

    district_ids: set[int] = set()
    hood_ids: set[int] = set()
    for rule in rules:
        if rule.kind == RuleKind.IN_DISTRICTS:
            district_ids.update(rule.params.get("district_ids", []))
        elif rule.kind == RuleKind.IN_NEIGHBOURHOODS:
            hood_ids.update(rule.params.get("neighbourhood_ids", []))
    names: dict[tuple[str, int], str] = {}
    if district_ids:
        names.update(
            {
                ("district", pk): name
                for pk, name in District.objects.filter(pk__in=district_ids).values_list("pk", "name")
            }
        )
    if hood_ids:
        names.update(
            {
                ("neighbourhood", pk): name
                for pk, name in Neighbourhood.objects.filter(pk__in=hood_ids).values_list("pk", "name")
            }
        )
    return names


def evaluate_person(person: Person, services: Sequence[Service], *, day: dt.date) -> list[ServiceEligibility]:
    """Every rule of every service for one person. `services` should come with their rules
    prefetched (selectors.services_with_rules); the whole evaluation is then a handful of queries."""
    facts = person_facts(person)
    rules = [rule for service in services for rule in service.eligibility_rules.all()]
    names = place_names(rules)
    needs_wage = any(rule.kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO for rule in rules)
    wage = minimum_wage_on(day) if needs_wage else None
    results = []
    for service in services:
        result = ServiceEligibility(service=service)
        death = facts.person.date_of_death
        if death is not None and death <= day:
            result.outcomes.append(
                RuleOutcome(None, FAILED, _("Recorded as deceased on %(date)s") % {"date": _date(death)})
            )
        for rule in service.eligibility_rules.all():
            result.outcomes.append(evaluate_rule(rule, facts, day, wage=wage, names=names))
        results.append(result)
    return results


# --- in bulk ----------------------------------------------------------------------------------


class NoMatch(Exception):
    """A rule that nobody can pass on this day (no minimum wage recorded)."""


# An age band no wider than this is read through the birth-date index; a wider one is read by
# scanning the table. SQLite (built without STAT4) assumes any range keeps a small share of rows and
# takes the index, then pays a random row lookup per match: for "18 or over" at a million people
# that is ten times slower than reading the table in order (bench/eligibility). PostgreSQL's planner
# has histograms and chooses well by itself, so there the column is left as it is.
INDEXED_AGE_SPAN_MONTHS = 12 * 12
OLDEST_AGE_MONTHS = 120 * 12


class Unindexed(Func):
    """The column's value, written so that SQLite cannot answer it from an index: COALESCE(x, x)
    is x. On PostgreSQL the plain column, whose statistics the planner uses well."""

    function = "COALESCE"

    def __init__(self, column: str) -> None:
        super().__init__(F(column), F(column), output_field=DateField())

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return compiler.compile(self.source_expressions[0])


def _age_indexed(rule: EligibilityRule) -> bool:
    low, high = _bounds(rule.params)
    factor = 1 if rule.kind == RuleKind.AGE_MONTHS_BETWEEN else 12
    low_months = (low or 0) * factor
    high_months = OLDEST_AGE_MONTHS if high is None else high * factor + factor
    return high_months - low_months <= INDEXED_AGE_SPAN_MONTHS


def _age_q(rule: EligibilityRule, day: dt.date, *, months: bool) -> Q:
    low, high = _bounds(rule.params)
    factor = 1 if months else 12
    # NULL birth dates never pass a comparison, so no IS NOT NULL is needed.
    column: Any = F("birth_date") if _age_indexed(rule) else Unindexed("birth_date")
    q = Q()
    if low is not None:
        q &= Q(LessThanOrEqual(column, latest_birth_date(day, months=low * factor)))
    if high is not None:
        q &= Q(GreaterThan(column, latest_birth_date(day, months=high * factor + factor)))
    return q


def households_below(limit: Decimal, *, among: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Ids of households whose income per head is below `limit`: one grouped, uncorrelated query
    the database runs once, instead of a sum per person. A household where nobody's income is
    recorded is unknown, so it is left out (as evaluate_person leaves it unknown). `among` (person
    ids) limits the sums to those people's households."""
    members = HouseholdMember.objects.all()
    if among is not None:
        members = members.filter(
            household_id__in=HouseholdMember.objects.filter(person_id__in=among).values("household_id")
        )
    return (
        members.values("household_id")
        .annotate(
            total=Coalesce(Sum("person__monthly_income"), Value(Decimal(0)), output_field=DecimalField()),
            size=Count("id"),
            known=Count("person__monthly_income"),
        )
        .filter(known__gt=0, total__lt=ExpressionWrapper(F("size") * Value(limit), output_field=DecimalField()))
        .values("household_id")
    )


def rule_q(rule: EligibilityRule, day: dt.date, *, wage: MinimumWage | None, among: QuerySet[Any] | None = None) -> Q:
    """The rule as a filter on Person: true exactly when evaluate_rule would say "passed".
    `among` (person ids that pass the other rules) narrows the income sums when it is small."""
    kind, params = rule.kind, rule.params
    if kind == RuleKind.AGE_YEARS_BETWEEN:
        return _age_q(rule, day, months=False)
    if kind == RuleKind.AGE_MONTHS_BETWEEN:
        return _age_q(rule, day, months=True)
    if kind == RuleKind.MIN_DISABILITY_PERCENT:
        return Q(eligibility_facts__disability_percent__gte=params["percent"])
    if kind == RuleKind.LIVES_ALONE:
        return Q(lives_alone=params.get("value", True))
    if kind == RuleKind.IN_DISTRICTS:
        ids = params["district_ids"]
        return Q(neighbourhood__district_id__in=ids) | Q(neighbourhood__isnull=True, district_id__in=ids)
    if kind == RuleKind.IN_NEIGHBOURHOODS:
        return Q(neighbourhood_id__in=params["neighbourhood_ids"])
    if kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO:
        limit = income_limit(rule, wage)
        if limit is None:
            raise NoMatch
        # A join to the person's membership (SQLite: one index lookup per row; PostgreSQL: a hash
        # join) and one grouped subquery the database runs once. A correlated NOT EXISTS here would
        # make PostgreSQL cost every row as a sub-plan and walk the birth-date index instead.
        poor = Q(membership__household_id__in=households_below(limit, among=among))
        return poor | Q(membership__isnull=True, monthly_income__lt=limit)
    if kind == RuleKind.NO_SOCIAL_SECURITY:
        return Q(social_security=SocialSecurity.NONE)
    if kind == RuleKind.SEX:
        return Q(sex=params["sex"])
    if kind == RuleKind.DIAGNOSIS_PRESENT:
        # Codes are stored " F84.0 Z33 ": a leading space marks the start of a code.
        q = Q()
        for prefix in _codes(params):
            q |= Q(eligibility_facts__diagnosis_codes__contains=f" {prefix}")
        return q
    raise ValueError(f"unknown rule kind {kind!r}")


# Rules that leave few people: when one of them is present, the household income sums are taken
# over the remaining candidates' households only (a recorded pregnancy: a few thousand people)
# instead of every household in the city. For broad rules that narrowing costs more than it saves.
SELECTIVE_KINDS = frozenset({RuleKind.DIAGNOSIS_PRESENT, RuleKind.MIN_DISABILITY_PERCENT, RuleKind.IN_NEIGHBOURHOODS})


def _selective(rule: EligibilityRule) -> bool:
    if rule.kind in SELECTIVE_KINDS:
        return True
    # A narrow age band (the one read through the index) is selective too.
    return rule.kind in (RuleKind.AGE_YEARS_BETWEEN, RuleKind.AGE_MONTHS_BETWEEN) and _age_indexed(rule)


def has_income_rule(service: Service) -> bool:
    return any(r.kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO for r in service.eligibility_rules.all())


def eligible_people(service: Service, *, day: dt.date, people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """Everyone (alive on `day`) who passes every rule of `service`, as one queryset."""
    rules = list(service.eligibility_rules.all())
    queryset = Person.objects.all() if people is None else people
    queryset = queryset.filter(Q(date_of_death__isnull=True) | Q(date_of_death__gt=day))
    income_rules = [r for r in rules if r.kind == RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO]
    other_rules = [r for r in rules if r.kind != RuleKind.INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO]
    wage = minimum_wage_on(day) if income_rules else None
    try:
        for rule in other_rules:
            queryset = queryset.filter(rule_q(rule, day, wage=wage))
        among = queryset.values("pk") if any(_selective(r) for r in other_rules) else None
        for rule in income_rules:
            queryset = queryset.filter(rule_q(rule, day, wage=wage, among=among))
    except NoMatch:
        return queryset.none()
    return queryset


def enrolment_model() -> Any | None:
    """cases.Enrolment when the cases app provides it (it is built alongside this app)."""
    try:
        return apps.get_model("cases", "Enrolment")
    except LookupError:
        return None


def not_enrolled(queryset: QuerySet[Person], service: Service) -> QuerySet[Person]:
    """Leave out people with an open (not closed) enrolment in `service`."""
    model = enrolment_model()
    if model is None:
        return queryset
    open_enrolment = model.objects.filter(person_id=OuterRef("pk"), service_id=service.pk).exclude(status="closed")
    return queryset.filter(~Exists(open_enrolment))


def worklist_count(service: Service, *, day: dt.date) -> int:
    """How many people `not_enrolled(eligible_people(...))` holds. Usually counted as eligible minus
    those of them with an open enrolment (the second count starts from the few enrolments, so
    nobody pays a per-person enrolment lookup just to be counted); see the exception below."""
    eligible = eligible_people(service, day=day)
    model = enrolment_model()
    if model is not None and has_income_rule(service):
        # The household sums dominate such a query: evaluate it once, with the enrolment check
        # per row, rather than twice.
        return not_enrolled(eligible, service).count()
    total = eligible.count()
    if model is None or not total:
        return total
    enrolled = model.objects.filter(service_id=service.pk).exclude(status="closed").values("person_id")
    return total - eligible.filter(pk__in=enrolled).count()


def facts_for_codes(codes: Iterable[str]) -> str:
    """The stored form of diagnosis codes (EligibilityFacts.diagnosis_codes)."""
    cleaned = sorted({normalise_code(c) for c in codes if c and c.strip()})
    return f" {' '.join(cleaned)} " if cleaned else ""


__all__ = [
    "EligibilityFacts",
    "PersonFacts",
    "RuleOutcome",
    "ServiceEligibility",
    "age_in_months",
    "age_in_years",
    "eligible_people",
    "evaluate_person",
    "latest_birth_date",
    "not_enrolled",
    "person_facts",
    "rule_q",
    "validate_params",
]
