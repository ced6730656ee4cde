from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "omur.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from omur.registry import demo  # noqa: F401  (registers the demo seeder)
        from omur.registry.selectors import registry_timeline
        from omur.registry.timeline import register_timeline_source

        register_timeline_source("registry", registry_timeline)
