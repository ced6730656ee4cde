from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "omur.hub"
    label = "hub"
    verbose_name = _("Good-practice hub")

    def ready(self) -> None:
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.hub import home  # noqa: F401  (home-page cards)
        from omur.hub.demo import seed_hub

        register_nav(
            NavItem(_("Projects"), "hub:project-list"),
            NavItem(_("Engagements"), "hub:engagement-board"),
            NavItem(_("Tours"), "hub:tour-list"),
            NavItem(_("Partners"), "hub:partner-list"),
        )
        register_seeder("hub", seed_hub)
