from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "omur.services"
    label = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from omur.core.demo import register_seeder
        from omur.services import signals  # noqa: F401  (keeps EligibilityFacts in step with PersonHealth)
        from omur.services.demo import seed_catalogue

        # Reference data, but seeded here too so `setup_demo` (geography, then seeders) has it.
        register_seeder("services", seed_catalogue)
