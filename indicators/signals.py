"""An observation saved or deleted (admin, shell) asks for its framework-year's recomputation, on commit.
Bulk writes (import, demo) bypass signals and ask once themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators import services
from indicators.models import Observation


@receiver(post_save, sender=Observation)
@receiver(post_delete, sender=Observation)
def observation_changed(sender, instance: Observation, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    services.observations_changed(pairs=[(instance.indicator_id, instance.year)])
