"""Lotteries: drawn once, re-derived independently from the exported list and the public value,
a second attempt refused and recorded; the method's properties checked with Hypothesis."""

import datetime as dt
import hashlib
import hmac
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from omur.benefits import lottery as method
from omur.benefits.models import ApplicationStatus, GrantCohort, GrantScheme, Lottery, LotteryDraw
from omur.benefits.services import grants, lotteries
from omur.benefits.services.common import NotAllowed
from omur.benefits.tests.conftest import make_household
from omur.geo.models import Neighbourhood

VALUE = "Milli Piyango 31.12.2026 büyük ikramiye: 815472"


@pytest.fixture
def lottery(catalogue: Any, social_worker: Any, office_manager: Any) -> Lottery:
    scheme = GrantScheme.objects.get(code="hadi-gel-koyumuze")
    cohort = GrantCohort.objects.create(scheme=scheme, year=2027, places=4)
    hood = Neighbourhood.objects.filter(district__name="Silifke", population__lte=3000).order_by("id").first()
    for age in (30, 31, 32, 33, 34, 35, 36, 50):
        grants.application_record(actor=social_worker, cohort=cohort, person=make_household((3000, age), hood=hood)[0])
    lot = lotteries.lottery_create_for_cohort(actor=social_worker, cohort=cohort, reserves=2)
    lotteries.lottery_announce(
        actor=office_manager,
        lottery=lot,
        value_source="Milli Piyango yılbaşı",
        value_due=dt.date.today() + dt.timedelta(days=3),
    )
    with pytest.raises(lotteries.ValueNotYetPublic):
        lotteries.lottery_record_value(actor=office_manager, lottery=lot, public_value=VALUE)
    Lottery.objects.filter(pk=lot.pk).update(value_due=dt.date.today())  # the day comes
    return lotteries.lottery_record_value(actor=office_manager, lottery=lot, public_value=VALUE)


def test_a_lottery_is_drawn_rederived_from_its_seed_and_cannot_be_drawn_again(
    lottery: Lottery, office_manager: Any, client_as: Any, audit_events: Any, tmp_path: Any, capsys: Any
) -> None:
    draw = lotteries.lottery_draw(actor=office_manager, lottery=lottery)
    assert len(draw.main) == 4 and len(draw.reserve) == 2 and not set(draw.main) & set(draw.reserve)
    assert audit_events.get(action="lottery.draw").changes["main"] == draw.main
    statuses = set(lottery.cohort.applications.values_list("status", flat=True))
    assert statuses == {
        ApplicationStatus.SELECTED,
        ApplicationStatus.RESERVE,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.REJECTED,
    }
    # Independently: the exported CSV and the public value, through the command, no database.
    response = client_as(office_manager).get(reverse("benefits:lottery-csv", kwargs={"pk": lottery.pk}))
    assert response.status_code == 200
    csv_file = tmp_path / "list.csv"
    csv_file.write_bytes(response.content)
    call_command("lottery_draw", applicants=str(csv_file), seed_value=VALUE, places=4, reserves=2)
    out = capsys.readouterr().out
    assert f"seed: {draw.seed}" in out
    main_block = out.split("main:")[1].split("reserve:")[0]
    assert [line.split(". ")[1] for line in main_block.strip().splitlines()] == draw.main
    assert [line.split(". ")[1] for line in out.split("reserve:")[1].strip().splitlines()] == draw.reserve
    # And by hand, with nothing but hashlib and hmac (what LOTTERY.md tells the public).
    refs = sorted(lottery.entries.filter(eligible=True).values_list("ref", flat=True))
    seed = hashlib.sha256(("\n".join(refs) + "\n--\n" + VALUE).encode()).hexdigest()
    ordered = sorted(refs, key=lambda r: (hmac.new(bytes.fromhex(seed), r.encode(), hashlib.sha256).hexdigest(), r))
    assert seed == draw.seed and ordered[:4] == draw.main and ordered[4:6] == draw.reserve
    # A second attempt is refused and recorded.
    with pytest.raises(lotteries.AlreadyDrawn):
        lotteries.lottery_draw(actor=office_manager, lottery=lottery)
    assert audit_events.filter(action="lottery.draw_refused").count() == 1
    assert LotteryDraw.objects.filter(lottery=lottery).count() == 1


def test_the_database_allows_one_draw_per_lottery(lottery: Lottery, office_manager: Any) -> None:
    from django.db import IntegrityError, transaction

    LotteryDraw.objects.create(lottery=lottery, seed="0" * 64, drawn_by=office_manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        LotteryDraw.objects.create(lottery=lottery, seed="1" * 64, drawn_by=office_manager)


def test_only_the_office_manager_draws(lottery: Lottery, social_worker: Any) -> None:
    with pytest.raises(NotAllowed):
        lotteries.lottery_draw(actor=social_worker, lottery=lottery)


def test_the_public_value_must_be_in_the_future_when_announced(
    catalogue: Any, social_worker: Any, office_manager: Any
) -> None:
    scheme = GrantScheme.objects.get(code="gunes-paneli")
    cohort = GrantCohort.objects.create(scheme=scheme, year=2027, places=1)
    hood = Neighbourhood.objects.filter(district__name="Mut", population__lte=3000).order_by("id").first()
    for age in (30, 40):
        grants.application_record(actor=social_worker, cohort=cohort, person=make_household((3000, age), hood=hood)[0])
    lot = lotteries.lottery_create_for_cohort(actor=social_worker, cohort=cohort, reserves=1)
    with pytest.raises(lotteries.ValueDueNotFuture):
        lotteries.lottery_announce(
            actor=office_manager, lottery=lot, value_source="Gazete manşeti", value_due=dt.date.today()
        )
    with pytest.raises(lotteries.WrongStage):
        lotteries.lottery_draw(actor=office_manager, lottery=lot)


refs_strategy = st.lists(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True), min_size=1, max_size=40, unique=True)


@settings(max_examples=60, deadline=None)
@given(
    applicants=st.lists(
        st.tuples(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True), st.booleans()),
        min_size=1,
        max_size=40,
        unique_by=lambda t: t[0],
    ),
    value=st.text(min_size=1, max_size=40).filter(lambda v: v.strip()),
    places=st.integers(min_value=0, max_value=30),
    reserves=st.integers(min_value=0, max_value=30),
)
def test_lottery_properties(applicants: list[tuple[str, bool]], value: str, places: int, reserves: int) -> None:
    eligible = [ref for ref, ok in applicants if ok]
    if not eligible:
        return
    first = method.draw(eligible, public_value=value, places=places, reserves=reserves)
    again = method.draw(list(reversed(eligible)), public_value=value, places=places, reserves=reserves)
    assert first == again  # same inputs (in any order) → same lists
    assert not set(first.main) & set(first.reserve)
    assert set(first.main) | set(first.reserve) <= set(eligible)  # every winner eligible
    assert len(first.main) == min(places, len(eligible))
    assert len(first.reserve) == min(reserves, max(0, len(eligible) - places))
    # Through the CSV as exported: ineligible rows never win.
    lines = ["ref,eligible,name,reason"] + [f"{ref},{int(ok)},X***," for ref, ok in applicants]
    assert method.eligible_refs_from_csv("\n".join(lines)) == eligible
