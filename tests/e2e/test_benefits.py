"""A social worker at the distribution desk: finds the person, sees the preview (htmx), records
clothing aid three times, and the fourth is refused with the limit named."""

from typing import Any

import pytest
from django.urls import reverse

from conftest import make_user
from omur.accounts.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_desk_records_clothing_and_refuses_the_fourth(page: Any, live_server: Any) -> None:
    from omur.benefits.setup import benefits_load
    from omur.benefits.tests.conftest import make_household
    from omur.geo.services import geography_load
    from omur.services.catalogue import catalogue_load

    geography_load()
    catalogue_load()
    benefits_load()
    person = make_household((3000, 40))[0]
    make_user(Role.SOCIAL_WORKER, username="ayse")
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill("ayse")
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    url = live_server.url + reverse("benefits:distribution-create", kwargs={"person_id": person.pk})
    for attempt in range(4):
        page.goto(url)
        page.select_option("#id_programme", "giysi-yardimi")
        page.get_by_text("Used this cycle").wait_for()  # the htmx preview
        page.get_by_label("Recipient signed the receipt").check()
        page.get_by_role("button", name="Record", exact=True).click()
        page.wait_for_load_state()
        if attempt < 3:
            assert "Distribution recorded." in page.content()
    assert "Limit reached" in page.get_by_role("alert").first.inner_text()


# The desk and the person/household pages are used on a tablet or a phone at village distributions.
SIDEWAYS = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('main *')]
    .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
  const tables = [...document.querySelectorAll('.table-responsive')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.innerText.slice(0, 40));
  return {page: doc.scrollWidth - doc.clientWidth, wide: wide.slice(0, 5), tables};
}"""


def test_desk_and_benefit_pages_fit_a_phone(phone_page: Any, live_server: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from omur.benefits.models import AidProgramme, Confirmation
    from omur.benefits.services import aid
    from omur.benefits.setup import benefits_load
    from omur.benefits.tests.conftest import make_household
    from omur.geo.services import geography_load
    from omur.services.catalogue import catalogue_load

    geography_load()
    catalogue_load()
    benefits_load()
    head, child = make_household((3000, 40), (0, 6))
    head.given_name, head.family_name = "Fatmanur Gülizar", "Karamanoğlu-Büyükyılmaz"
    head.save()
    worker = make_user(Role.SOCIAL_WORKER, username="ayse")
    clothing = AidProgramme.objects.get(code="giysi-yardimi")
    today = timezone.localdate()
    for person, day in ((head, today), (child, today - dt.timedelta(days=1))):
        aid.distribution_record(
            actor=worker,
            programme=clothing,
            person=person,
            distributed_on=day,
            confirmation=Confirmation.SIGNATURE,
            items="Kışlık mont, bot, atkı-bere takımı",
        )
    page = phone_page
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill("ayse")
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(f"{live_server.url}/")
    household = head.membership.household
    urls = [
        reverse("benefits:desk") + "?q=Karamanoğlu",
        reverse("benefits:person-benefits", kwargs={"person_id": head.pk}),
        reverse("benefits:distribution-create", kwargs={"person_id": head.pk}),
        reverse("benefits:household-benefits", kwargs={"household_id": household.pk}),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state()
        found = page.evaluate(SIDEWAYS)
        assert found == {"page": 0, "wide": [], "tables": []}, (url, found)
