"""Catalogue reference data in the admin (system administrators). EligibilityFacts is deliberately
not registered: it is special-category data read only by eligibility queries (docs/kvkk.md)."""

from django.contrib import admin

from omur.services.models import (
    Department,
    EligibilityRule,
    LifeStage,
    Location,
    MinimumWage,
    OpeningHours,
    PolicyArea,
    Service,
    ServiceAtLocation,
    ServicePrice,
)


@admin.register(PolicyArea)
class PolicyAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_tr", "name_en", "order", "is_demo")


@admin.register(LifeStage)
class LifeStageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_tr", "min_age_months", "max_age_months", "order")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_tr", "phone", "email")
    search_fields = ("name_tr", "name_en")


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class ServicePriceInline(admin.TabularInline):
    model = ServicePrice
    extra = 0


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ("location",)
    exclude = ("uuid",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_tr", "policy_area", "delivery_model", "mechanism", "department", "is_public")
    list_filter = ("policy_area", "delivery_model", "mechanism", "is_public", "life_stages")
    search_fields = ("code", "search_folded")
    filter_horizontal = ("life_stages",)
    inlines = (EligibilityRuleInline, ServicePriceInline, ServiceAtLocationInline)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_tr", "kind", "neighbourhood", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("code", "name_folded")
    raw_id_fields = ("neighbourhood",)
    inlines = (OpeningHoursInline,)


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "net_monthly", "gross_monthly")
