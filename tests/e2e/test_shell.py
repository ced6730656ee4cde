from typing import Any

import pytest

from conftest import make_user
from omur.accounts.roles import Role
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()


def test_social_worker_signs_in_sees_home_and_switches_language(page: Any, live_server: Any) -> None:
    from omur.geo.services import geography_load

    geography_load()
    make_user(Role.SOCIAL_WORKER, username="ayse")
    _sign_in(page, live_server, "ayse")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hoş geldiniz")
    assert page.get_by_test_id("role").first.inner_text() == "Sosyal çalışmacı (vaka yöneticisi)"
    assert "806" in page.get_by_test_id("home-cards").inner_text()

    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("language-switch").get_by_role("button", name="TR").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hoş geldiniz")


def test_bad_password_shows_error_in_turkish(page: Any, live_server: Any) -> None:
    make_user(Role.NURSE, username="fatma")
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill("fatma")
    page.get_by_label("Parola").fill("wrong")
    page.get_by_role("button", name="Giriş yap").click()
    assert "doğru" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("language", ["tr", "en"])
def test_login_page_meets_wcag_aa(a11y_page: Any, live_server: Any, language: str) -> None:
    a11y_page.goto(f"{live_server.url}/hesap/giris/")
    if language == "en":
        a11y_page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
        a11y_page.wait_for_load_state()
    assert axe_violations(a11y_page) == []


def test_home_page_usable_on_a_phone(phone_page: Any, live_server: Any) -> None:
    make_user(Role.CAREGIVER, username="emine")
    _sign_in(phone_page, live_server, "emine")
    phone_page.wait_for_url(f"{live_server.url}/")
    # Nothing wider than the screen: no sideways scrolling on a 360 px phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("button", name="Menüyü aç").click()
    phone_page.get_by_test_id("user-menu").click()
    assert phone_page.get_by_role("button", name="Çıkış yap").is_visible()


@pytest.mark.parametrize("width", [1280, 1400, 1920])
def test_the_office_managers_full_menu_fits_the_screen(browser: Any, live_server: Any, width: int) -> None:
    # The office manager sees every section: the menu must never push the page sideways, in
    # either language, whether it is folded (below 1400 px) or laid out in one row.
    # A long name, as real ones can be: the user menu's label is part of the row.
    make_user(Role.OFFICE_MANAGER, username="selin", last_name="Karaosmanoğlu Yıldırım")
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _sign_in(page, live_server, "selin")
        page.wait_for_url(f"{live_server.url}/")
        for language in ("EN", "TR"):
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            switch = page.get_by_test_id("language-switch").get_by_role("button", name=language)
            box = switch.bounding_box()
            assert box is not None and box["x"] + box["width"] <= width
            switch.click()
            page.wait_for_load_state()
    finally:
        context.close()
