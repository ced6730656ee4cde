"""Uploads are checked by content (PDF, JPEG, PNG only), size-limited, stored outside any public
URL and served only to staff."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from omur.hub.models import ProjectFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buf, "PNG")
    return buf.getvalue()


def test_renamed_exe_is_refused(project: Any, client_as: Any, office_manager: Any) -> None:
    client = client_as(office_manager)
    for name in ("karar.pdf", "foto.png"):
        upload = SimpleUploadedFile(name, EXE, content_type="application/pdf")
        client.post(
            reverse("hub:file-upload", kwargs={"pk": project.pk}), {"kind": "document", "title": "x", "upload": upload}
        )
    assert not ProjectFile.objects.exists()


def test_pdf_and_photo_are_kept_and_served_to_staff_only(
    project: Any, client: Any, client_as: Any, office_manager: Any, driver: Any, hub_media: Any
) -> None:
    manager = client_as(office_manager)
    manager.post(
        reverse("hub:file-upload", kwargs={"pk": project.pk}),
        {"kind": "document", "title": "Sunum", "upload": SimpleUploadedFile("sunum.exe", PDF)},
    )
    manager.post(
        reverse("hub:file-upload", kwargs={"pk": project.pk}),
        {"kind": "photo", "title": "Açılış", "upload": SimpleUploadedFile("acilis.jpg", _png())},
    )
    doc = ProjectFile.objects.get(kind="document")
    photo = ProjectFile.objects.get(kind="photo")
    # Stored with the type found, under MEDIA_ROOT/hub, whatever the uploaded name said.
    assert doc.content_type == "application/pdf" and doc.file.name.endswith(".pdf") and doc.original_name == "sunum.exe"
    assert photo.content_type == "image/png" and photo.file.name.endswith(".png")
    assert str(hub_media / "hub") in doc.file.path
    url = reverse("hub:file-download", kwargs={"kind": "proje", "pk": doc.pk})
    response = client_as(driver).get(url)  # any member of staff
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(url).status_code == 302  # the public is sent to sign in


def test_photo_kind_refuses_a_pdf_and_size_is_limited(
    project: Any, client_as: Any, office_manager: Any, settings: Any
) -> None:
    client = client_as(office_manager)
    client.post(
        reverse("hub:file-upload", kwargs={"pk": project.pk}),
        {"kind": "photo", "title": "x", "upload": SimpleUploadedFile("a.png", PDF)},
    )
    settings.OMUR_HUB_MAX_UPLOAD_BYTES = 50
    client.post(
        reverse("hub:file-upload", kwargs={"pk": project.pk}),
        {"kind": "document", "title": "x", "upload": SimpleUploadedFile("b.pdf", PDF + b"x" * 100)},
    )
    assert not ProjectFile.objects.exists()


def test_only_the_manager_uploads(project: Any, client_as: Any, tour_coordinator: Any) -> None:
    response = client_as(tour_coordinator).post(
        reverse("hub:file-upload", kwargs={"pk": project.pk}),
        {"kind": "document", "upload": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 403 and not ProjectFile.objects.exists()
