from django.urls import path

from omur.venues.views import activities, attendance, clubs, facilities, kadin_ustalar

app_name = "venues"

urlpatterns = [
    # Facilities, rooms and halls
    path("tesisler/", facilities.facility_list, name="facility-list"),
    path("tesisler/<slug:code>/", facilities.facility_detail, name="facility-detail"),
    path("tesisler/<slug:code>/oda/yeni/", facilities.room_edit, name="room-create"),
    path("tesisler/<slug:code>/oda/<int:pk>/", facilities.room_edit, name="room-edit"),
    path("donemler/", facilities.term_list, name="term-list"),
    # Activities, enrolment, waitlist
    path("etkinlikler/", activities.activity_list, name="activity-list"),
    path("etkinlikler/yeni/", activities.activity_edit, name="activity-create"),
    path("etkinlikler/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("etkinlikler/<int:pk>/duzenle/", activities.activity_edit, name="activity-edit"),
    path("etkinlikler/<int:pk>/kisi-ara/", activities.enrol_search, name="enrol-search"),
    path("etkinlikler/<int:pk>/kaydet/", activities.enrol, name="enrol"),
    path("kayitlar/<int:pk>/", activities.enrolment_summary, name="enrolment-detail"),
    path("kayitlar/<int:pk>/kabul/", activities.offer_accept, name="offer-accept"),
    path("kayitlar/<int:pk>/ret/", activities.offer_decline, name="offer-decline"),
    path("kayitlar/<int:pk>/ayril/", activities.enrolment_withdraw, name="enrolment-withdraw"),
    path("kayitlar/<int:pk>/oncelik/", activities.enrolment_priority, name="enrolment-priority"),
    path("kayitlar/<int:pk>/tamamla/", activities.enrolment_complete, name="enrolment-complete"),
    # Sessions and attendance
    path("oturumlar/", attendance.sessions_today, name="sessions-today"),
    path("oturumlar/<int:pk>/", attendance.session_attendance, name="session-attendance"),
    path("oturumlar/<int:pk>/sayilar/", attendance.session_counts, name="session-counts"),
    path("oturumlar/<int:pk>/yoklama/<int:enrolment_id>/", attendance.attendance_mark, name="attendance-mark"),
    path("oturumlar/<int:pk>/hepsi-geldi/", attendance.attendance_all_present, name="attendance-all-present"),
    path("oturumlar/<int:pk>/iptal/", attendance.session_cancel, name="session-cancel"),
    # Mersinli Kadın Ustalar
    path("kadin-ustalar/", kadin_ustalar.ku_dashboard, name="ku-dashboard"),
    path("sertifikalar/<int:pk>/", kadin_ustalar.certificate_detail, name="certificate-detail"),
    path("sertifikalar/<int:pk>/pdf/", kadin_ustalar.certificate_pdf, name="certificate-pdf"),
    path("sertifikalar/<int:pk>/myk/", kadin_ustalar.myk_create, name="myk-create"),
    path("sertifikalar/<int:pk>/is/", kadin_ustalar.placement_create, name="placement-create"),
    path("myk/<int:pk>/sonuc/", kadin_ustalar.myk_result, name="myk-result"),
    path("takipler/", kadin_ustalar.followup_list, name="followup-list"),
    path("takipler/<int:pk>/", kadin_ustalar.followup_record, name="followup-record"),
    path("sertifika-dogrula/", kadin_ustalar.certificate_verify, name="certificate-verify"),
    # Pensioners' clubs
    path("lokaller/", clubs.club_list, name="club-list"),
    path("lokaller/<slug:code>/", clubs.club_counter, name="club-counter"),
    path("lokaller/<slug:code>/uyeler/", clubs.club_members, name="club-members"),
    path("lokaller/<slug:code>/yeni-uye/", clubs.club_member_create, name="club-member-create"),
    path("lokaller/<slug:code>/giris/<int:membership_id>/", clubs.club_check_in, name="club-check-in"),
    path("uyelik/<int:pk>/yenile/", clubs.membership_renew, name="membership-renew"),
]
