"""``ScopedResource``: the django-import-export resource every app's ``resources.py`` builds on.

A resource is made for one actor (``ScopedResource(actor, include_special=...)``) and reaches
records only through the access layer:

- export: the rows are ``visible(actor, ...)`` among the ids asked for, and every related
  record shown by name (a person's organisation, an organisation's communities) is prefetched
  through ``visible()`` too, so a record the actor may not see is an empty cell; ethnicity and
  faith (``Model.SPECIAL_CATEGORY_FIELDS``) are left out unless asked for *and* the actor may
  read them (``Actor.sees_special_category``, the rule of the community page);
- import: a row with an ``id`` updates that record only if ``visible(actor, ..., "change")``
  holds it (another municipality's, or one the actor may not change, is a bad row); a row
  without one creates a record of the actor's municipality (never a column) if the actor may
  add it (``can(actor, "add", record)``, which also applies an agreement's community limits);
  every related name is looked up among the records the actor may see; the model's own
  ``full_clean()`` runs, and with it the engagement-level gate (``networks.gates``) and every
  rule a form would apply.

Each row is saved in its own savepoint: a row the database refuses is rolled back alone and
reported as a bad row with a plain reason, never a traceback or a value."""

import datetime
import logging

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import RowResult

from ..access import Action, can, visible
from ..validation import explain_unique_in_municipality, parse_pk
from . import widgets as w

logger = logging.getLogger(__name__)


class DateTimeWidget(w.widgets.Widget):
    """A moment (export only), in local time."""

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime.datetime):
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def widget_for(django_field, list_choices: dict):
    """The widget of one model field (see ``coordinator.spreadsheets.widgets``)."""
    if django_field.many_to_many:
        return w.ScopedManyToManyWidget(django_field.related_model)
    if django_field.many_to_one or django_field.one_to_one:
        if django_field.related_model is get_user_model():
            return w.UserWidget()
        return w.ScopedForeignKeyWidget(django_field.related_model)
    if django_field.choices:
        if isinstance(django_field, models.IntegerField):
            return w.IntegerChoiceWidget(django_field.choices)
        return w.ChoiceWidget(django_field.choices)
    if isinstance(django_field, models.BooleanField):
        return w.YesNoWidget()
    if isinstance(django_field, models.DateTimeField):
        return DateTimeWidget()
    if isinstance(django_field, models.DateField):
        return w.DateWidget()
    if isinstance(django_field, models.IntegerField | models.AutoField):
        return w.IntegerWidget()
    if isinstance(django_field, models.JSONField):
        return w.ListWidget(list_choices.get(django_field.name))
    if isinstance(django_field, models.TextField):
        return w.TextWidget()
    return w.TextWidget(max_length=None)  # CharField and its kinds: max_length is the model's


