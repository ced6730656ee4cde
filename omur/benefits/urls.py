from django.urls import path

from omur.benefits.views import aid, grants, lotteries

app_name = "benefits"

urlpatterns = [
    path("", aid.overview, name="overview"),
    # Aid programmes and distributions
    path("programlar/<slug:code>/", aid.programme_detail, name="programme-detail"),
    path("programlar/<slug:code>/tutar/", aid.amount_add, name="amount-add"),
    path("programlar/<slug:code>/kademe/", aid.tier_add, name="tier-add"),
    path("masa/", aid.desk, name="desk"),
    path("dagitimlar/", aid.distribution_list, name="distribution-list"),
    path("dagitimlar/<int:pk>/", aid.distribution_detail, name="distribution-detail"),
    path("dagitimlar/<int:pk>/iptal/", aid.distribution_void, name="distribution-void"),
    path("kisi/<int:person_id>/", aid.person_benefits, name="person-benefits"),
    path("kisi/<int:person_id>/dagitim/", aid.distribution_create, name="distribution-create"),
    path("hane/<int:household_id>/", aid.household_benefits, name="household-benefits"),
    # Grants
    path("hibeler/", grants.scheme_list, name="scheme-list"),
    path("hibeler/<slug:code>/", grants.scheme_detail, name="scheme-detail"),
    path("hibeler/<slug:code>/donem/", grants.cohort_create, name="cohort-create"),
    path("hibeler/<slug:code>/pano/", grants.dashboard, name="dashboard"),
    path("hibeler/<slug:code>/yukumlulukler/", grants.obligations, name="obligations"),
    path("donemler/<int:pk>/", grants.cohort_detail, name="cohort-detail"),
    path("donemler/<int:pk>/basvuru/", grants.application_create, name="application-create"),
    path("donemler/<int:pk>/kura/", grants.lottery_create, name="lottery-create"),
    path("basvurular/<int:pk>/tahsis/", grants.application_award, name="application-award"),
    path("ureticiler/<int:pk>/", grants.grant_detail, name="grant-detail"),
    path("ureticiler/<int:pk>/hayvanlar/", grants.grant_allocate, name="grant-allocate"),
    path("ureticiler/<int:pk>/yem/", grants.feed_add, name="feed-add"),
    path("ureticiler/<int:pk>/asi/", grants.vaccination_record, name="vaccination-record"),
    path("ureticiler/<int:pk>/dogum/", grants.birth_add, name="birth-add"),
    path("ureticiler/<int:pk>/devir/", grants.pass_on_create, name="pass-on-create"),
    # Lotteries
    path("kuralar/", lotteries.lottery_list, name="lottery-list"),
    path("kuralar/yontem/", lotteries.lottery_method, name="lottery-method"),
    path("kuralar/<int:pk>/", lotteries.lottery_detail, name="lottery-detail"),
    path("kuralar/<int:pk>/duyuru/", lotteries.lottery_announce, name="lottery-announce"),
    path("kuralar/<int:pk>/deger/", lotteries.lottery_value, name="lottery-value"),
    path("kuralar/<int:pk>/cek/", lotteries.lottery_draw, name="lottery-draw"),
    path("kuralar/<int:pk>/liste.csv", lotteries.lottery_csv, name="lottery-csv"),
]
