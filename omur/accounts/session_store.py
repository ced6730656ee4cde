from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from omur.accounts.models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get("_auth_user_id"))  # type: ignore[arg-type,attr-defined]
        except (TypeError, ValueError):
            obj.user_id = None  # type: ignore[attr-defined]
        return obj
