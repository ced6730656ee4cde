from django.contrib import admin

from omur.cases.models import Partner


# Reference data only: enrolments, assessments, notes, referrals and tasks hold personal data and are
# worked on through the case pages, where every read and write is audited (and notes are scoped).
@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "phone", "email", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
