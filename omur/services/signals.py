"""Keeps EligibilityFacts (a plain projection used only by eligibility queries) in step with the
encrypted PersonHealth value. See docs/kvkk.md for why it exists and who can reach it."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from omur.registry.models import PersonHealth
from omur.services.facts import facts_sync


@receiver(post_save, sender=PersonHealth, dispatch_uid="services.eligibility_facts.save")
def _health_saved(sender: Any, instance: PersonHealth, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the fixture carries its own rows
        return
    facts_sync(person_id=instance.person_id, data=instance.data)


@receiver(post_delete, sender=PersonHealth, dispatch_uid="services.eligibility_facts.delete")
def _health_deleted(sender: Any, instance: PersonHealth, **kwargs: Any) -> None:
    facts_sync(person_id=instance.person_id, data=None, exists=False)
