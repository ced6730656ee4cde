from django.urls import path

from omur.cases.views import assessments, cases, coverage, enrolments, referrals, tasks

app_name = "cases"

urlpatterns = [
    # Tasks and alerts
    path("gorevler/", tasks.task_inbox, name="task-inbox"),
    path("gorevler/yeni/", tasks.task_create, name="task-create"),
    path("gorevler/<int:pk>/tamamla/", tasks.task_complete, name="task-complete"),
    path("gorevler/<int:pk>/iptal/", tasks.task_cancel, name="task-cancel"),
    path("gorevler/<int:pk>/ustlen/", tasks.task_take, name="task-take"),
    # A person's case
    path("kisi/<int:person_id>/", cases.person_case, name="person-case"),
    path("kisi/<int:person_id>/not/", cases.note_create, name="note-create"),
    # Social assessments
    path("incelemeler/", assessments.assessment_list, name="assessment-list"),
    path("kisi/<int:person_id>/inceleme/", assessments.assessment_create, name="assessment-create"),
    path("incelemeler/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("incelemeler/<int:pk>/form/", assessments.assessment_form, name="assessment-form"),
    path("incelemeler/<int:pk>/karar/", assessments.assessment_decide, name="assessment-decide"),
    path("incelemeler/<int:pk>/iptal/", assessments.assessment_cancel, name="assessment-cancel"),
    path("incelemeler/<int:pk>/tarih/", assessments.assessment_reschedule, name="assessment-reschedule"),
    # Enrolments and care plans
    path("kayitlar/", enrolments.enrolment_list, name="enrolment-list"),
    path("kisi/<int:person_id>/kayit/", enrolments.enrolment_create, name="enrolment-create"),
    path("kayitlar/<int:pk>/", enrolments.enrolment_detail, name="enrolment-detail"),
    path("kayitlar/<int:pk>/durum/", enrolments.enrolment_transition, name="enrolment-transition"),
    path("kayitlar/<int:pk>/duzenle/", enrolments.enrolment_update, name="enrolment-update"),
    path("kayitlar/<int:pk>/bakim-plani/", enrolments.careplan_edit, name="careplan-edit"),
    path("bakim-planlari/", enrolments.careplan_list, name="careplan-list"),
    # Referrals and partner institutions
    path("yonlendirmeler/", referrals.referral_list, name="referral-list"),
    path("kisi/<int:person_id>/yonlendirme/", referrals.referral_create, name="referral-create"),
    path("yonlendirmeler/<int:pk>/", referrals.referral_detail, name="referral-detail"),
    path("yonlendirmeler/<int:pk>/yanit/", referrals.referral_answer, name="referral-answer"),
    path("yonlendirmeler/<int:pk>/sonuc/", referrals.referral_complete, name="referral-complete"),
    path("kurumlar/", referrals.partner_list, name="partner-list"),
    path("kurumlar/yeni/", referrals.partner_edit, name="partner-create"),
    path("kurumlar/<int:pk>/", referrals.partner_edit, name="partner-edit"),
    # The life-course coverage matrix
    path("kapsam/", coverage.coverage, name="coverage"),
]
