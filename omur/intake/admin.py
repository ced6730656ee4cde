from django.contrib import admin

from omur.intake.models import Category


# Reference data only: requests and SMS notices hold personal data and are worked on through the
# staff pages, where every read and write is audited.
@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "public", "active", "order")
    list_editable = ("public", "active", "order")
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name_en",)}
