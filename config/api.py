"""The JSON API (django-ninja). The OpenAPI schema is public at /api/openapi.json; the interactive
docs page is off because it loads Swagger UI from a CDN (no CDNs at run time, strict CSP).
Each app adds a Router here; every operation's URL name must be in config/access.py."""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI

api = NinjaAPI(title="Ömür API", version="1", urls_namespace="api", docs_url=None, docs_decorator=login_not_required)

from omur.cases.api import router as cases_router  # noqa: E402  (after the api object it joins)

api.add_router("/cases/", cases_router)

from omur.services.api import router as hsds_router  # noqa: E402

api.add_router("/hsds/", hsds_router)
