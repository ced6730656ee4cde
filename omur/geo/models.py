from django.db import models
from django.utils.translation import gettext_lazy as _

from omur.core.text import fold_turkish


class Province(models.Model):
    # Ids are the national codes (province = licence-plate code), so reloading the data is an upsert.
    id = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    is_metropolitan = models.BooleanField(_("metropolitan"), default=False)
    region = models.CharField(_("region"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    id = models.PositiveIntegerField(primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=60)
    population = models.PositiveIntegerField(_("population"), default=0)
    # Approximate town-centre point (±2 km), known for Mersin's 13 districts only.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    id = models.PositiveIntegerField(primary_key=True)  # NVI mahalle code
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")
    name = models.CharField(_("name"), max_length=80)
    name_folded = models.CharField(max_length=80, db_index=True, editable=False)
    population = models.PositiveIntegerField(_("population"), default=0)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["district__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.district.name})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold_turkish(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Municipality(models.Model):
    class Type(models.TextChoices):
        METROPOLITAN = "buyuksehir", _("Metropolitan municipality")
        PROVINCIAL = "il", _("Provincial municipality")
        METRO_DISTRICT = "buyuksehir_ilce", _("District municipality (in a metropolitan province)")
        DISTRICT = "ilce", _("District municipality")
        TOWN = "belde", _("Town municipality")

    # The source has no id for metropolitan rows; a stable key is built from type and province.
    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("population"), default=0)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["province__name", "name"]

    def __str__(self) -> str:
        return self.name
