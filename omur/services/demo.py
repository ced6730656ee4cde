from omur.services.catalogue import GeographyMissing, catalogue_load


def seed_catalogue(*, seed: int) -> str:
    """The catalogue is the same whatever the seed: it is the office's reference data."""
    try:
        return str(catalogue_load())
    except GeographyMissing as exc:
        return str(exc)
