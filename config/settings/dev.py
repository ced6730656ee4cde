"""The demo and local development: SQLite, DEBUG off unless asked, 2FA optional."""

from config.env import env_bool

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = env_bool("DJANGO_DEBUG", False)
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
# Plain storage: the demo serves files straight from static/ without a collectstatic step.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]  # files come from the finders; only production runs collectstatic
