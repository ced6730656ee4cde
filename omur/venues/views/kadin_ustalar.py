"""Mersinli Kadın Ustalar: the track's page, certificates (PDF with a verification code), MYK exam fee
support, job placements and their 3- and 6-month follow-ups; the public certificate check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.core.pdf import new_pdf, pdf_response
from omur.venues import selectors, services
from omur.venues.forms import FollowUpForm, MykExamForm, MykResultForm, PlacementForm, VerifyForm
from omur.venues.models import Certificate, ExamResult, FollowUp, MykExam, Track

from .common import audit_listed

VERIFY_RATE = 20  # checks per address per hour: enough for an employer, too few to guess codes


@require_GET
def ku_dashboard(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    certs = list(selectors.certificates(q=q)[:100])
    activities = list(selectors.activity_list(actor=request.user, track=Track.KADIN_USTALAR, current=False)[:40])
    followups = list(selectors.followups_due(within_days=14))
    audit_listed(request, action="certificate.list", object_type="venues.certificate", ids=[c.pk for c in certs])
    today = timezone.localdate()
    for c in certs:
        exams = list(c.myk_exams.all())
        c.last_exam = exams[0] if exams else None  # type: ignore[attr-defined]
        c.placement = next(iter(c.placements.all()), None)  # type: ignore[attr-defined]
    return render(
        request,
        "venues/ku_dashboard.html",
        {"certificates": certs, "activities": activities, "followups": followups, "q": q, "today": today},
    )


def _certificate(pk: int) -> Certificate:
    try:
        return Certificate.objects.select_related("enrolment__person", "enrolment__activity__location").get(pk=pk)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    audit_read(actor=request.user, obj=certificate.enrolment.person, action="person.view", purpose="certificate")
    exams = list(certificate.myk_exams.all())
    placements = list(certificate.placements.prefetch_related("follow_ups"))
    return render(
        request,
        "venues/certificate_detail.html",
        {
            "certificate": certificate,
            "person": certificate.enrolment.person,
            "exams": exams,
            "placements": placements,
            "exam_form": MykExamForm(),
            "result_form": MykResultForm(),
            "placement_form": PlacementForm(),
            "followup_form": FollowUpForm(),
            "pending_exam": next((e for e in exams if e.result == ExamResult.PENDING), None),
            "passed": any(e.result == ExamResult.PASSED for e in exams),
            "today": timezone.localdate(),
        },
    )


def certificate_document(certificate: Certificate) -> bytes:
    from omur.core.pdf import pdf_bytes

    return pdf_bytes(_build_pdf(certificate))


def _build_pdf(certificate: Certificate):  # type: ignore[no-untyped-def]
    # The certificate is an official document of the municipality: Turkish, whatever the UI language.
    pdf = new_pdf(title=f"Sertifika {certificate.number}", orientation="landscape")
    pdf.add_page()
    pdf.set_draw_color(11, 79, 92)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("DejaVu", "B", 14)
    pdf.set_y(24)
    pdf.cell(0, 8, "T.C. MERSİN BÜYÜKŞEHİR BELEDİYESİ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(
        0, 7, "Sosyal Politikalar Şube Müdürlüğü — Mersinli Kadın Ustalar", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(12)
    pdf.set_font("DejaVu", "B", 30)
    pdf.cell(0, 14, "KATILIM SERTİFİKASI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 24)
    pdf.cell(0, 12, certificate.holder_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 13)
    issued = certificate.issued_on.strftime("%d.%m.%Y")
    body = (
        f"“{certificate.course_name}” kursunu {certificate.hours} saatlik eğitim ve "
        f"%{certificate.attendance_percent} devamla başarıyla tamamlayarak bu sertifikayı almaya hak kazanmıştır."
    )
    pdf.set_x(35)
    pdf.multi_cell(227, 8, body, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(
        0,
        6,
        f"Sertifika no: {certificate.number}    ·    Veriliş tarihi: {issued}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, f"Doğrulama kodu: {certificate.verification_code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        0,
        6,
        "Bu sertifikanın geçerliliği belediyenin sertifika doğrulama sayfasında kod ile sorgulanabilir.",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf


@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    audit_read(actor=request.user, obj=certificate, action="certificate.print")
    return pdf_response(_build_pdf(certificate), f"sertifika-{certificate.number}.pdf")


@require_POST
def myk_create(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    form = MykExamForm(request.POST)
    if form.is_valid():
        try:
            services.myk_exam_record(actor=request.user, certificate=certificate, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("MYK exam recorded."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("venues:certificate-detail", pk=certificate.pk)


@require_POST
def myk_result(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        exam = MykExam.objects.get(pk=pk)
    except MykExam.DoesNotExist as exc:
        raise Http404 from exc
    form = MykResultForm(request.POST)
    if form.is_valid():
        try:
            services.myk_exam_result(actor=request.user, exam=exam, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Exam result recorded."))
    else:
        messages.error(request, _("Choose a result."))
    return redirect("venues:certificate-detail", pk=exam.certificate_id)


@require_POST
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            services.placement_create(
                actor=request.user, person=certificate.enrolment.person, certificate=certificate, **form.cleaned_data
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Job placement recorded; follow-ups at 3 and 6 months are planned."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("venues:certificate-detail", pk=certificate.pk)


@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    days = request.GET.get("gun", "")
    followups = list(selectors.followups_due(within_days=min(int(days), 365) if days.isdigit() else 30))
    audit_listed(request, action="follow_up.list", object_type="venues.followup", ids=[f.pk for f in followups])
    return render(
        request,
        "venues/followup_list.html",
        {"followups": followups, "form": FollowUpForm(), "today": timezone.localdate()},
    )


@require_POST
def followup_record(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        followup = FollowUp.objects.select_related("placement").get(pk=pk)
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.followup_record(actor=request.user, followup=followup, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Follow-up recorded."))
    else:
        messages.error(request, _("Say whether she is still in the job."))
    target = request.POST.get("back", "")
    if target == "certificate" and followup.placement.certificate_id:
        return redirect("venues:certificate-detail", pk=followup.placement.certificate_id)
    return redirect(reverse("venues:followup-list"))


def _masked(name: str) -> str:
    """ "Ayşe Yılmaz" → "Ayşe Y." — enough for an employer holding the paper, no more."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return " ".join(parts[:-1]) + f" {parts[-1][0]}."


@login_not_required
@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Public: an employer types the code printed on a certificate and sees whether it is genuine."""
    from omur.intake.ratelimit import rate_limit_hit

    form = VerifyForm(request.GET or None)
    result = None
    limited = False
    if form.is_valid():
        ident = request.META.get("REMOTE_ADDR", "")
        if not rate_limit_hit(scope="venues-verify", ident=ident, limit=VERIFY_RATE, period=3600):
            limited = True
        else:
            certificate = selectors.certificate_by_code(form.cleaned_data["kod"])
            result = {
                "found": certificate is not None,
                "name": _masked(certificate.holder_name) if certificate else "",
                "course": certificate.course_name if certificate else "",
                "number": certificate.number if certificate else "",
                "issued": formats.date_format(certificate.issued_on, "d.m.Y") if certificate else "",
            }
    return render(
        request,
        "venues/certificate_verify.html",
        {"form": form, "result": result, "limited": limited},
        status=429 if limited else 200,
    )
