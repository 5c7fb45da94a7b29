"""Special-category data leaves history with its value (GDPR Art. 9; Art. 5(1)(c)).

Every model that declares ``SPECIAL_CATEGORY_FIELDS`` and keeps a history (today
``networks.Community``: ethnicity and faith) gets a ``post_save`` receiver: after each save,
every history row of that record holding a value of those fields other than the current one
(and not empty) gets ``coordinator.retention.REDACTED`` instead. So clearing the ethnicity of a
community leaves a history that says "removed → —", never what it was, and correcting it
leaves only the current value. The receiver is connected here, in the top layer, so the model's
own app needs no change; it runs after django-simple-history's own receiver (connected when the
model class was prepared), so the history row of the save itself is already written."""

from django.apps import apps
from django.db.models.signals import post_save

from .erasure import history_model, redact_superseded


def _redact(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the history is loaded as it is
        return
    redact_superseded(instance, sender.SPECIAL_CATEGORY_FIELDS)


def special_category_models() -> list:
    """The installed models with ``SPECIAL_CATEGORY_FIELDS`` and a history."""
    return [model for model in apps.get_models()
            if getattr(model, "SPECIAL_CATEGORY_FIELDS", None) and history_model(model)
            and not hasattr(model, "instance_type")]


def connect() -> None:
    for model in special_category_models():
        post_save.connect(_redact, sender=model, dispatch_uid=f"privacy-redact-{model._meta.label}")
