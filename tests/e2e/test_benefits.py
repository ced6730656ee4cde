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
