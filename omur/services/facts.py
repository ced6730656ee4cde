"""EligibilityFacts from the decrypted PersonHealth value.

The registry stores special-category data as one encrypted JSON object. The keys read here (any that
are absent are simply unknown):
  "disability_percent": int 0–100          (also accepted: {"disability": {"percent": int}})
  "diagnoses": ["F84.0", {"code": "G80"}]   ICD-10 codes, as strings or objects with "code"/"icd10"
  "pregnant": true                          recorded as the ICD-10 code Z33 (pregnant state)
Nothing else is copied: no report text, no notes, no dates."""

from typing import Any

from omur.services.eligibility import facts_for_codes
from omur.services.models import EligibilityFacts


def _disability(data: dict[str, Any]) -> int | None:
    value = data.get("disability_percent")
    if value is None and isinstance(data.get("disability"), dict):
        value = data["disability"].get("percent")
    try:
        percent = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if percent is None or not 0 <= percent <= 100:
        return None
    return percent


def _codes(data: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    items = data.get("diagnoses") or []
    if isinstance(items, str):
        items = items.replace(",", " ").split()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            codes.append(item)
        elif isinstance(item, dict):
            code = item.get("code") or item.get("icd10")
            if isinstance(code, str):
                codes.append(code)
    if data.get("pregnant") is True:
        codes.append("Z33")
    # Stored space-separated: a code must not contain a space (a malformed one is dropped).
    return [c for c in codes if c.strip() and " " not in c.strip()]


def facts_from_health(data: Any) -> tuple[int | None, str]:
    if not isinstance(data, dict):
        return None, ""
    return _disability(data), facts_for_codes(_codes(data))


def facts_sync(*, person_id: int, data: Any, exists: bool = True) -> None:
    """Write (or remove) the projection for one person. A person with a health record but no
    relevant facts keeps an empty row: "recorded, none present" differs from "no record"."""
    if not exists:
        EligibilityFacts.objects.filter(person_id=person_id).delete()
        return
    disability, codes = facts_from_health(data)
    EligibilityFacts.objects.update_or_create(
        person_id=person_id, defaults={"disability_percent": disability, "diagnosis_codes": codes}
    )


def facts_rebuild() -> int:
    """Recompute every row from PersonHealth (after a bulk import that bypassed signals)."""
    from omur.registry.models import PersonHealth

    count = 0
    for health in PersonHealth.objects.only("person_id", "data").iterator(chunk_size=500):
        facts_sync(person_id=health.person_id, data=health.data)
        count += 1
    EligibilityFacts.objects.exclude(person_id__in=PersonHealth.objects.values("person_id")).delete()
    return count
