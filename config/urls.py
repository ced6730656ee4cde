from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

from config.api import api

# The admin signs people in through our own login (password, then the second factor).
admin.site.login = login_not_required(RedirectView.as_view(url=reverse_lazy("accounts:login"), query_string=True))  # type: ignore[method-assign,assignment]
admin.site.site_header = "Ömür"

urlpatterns = [
    path("", include("omur.core.urls")),
    path("hesap/", include("omur.accounts.urls")),
    path("kisiler/aktarim/", include("omur.registry.imports.urls")),
    path("kisiler/", include("omur.registry.urls")),
    path("basvurular/", include("omur.intake.urls")),
    path("hizmetler/", include("omur.services.urls")),
    path("vakalar/", include("omur.cases.urls")),
    path("evde-bakim/", include("omur.homecare.urls")),
    path("aramalar/", include("omur.calls.urls")),
    path("yemek/", include("omur.meals.urls")),
    path("merkezler/", include("omur.venues.urls")),
    path("randevu/", include("omur.bookings.urls")),
    path("yardimlar/", include("omur.benefits.urls")),
    path("iyi-uygulamalar/", include("omur.hub.urls")),
    path("api/", api.urls),
    path("dil/", login_not_required(set_language), name="set-language"),
    path("yonetim/", admin.site.urls),
]

handler403 = "omur.core.views.error_403"
handler404 = "omur.core.views.error_404"
handler500 = "omur.core.views.error_500"
