"""Keeps ``Community.last_contacted_on`` true: every save and delete of an interaction
recomputes the date for the communities it touched (the one it names now and, after an edit,
the one it named before). Signals, not ``Interaction.save()``: a delete through a queryset or a
cascade goes around ``delete()`` but still sends ``post_delete`` per row. ``update()`` and
``bulk_create()`` send nothing: code that writes interactions in bulk (``bench.data``) calls
``Community.objects.refresh_last_contacted()`` itself."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from networks.models import Community

from .models import Interaction


@receiver(pre_save, sender=Interaction, dispatch_uid="interaction_previous_community")
def remember_previous_community(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._previous_community_id = None
        return
    instance._previous_community_id = (
        Interaction._base_manager.filter(pk=instance.pk).values_list("community_id", flat=True).first()
    )


@receiver(post_save, sender=Interaction, dispatch_uid="interaction_last_contacted_save")
def refresh_after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _refresh({instance.community_id, getattr(instance, "_previous_community_id", None)})


@receiver(post_delete, sender=Interaction, dispatch_uid="interaction_last_contacted_delete")
def refresh_after_delete(sender, instance, **kwargs):
    _refresh({instance.community_id})


def _refresh(community_ids: set) -> None:
    community_ids.discard(None)
    if community_ids:
        # Out of scope on purpose: the communities are the interaction's own, and the save may
        # come from a Celery task, the admin or a command with no municipality open.
        with scopes_disabled():
            Community.objects.filter(pk__in=community_ids).refresh_last_contacted()