class ScopedResource(resources.ModelResource):
    """Base of the apps' resources. Declare ``Meta.model`` and ``Meta.fields`` (the columns of
    an export, in order; column names are field names), and for an importable model
    ``import_columns`` (the columns read on import, ``id`` aside), ``required_columns`` (a
    file without one of them is refused at once) and ``example`` (the template file's example
    row, column -> text). ``list_choices`` gives the choices of a list field (JSON).
    ``check_row(instance, related, errors)`` adds the rules a form applies that the model's
    ``clean()`` does not."""

    import_columns: tuple = ()
    required_columns: tuple = ()
    example: dict = {}
    list_choices: dict = {}
    #: ``on_row(row_number)`` after each imported row (progress), or None.
    on_row = None

    class Meta:
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_diff = True
        use_transactions = True
        report_skipped = True
        store_row_values = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return fields.Field(attribute=field_name, column_name=field_name,
                            widget=widget_for(django_field, cls.list_choices), readonly=readonly)

    def __init__(self, actor, *, include_special: bool = False):
        super().__init__()
        self.actor = actor
        self.model = self._meta.model
        self.special = tuple(getattr(self.model, "SPECIAL_CATEGORY_FIELDS", ()))
        self.include_special = bool(include_special) and actor.sees_special_category()
        for field in self.fields.values():
            if isinstance(field.widget, w.ScopedWidget):
                field.widget.bind(actor)

    # ------------------------------------------------------------------------- export

    def get_export_fields(self, selected_fields=None):
        exported = super().get_export_fields(selected_fields)
        if self.include_special:
            return exported
        return [f for f in exported if f.attribute not in self.special]

    def export_queryset(self, ids):
        """The records of ``ids`` the actor may see, with every related record shown by name
        prefetched through ``visible()`` (one query per relation and chunk)."""
        queryset = visible(self.actor, self.model._default_manager.filter(pk__in=ids))
        prefetch, users = [], []
        for field in self.get_export_fields():
            if isinstance(field.widget, w.ScopedWidget):
                related = field.widget.model._default_manager.all()
                prefetch.append(Prefetch(field.attribute,
                                         queryset=visible(self.actor, related)))
            elif isinstance(field.widget, w.UserWidget):
                users.append(field.attribute)
        # No select_related of a scoped relation: a joined record would skip the prefetch.
        queryset = queryset.select_related(None)
        if users:
            queryset = queryset.select_related(*users)
        return queryset.prefetch_related(*prefetch)

    def dataset(self, ids, chunk_size: int = 500, progress=None) -> tablib.Dataset:
        """The rows of ``ids`` in their order (those the actor may no longer see are left out),
        ``chunk_size`` records per query; ``progress(done, total)`` after each chunk."""
        data = tablib.Dataset(headers=self.get_export_headers())
        ids = list(ids)
        for start in range(0, len(ids), chunk_size):
            part = ids[start:start + chunk_size]
            found = {record.pk: record for record in self.export_queryset(part)}
            for pk in part:
                if pk in found:
                    data.append(self.export_resource(found[pk]))
            if progress is not None:
                progress(min(start + chunk_size, len(ids)), len(ids))
        return data

    def template(self) -> tablib.Dataset:
        """The import template: the header and one example row."""
        columns = self.template_columns()
        data = tablib.Dataset(headers=columns)
        data.append([w.neutralise_formula(str(self.example.get(column, "")))
                     for column in columns])
        return data

    def template_columns(self) -> list[str]:
        return ["id", *self.import_columns]

    # ------------------------------------------------------------------------- import

    def read_columns(self) -> list[str]:
        """The columns read on import: ``import_columns``, and ethnicity and faith when the
        actor may read them."""
        names = list(self.import_columns)
        if self.actor.sees_special_category():
            names += [name for name in self.special if name not in names]
        return names

    def get_import_fields(self):
        return [self.fields[name] for name in self.read_columns()]

    def get_instance(self, instance_loader, row):
        """The record a row's ``id`` names, if the actor may change it; None without an id.
        ``ValidationError`` on ``id`` otherwise: the number of another municipality's record
        changes nothing here."""
        raw = w.clean_text(row.get("id")) if row.get("id") not in (None, "") else ""
        if not raw:
            return None
        pk = parse_pk(raw)
        found = None
        if pk is not None:
            found = visible(self.actor, self.model._default_manager.all(),
                            Action.CHANGE).filter(pk=pk).first()
        if found is None:
            raise ValidationError({"id": _(
                "No %(model)s with the number %(id)s that you may change. Leave the id empty "
                "to add a new one.") % {"model": self.model._meta.verbose_name, "id": raw[:20]}})
        return found

    def init_instance(self, row=None):
        instance = self.model()
        instance.municipality_id = self.actor.municipality_id
        return instance

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._spreadsheet_before = None if new else {
            f.attname: getattr(instance, f.attname) for f in self.model._meta.concrete_fields}

    def import_instance(self, instance, row, **kwargs):
        """Set the fields of ``row`` on ``instance`` (related names through the access
        layer; many-to-many kept aside until it is saved), then check the rules a form adds
        and the actor's right. ``ValidationError`` keyed by column."""
        errors, related = {}, {}
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                if isinstance(field.widget, w.ScopedManyToManyWidget):
                    related[field.attribute] = field.clean(row)
                else:
                    field.save(instance, row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        instance._spreadsheet_related = related
        self.check_row(instance, related, errors)
        if not errors and not self._may_write(instance):
            errors["__all__"] = ValidationError(_(
                "You may not add or change this %(model)s (your role, or the agreement you "
                "work under, does not allow it).") % {"model": self.model._meta.verbose_name})
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, related: dict, errors: dict) -> None:
        """Add to ``errors`` (column -> ``ValidationError``) what a form would refuse and the
        model does not. Nothing by default."""

    def _may_write(self, instance) -> bool:
        action = Action.ADD if instance.pk is None else Action.CHANGE
        try:
            return can(self.actor, action, instance)
        except ValueError:  # a many-valued community limit cannot be read on an unsaved record
            return False

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row that changes nothing of an existing record is not saved (no empty history
        entry); it is reported as unchanged."""
        before = getattr(instance, "_spreadsheet_before", None)
        if before is None or import_validation_errors:
            return False
        if any(getattr(instance, name) != value for name, value in before.items()):
            return False
        for attribute, records in instance._spreadsheet_related.items():
            current = set(getattr(instance, attribute).values_list("pk", flat=True))
            if current != {record.pk for record in records}:
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise explain_unique_in_municipality(
                error, {f.attribute: f for f in self.get_import_fields()}) from None

    def before_save_instance(self, instance, row, **kwargs):
        # The history names who imported the row, in a Celery task too (no request there).
        instance._history_user = self.actor.user

    def save_m2m(self, instance, row, **kwargs):
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        for attribute, records in instance._spreadsheet_related.items():
            getattr(instance, attribute).set(records)

    def import_row(self, row, instance_loader, **kwargs):
        """As django-import-export, in a savepoint of its own: a bad row leaves nothing
        behind, and a row the database refuses becomes a bad row with a plain reason."""
        using = self.get_db_connection_name()
        savepoint = transaction.savepoint_create(using=using)
        result = super().import_row(row, instance_loader, **kwargs)
        if self.on_row is not None:
            self.on_row(kwargs.get("row_number", 0))
        if not (result.errors or result.validation_error):
            transaction.savepoint_commit(savepoint, using=using)
            return result
        transaction.savepoint_rollback(savepoint, using=using)
        transaction.set_rollback(False, using=using)
        if result.errors:
            # Never the exception's text: it may quote the row's values.
            logger.warning("Spreadsheet import of %s: row %s refused (%s)", self.model._meta.label,
                           kwargs.get("row_number"), type(result.errors[0].error).__name__)
            result.errors = []
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError(_(
                "This row could not be saved: it conflicts with another record. Check it "
                "and try again."))
        return result
