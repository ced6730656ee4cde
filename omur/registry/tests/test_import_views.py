"""The import pages: upload → check → confirm, the template downloads, and who may use them."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from omur.registry.imports.uploads import upload_dir
from omur.registry.models import Household, Person
from omur.registry.tests.test_import_services import HEADER, T1, T2, row


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def in_english(client):
    # Pages answer in the language of the request (Turkish by default); the tests read English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def csv_upload(rows, name="people.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def upload(client, rows, **kwargs):
    response = client.post(reverse("imports:upload"), {"file": csv_upload(rows, **kwargs)})
    assert response.status_code == 302, response.content
    return response["Location"]


def token_of(location):
    return location.rstrip("/").rsplit("/", 1)[-1]


def test_upload_page_shows_the_columns_and_templates(client_as, social_worker):
    response = client_as(social_worker).get(reverse("imports:upload"))
    assert response.status_code == 200
    assert "imports/upload.html" in [t.name for t in response.templates]
    body = response.content.decode()
    for header in HEADER:
        assert header in body
    assert reverse("imports:template", kwargs={"fmt": "xlsx"}) in body


@pytest.mark.parametrize("role", ["call_operator", "nurse", "sociologist", "auditor", "caregiver"])
def test_import_pages_are_denied_to_other_roles(client_as, user_factory, role):
    client = client_as(user_factory(role))
    assert client.get(reverse("imports:upload")).status_code == 403
    assert client.get(reverse("imports:template", kwargs={"fmt": "csv"})).status_code == 403
    assert client.post(reverse("imports:upload"), {"file": csv_upload([row()])}).status_code == 403
    assert not any(upload_dir().iterdir())


def test_the_whole_journey_upload_check_confirm(client_as, office_manager, geography, audit_events):
    client = client_as(office_manager)
    location = upload(
        client,
        [
            row(tckn=T1, household="H", relation="hane reisi"),
            row(tckn=T2, given_name="Elif", household="H", relation="çocuk"),
        ],
    )
    token = token_of(location)
    assert (upload_dir() / f"{token}.upload").is_file()

    review = client.get(location)
    assert review.status_code == 200
    assert b'data-testid="import-ok"' in review.content
    assert Person.objects.count() == 0

    done = client.post(reverse("imports:confirm", kwargs={"token": token}))
    assert done.status_code == 302 and done["Location"] == reverse("imports:upload")
    assert Person.objects.count() == 2 and Household.objects.count() == 1
    assert not (upload_dir() / f"{token}.upload").exists()
    assert audit_events.filter(action="person.import", actor=office_manager).count() == 1
    # The token is spent.
    assert client.get(location).status_code == 404


def test_review_lists_problems_and_confirm_writes_nothing(client_as, social_worker, geography):
    client = in_english(client_as(social_worker))
    location = upload(client, [row(tckn=T1, phone="0532"), row(tckn=T1)])
    review = client.get(location)
    body = review.content.decode()
    assert b'data-testid="import-problems"' in review.content
    assert "Telefon" in body and "The same TC Kimlik No is on row 2." in body

    problems = client.get(reverse("imports:problems", kwargs={"token": token_of(location)}))
    lines = problems.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row;Column;Problem" and len(lines) == 3

    refused = client.post(reverse("imports:confirm", kwargs={"token": token_of(location)}))
    assert refused.status_code == 302 and refused["Location"] == location
    assert Person.objects.count() == 0


def test_discard_deletes_the_upload(client_as, social_worker, geography):
    client = client_as(social_worker)
    token = token_of(upload(client, [row(tckn=T1)]))
    response = client.post(reverse("imports:discard", kwargs={"token": token}))
    assert response.status_code == 302
    assert not (upload_dir() / f"{token}.upload").exists()


def test_another_users_upload_is_not_found(client_as, social_worker, office_manager, geography):
    token = token_of(upload(client_as(social_worker), [row(tckn=T1)]))
    other = client_as(office_manager)
    assert other.get(reverse("imports:review", kwargs={"token": token})).status_code == 404
    assert other.post(reverse("imports:confirm", kwargs={"token": token})).status_code == 404
    assert Person.objects.count() == 0


def test_an_unknown_or_malformed_token_is_not_found(client_as, social_worker):
    client = client_as(social_worker)
    assert client.get(reverse("imports:review", kwargs={"token": "x" * 32})).status_code == 404
    assert client.get(reverse("imports:review", kwargs={"token": "..%2F..%2Fetc"})).status_code == 404


def test_a_file_that_is_not_a_table_is_refused_at_upload(client_as, social_worker):
    png = SimpleUploadedFile("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type="text/csv")
    response = in_english(client_as(social_worker)).post(reverse("imports:upload"), {"file": png})
    assert response.status_code == 200
    assert "This is not a CSV or XLSX file." in response.content.decode()
    assert not any(upload_dir().iterdir())


def test_an_unreadable_table_is_reported_on_the_review_page(client_as, social_worker):
    client = client_as(social_worker)
    broken = SimpleUploadedFile("people.xlsx", b"PK\x03\x04" + b"\x00" * 64)
    response = client.post(reverse("imports:upload"), {"file": broken})
    review = client.get(response["Location"])
    assert review.status_code == 200 and b'data-testid="import-error"' in review.content


def test_the_templates_download_and_pass_their_own_check(client_as, social_worker, geography, tmp_path):
    from omur.registry.imports.services import people_import

    client = client_as(social_worker)
    xlsx = client.get(reverse("imports:template", kwargs={"fmt": "xlsx"}))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert [c.value for c in next(workbook.worksheets[0].iter_rows(max_row=1))] == HEADER
    assert len(workbook.worksheets) == 2
    csv_file = client.get(reverse("imports:template", kwargs={"fmt": "csv"}))
    assert csv_file.content.startswith("\ufeff".encode())
    assert client.get(reverse("imports:template", kwargs={"fmt": "pdf"})).status_code == 404

    for name, content in (("t.xlsx", xlsx.content), ("t.csv", csv_file.content)):
        path = tmp_path / name
        path.write_bytes(content)
        report = people_import(actor=social_worker, path=path, dry_run=True)
        assert report.ok, report.problems
        assert (report.created, report.households_created) == (2, 1)


def test_the_menu_offers_import_to_social_workers_only(client_as, social_worker, call_operator):
    url = reverse("imports:upload")
    assert url in client_as(social_worker).get(reverse("accounts:profile")).content.decode()
    assert url not in client_as(call_operator).get(reverse("accounts:profile")).content.decode()


def test_an_oversized_upload_is_refused_before_it_is_read(client_as, social_worker):
    client = in_english(client_as(social_worker))
    response = client.post(
        reverse("imports:upload"), {"file": csv_upload([row()])}, CONTENT_LENGTH=str(40 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "larger than 25 MB" in response.content.decode()


def test_the_problems_download_neutralises_formulas(client_as, social_worker, geography):
    client = client_as(social_worker)
    header = [*HEADER, "=HYPERLINK(1)"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, [*row(), ""]])
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("f.csv", buffer.getvalue().encode())})
    problems = client.get(reverse("imports:problems", kwargs={"token": token_of(response["Location"])}))
    assert ";'=HYPERLINK(1);" in problems.content.decode("utf-8-sig")
