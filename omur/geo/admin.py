from django.contrib import admin

from omur.geo.models import District, Municipality, Neighbourhood, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "is_metropolitan", "region", "population")
    search_fields = ("name",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "province", "population", "lat", "lon")
    list_filter = ("province",)
    search_fields = ("name",)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "district", "population")
    list_filter = ("district",)
    search_fields = ("name_folded",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "province", "district", "population")
    list_filter = ("type",)
    search_fields = ("name",)
