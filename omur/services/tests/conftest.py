from typing import Any

import pytest


@pytest.fixture
def catalogue(geography: Any) -> None:
    from omur.services.catalogue import catalogue_load

    catalogue_load()
