from django.urls import path

from omur.hub.views import engagements, municipalities, partners, playbooks, projects, public, tours

app_name = "hub"

urlpatterns = [
    # Public
    path("", public.impact, name="impact"),
    path("projeler/<slug:code>/", public.public_project, name="public-project"),
    path("tur/basvuru/", tours.tour_request, name="tour-request"),
    path("tur/basvuru/alindi/", tours.tour_request_done, name="tour-request-done"),
    path("tur/geri-bildirim/<str:token>/", tours.tour_feedback, name="tour-feedback"),
    path("tur/geri-bildirim/<str:token>/tesekkurler/", tours.tour_feedback_done, name="tour-feedback-done"),
    path("belediye-secenekleri/", municipalities.municipality_options, name="municipality-options"),
    # Projects (staff)
    path("ofis/projeler/", projects.project_list, name="project-list"),
    path("ofis/projeler/yeni/", projects.project_edit, name="project-create"),
    path("ofis/projeler/<int:pk>/", projects.project_detail, name="project-detail"),
    path("ofis/projeler/<int:pk>/duzenle/", projects.project_edit, name="project-edit"),
    path("ofis/projeler/<int:pk>/kpi/<int:kpi_pk>/olcum/", projects.kpi_measure, name="kpi-measure"),
    path("ofis/projeler/<int:pk>/dosya/", projects.file_upload, name="file-upload"),
    path("ofis/dosyalar/<int:pk>/sil/", projects.file_remove, name="file-remove"),
    path("ofis/dosyalar/<str:kind>/<int:pk>/", projects.file_download, name="file-download"),
    path("ofis/projeler/<int:pk>/oyun-kitabi.pdf", playbooks.playbook_pdf_view, name="playbook-pdf"),
    path("ofis/projeler/<int:pk>/oyun-kitabi.json", playbooks.playbook_json, name="playbook-json"),
    path("ofis/oyun-kitabi/yukle/", playbooks.playbook_upload, name="playbook-upload"),
    path("ofis/ziyaret-noktalari/", projects.site_list, name="site-list"),
    # Municipalities and engagements
    path("ofis/belediyeler/", municipalities.municipality_list, name="municipality-list"),
    path("ofis/belediyeler/<int:pk>/", municipalities.municipality_detail, name="municipality-detail"),
    path("ofis/belediyeler/<int:pk>/kisi/", municipalities.contact_add, name="contact-add"),
    path("ofis/kisiler/<int:pk>/sil/", municipalities.contact_remove, name="contact-remove"),
    path("ofis/surecler/", engagements.engagement_board, name="engagement-board"),
    path("ofis/surecler/yeni/", engagements.engagement_create, name="engagement-create"),
    path("ofis/surecler/<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("ofis/surecler/<int:pk>/asama/", engagements.engagement_move, name="engagement-move"),
    path("ofis/surecler/<int:pk>/faaliyet/", engagements.activity_add, name="activity-add"),
    path("ofis/surecler/<int:pk>/kanit/", engagements.evidence_add, name="evidence-add"),
    # Tours
    path("ofis/turlar/", tours.tour_list, name="tour-list"),
    path("ofis/turlar/yeni/", tours.tour_record, name="tour-record"),
    path("ofis/turlar/<int:pk>/", tours.tour_detail, name="tour-detail"),
    path("ofis/turlar/<int:pk>/islem/", tours.tour_action, name="tour-action"),
    path("ofis/turlar/<int:pk>/durak/", tours.stop_save, name="stop-add"),
    path("ofis/turlar/<int:pk>/durak/<int:stop_pk>/", tours.stop_save, name="stop-update"),
    path("ofis/turlar/<int:pk>/durak/<int:stop_pk>/sil/", tours.stop_remove, name="stop-remove"),
    path("ofis/turlar/<int:pk>/ziyaretci/", tours.visitor_add, name="visitor-add"),
    path("ofis/turlar/<int:pk>/ziyaretci/<int:entry_pk>/sil/", tours.visitor_remove, name="visitor-remove"),
    # Partners
    path("ofis/ortaklar/", partners.partner_list, name="partner-list"),
    path("ofis/ortaklar/yeni/", partners.partner_edit, name="partner-create"),
    path("ofis/ortaklar/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("ofis/ortaklar/<int:pk>/duzenle/", partners.partner_edit, name="partner-edit"),
    path("ofis/ortaklar/<int:pk>/protokol/", partners.protocol_add, name="protocol-add"),
    path("ofis/ortaklar/<int:pk>/ortak-calisma/", partners.joint_work_add, name="joint-work-add"),
]
