"""The two daily-living scales of the social assessment, as data and pure scoring functions.

Katz Index of Independence in Activities of Daily Living (Katz et al. 1963, 1970): six functions,
each independent (1 point) or dependent (0). 6 = full function, 4 = moderate impairment,
2 or less = severe functional impairment.

Lawton Instrumental Activities of Daily Living Scale (Lawton & Brody 1969): eight items, each with
ordered answers worth 1 or 0 points as in the published scoring sheet; 0 (low function, dependent)
to 8 (high function, independent). All eight items are scored for everyone (the original sheet left
three out for men; current practice does not).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Option:
    code: str
    label: str | Promise
    points: int


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    options: tuple[Option, ...]

    def points(self, code: str) -> int:
        for option in self.options:
            if option.code == code:
                return option.points
        raise ValueError(f"{self.key}: unknown answer {code!r}")


def _katz(key: str, label: str | Promise, independent: str | Promise, dependent: str | Promise) -> Item:
    return Item(key, label, (Option("independent", independent, 1), Option("dependent", dependent, 0)))


KATZ_ITEMS: tuple[Item, ...] = (
    _katz(
        "bathing",
        _("Bathing"),
        _("Bathes self completely or needs help with one part of the body only"),
        _("Needs help with bathing more than one part of the body, or getting in or out of the tub or shower"),
    ),
    _katz(
        "dressing",
        _("Dressing"),
        _("Gets clothes and puts them on without help (may need help tying shoes)"),
        _("Needs help with dressing or needs to be completely dressed"),
    ),
    _katz(
        "toileting",
        _("Toileting"),
        _("Goes to the toilet, gets on and off, arranges clothes and cleans self without help"),
        _("Needs help getting to or using the toilet, or uses a bedpan or commode"),
    ),
    _katz(
        "transferring",
        _("Transferring"),
        _("Moves in and out of bed or chair unassisted (mechanical aids are acceptable)"),
        _("Needs help moving from bed to chair or requires a complete transfer"),
    ),
    _katz(
        "continence",
        _("Continence"),
        _("Exercises complete self-control over urination and defecation"),
        _("Is partially or totally incontinent of bowel or bladder"),
    ),
    _katz(
        "feeding",
        _("Feeding"),
        _("Gets food from plate into mouth without help (food may be prepared by another person)"),
        _("Needs partial or total help with feeding, or is fed by tube or intravenously"),
    ),
)

LAWTON_ITEMS: tuple[Item, ...] = (
    Item(
        "telephone",
        _("Ability to use the telephone"),
        (
            Option("dials", _("Operates the telephone on own initiative; looks up and dials numbers"), 1),
            Option("few_numbers", _("Dials a few well-known numbers"), 1),
            Option("answers_only", _("Answers the telephone but does not dial"), 1),
            Option("none", _("Does not use the telephone at all"), 0),
        ),
    ),
    Item(
        "shopping",
        _("Shopping"),
        (
            Option("all", _("Takes care of all shopping independently"), 1),
            Option("small", _("Shops independently for small purchases only"), 0),
            Option("accompanied", _("Needs to be accompanied on any shopping trip"), 0),
            Option("unable", _("Completely unable to shop"), 0),
        ),
    ),
    Item(
        "food",
        _("Food preparation"),
        (
            Option("independent", _("Plans, prepares and serves adequate meals independently"), 1),
            Option("if_supplied", _("Prepares adequate meals if supplied with ingredients"), 0),
            Option("heats", _("Heats and serves prepared meals, or prepares meals but not an adequate diet"), 0),
            Option("needs_served", _("Needs to have meals prepared and served"), 0),
        ),
    ),
    Item(
        "housekeeping",
        _("Housekeeping"),
        (
            Option("alone", _("Maintains the house alone, with occasional help for heavy work"), 1),
            Option("light", _("Performs light daily tasks such as washing dishes and making beds"), 1),
            Option("light_not_clean", _("Performs light daily tasks but cannot keep the house acceptably clean"), 1),
            Option("needs_help", _("Needs help with all home maintenance tasks"), 1),
            Option("none", _("Does not take part in any housekeeping tasks"), 0),
        ),
    ),
    Item(
        "laundry",
        _("Laundry"),
        (
            Option("all", _("Does own laundry completely"), 1),
            Option("small", _("Launders small items only"), 1),
            Option("none", _("All laundry must be done by others"), 0),
        ),
    ),
    Item(
        "transport",
        _("Mode of transport"),
        (
            Option("independent", _("Travels independently on public transport or drives own car"), 1),
            Option("taxi", _("Arranges own travel by taxi but does not otherwise use public transport"), 1),
            Option("assisted", _("Travels on public transport when helped or accompanied"), 1),
            Option("car_with_help", _("Travel limited to a taxi or car with the help of another person"), 0),
            Option("none", _("Does not travel at all"), 0),
        ),
    ),
    Item(
        "medication",
        _("Responsibility for own medication"),
        (
            Option("responsible", _("Takes the right doses at the right time on own responsibility"), 1),
            Option("prepared", _("Takes responsibility if doses are prepared in advance"), 0),
            Option("unable", _("Is not capable of taking own medication"), 0),
        ),
    ),
    Item(
        "finances",
        _("Ability to handle finances"),
        (
            Option("independent", _("Manages financial matters independently (budget, bills, bank)"), 1),
            Option("day_to_day", _("Manages day-to-day purchases but needs help with banking and major purchases"), 1),
            Option("unable", _("Is incapable of handling money"), 0),
        ),
    ),
)

KATZ_MAX = len(KATZ_ITEMS)
LAWTON_MAX = len(LAWTON_ITEMS)


def _score(items: tuple[Item, ...], answers: Mapping[str, str]) -> int | None:
    """The sum of the points of the answers, or None while any item is unanswered (a partial score
    would read as dependency). An answer that is not one of the item's options is an error."""
    total = 0
    for item in items:
        code = answers.get(item.key)
        if not code:
            return None
        total += item.points(code)
    return total


def katz_score(answers: Mapping[str, str]) -> int | None:
    return _score(KATZ_ITEMS, answers)


def lawton_score(answers: Mapping[str, str]) -> int | None:
    return _score(LAWTON_ITEMS, answers)


def katz_band(score: int | None) -> str:
    """The reading of a Katz score the form shows next to it."""
    if score is None:
        return ""
    if score >= 6:
        return str(_("full function"))
    if score >= 3:
        return str(_("moderate impairment"))
    return str(_("severe functional impairment"))
