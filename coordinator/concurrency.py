"""No lost edits, no doubled records (issue 8).

**Lost edits: optimistic locking.** A ``Versioned`` model carries ``lock_version``, raised by one
in the database on every ``save()`` of an existing row, whoever saves it (a form, a service, a
task). An edit form carries the version it was opened at in a hidden field (``LOCK_FIELD``,
added by ``add_version_field``). On save, ``checked_save(*forms)`` runs one conditional
``UPDATE ... SET lock_version = n + 1 WHERE pk = %s AND lock_version = n`` per record (atomic on
every database: on PostgreSQL it also locks the row until the transaction ends; on SQLite the
write takes the database lock) and raises ``EditConflict`` when any record moved on, so nothing
of the form is saved. ``describe(form, seen)`` then lists what someone else changed since ``seen``
(the record's history row at that version against the record now) beside the form's own values,
for ``templates/includes/conflict.html``; ``refreshed_data`` gives the POST data again with the
current versions, so the form re-renders with the user's values and saves once reconciled.

A form without the hidden field (an old client, a script) is not checked: the app's own forms
always carry it. ``QuerySet.update()`` and ``bulk_update()`` do not raise the version.

Why not django-concurrency (2.8.1, tried on Django 6.1 with simple_history: it detects the basic
case): it declares Django 6.0 at most, wraps the private ``Model._do_update`` of every versioned
model, so any stale ``save()`` anywhere (services, Celery tasks) would start raising, and it
versions one row, while an action plan element or an assessment's findings are several rows
checked together.

**Doubled records: idempotent creates.** A create form carries a fresh UUID (``TOKEN_FIELD``,
``add_token_field``). ``run_once(request, token, create)`` records the token for the user in
the same transaction as the create (``SubmissionToken``, unique per user and token) with the
address the create redirected to; a second POST of the same form (double click, reload, back
button, or a concurrent request that waits on the unique index) is sent to that record with a
message instead of creating another. A create that fails (the form re-renders) keeps no token.
Tokens older than ``TOKEN_TTL`` are purged whenever one is read.
"""

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOCK_FIELD = "lock_version"
TOKEN_FIELD = "submission_token"
TOKEN_TTL = timedelta(hours=12)
_MAX_VERSION = 2_147_483_647


class Versioned(models.Model):
    """Abstract base: ``lock_version`` goes up by one in the database on every save of an
    existing row (``F() + 1``, read back through ``RETURNING``), so a form opened at an older
    version can tell. A save right after ``claim`` writes the claimed version instead."""

    lock_version = models.PositiveIntegerField(gettext_lazy("edit version"), default=0,
                                               editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding and not kwargs.get("force_insert"):
            if getattr(self, "_lock_claimed", False):
                self._lock_claimed = False
            else:
                self.lock_version = F(LOCK_FIELD) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and LOCK_FIELD not in update_fields:
                kwargs["update_fields"] = [*update_fields, LOCK_FIELD]
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- lost edits


class EditConflict(Exception):
    """Some records of an edit changed since the form was opened. ``forms``: the forms whose
    record moved on (or was removed); nothing of the edit was saved."""

    def __init__(self, forms):
        super().__init__("edit conflict")
        self.forms = list(forms)


def _keep_out_of_cleaned_data(form) -> None:
    """The control fields are read from the raw POST (``seen_version``, ``token_of``) and never
    reach ``cleaned_data``, so views may keep passing ``**form.cleaned_data`` to services."""
    if getattr(form, "_controls_kept_out", False):
        return
    form._controls_kept_out = True
    original = form.clean

    def clean():
        data = original()
        target = data if data is not None else form.cleaned_data
        for name in (LOCK_FIELD, TOKEN_FIELD):
            target.pop(name, None)
        return data

    form.clean = clean


def add_version_field(form) -> None:
    """Give a model form of a saved ``Versioned`` record the hidden ``lock_version`` field
    (the version it was opened at). Lenient on input: see ``seen_version``."""
    instance = getattr(form, "instance", None)
    if isinstance(instance, Versioned) and instance.pk is not None:
        form.fields[LOCK_FIELD] = forms.CharField(
            required=False, max_length=12, widget=forms.HiddenInput,
            initial=instance.lock_version)
        _keep_out_of_cleaned_data(form)


def seen_version(form) -> int | None:
    """The version ``form`` was opened at, or None when the POST does not say (not checked).
    A value out of range counts as stale (-1), never as a server error."""
    if LOCK_FIELD not in form.fields or not form.is_bound:
        return None
    raw = form.data.get(form.add_prefix(LOCK_FIELD))
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if value <= _MAX_VERSION else -1


def claim(form) -> bool:
    """The conditional UPDATE for one form's record: True if it was still at the version the
    form saw (it is now one higher, and the next ``save()`` of ``form.instance`` keeps that),
    or when the form is not checked. Call inside ``transaction.atomic()``."""
    seen = seen_version(form)
    instance = form.instance
    if seen is None or instance.pk is None:
        return True
    updated = type(instance)._base_manager.filter(pk=instance.pk, lock_version=seen).update(
        lock_version=seen + 1)
    if not updated:
        return False
    instance.lock_version = seen + 1
    instance._lock_claimed = True
    return True


@contextlib.contextmanager
def checked_save(*forms):
    """``with checked_save(form, ...): save them`` — one transaction that first claims every
    form's record; raises ``EditConflict`` (and saves nothing) if any moved on."""
    with transaction.atomic():
        stale = [form for form in forms if not claim(form)]
        if stale:
            raise EditConflict(stale)
        yield


@dataclass
class FieldChange:
    label: str
    yours: str
    saved: str


@dataclass
class ConflictRecord:
    """What changed in one record since the form was opened, for ``includes/conflict.html``.
    ``changes`` lists the fields someone else changed (from history); ``removed`` is set when
    the record is gone; ``by`` names who saved since."""

    label: str
    changes: list[FieldChange] = field(default_factory=list)
    removed: bool = False
    by: str = ""
    when: object = None


def _fresh(instance):
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def _norm(value):
    """A comparable form of a form or model value: records by pk, lists as tuples, blanks as
    ""."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [_norm(item) for item in value]
        return tuple(sorted(items, key=str)) if isinstance(value, models.QuerySet | set) \
            or any(isinstance(item, models.Model) for item in value) else tuple(items)
    if value is None:
        return ""
    return value


def _show(form_field, value) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(_show(form_field, item) for item in value) or "—"
    if isinstance(value, models.Model):
        return str(value)
    choices = getattr(form_field, "choices", None)
    if choices and not hasattr(form_field, "queryset"):
        flat = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                flat.update(dict(label))
            else:
                flat[key] = label
        return str(flat.get(value, value))
    if isinstance(value, date):
        return formats.date_format(value)
    return str(value)


def _values(form, obj) -> dict:
    """Field name -> stored value of ``obj`` for the fields of ``form`` (model fields, plus what
    the form's optional ``values_of(obj)`` adds for fields of its own)."""
    model = type(form.instance)
    names = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    values = {}
    for name in form.fields:
        model_field = names.get(name)
        if model_field is None or name == LOCK_FIELD:
            continue
        if model_field.many_to_many:
            values[name] = list(getattr(obj, name).all())
        elif model_field.is_relation:
            values[name] = getattr(obj, name)
        else:
            values[name] = getattr(obj, model_field.attname)
    if hasattr(form, "values_of"):
        values.update(form.values_of(obj))
    return values


def describe(form, label: str = "") -> ConflictRecord:
    """What someone else changed in ``form``'s record since the version the form saw: each field
    whose stored value differs from the history row at that version, with the form's value and
    the value saved now. Many-to-many fields (not in every history) are listed when the form's
    value differs from the saved one."""
    seen = seen_version(form)
    current = _fresh(form.instance) if form.instance.pk is not None else None
    if current is None:
        try:
            name = str(form.instance)
        except Exception:  # an unsaved row may lack what its name is made of
            name = ""
        return ConflictRecord(label=label or name or _("A row"), removed=True)
    record = ConflictRecord(label=label or str(current))
    history = getattr(current, "history", None)
    before = None
    if history is not None and seen is not None:
        row = history.filter(lock_version__lte=seen).order_by("-history_date", "-history_id").first()
        before = _values(form, row.instance) if row is not None else None
        since = list(history.filter(lock_version__gt=seen).select_related("history_user"))
        names = dict.fromkeys(
            (r.history_user.get_full_name() or r.history_user.get_username())
            for r in since if r.history_user is not None)
        record.by = ", ".join(names)
        record.when = since[0].history_date if since else None
    model = type(current)
    now = _values(form, current)
    cleaned = getattr(form, "cleaned_data", {}) or {}
    for name, saved in now.items():
        yours = cleaned.get(name, form.initial.get(name))
        try:
            many = model._meta.get_field(name).many_to_many
        except Exception:  # a field of the form's own (values_of)
            many = False
        if before is not None and not many and name in before:
            changed = _norm(before[name]) != _norm(saved)
        else:
            changed = _norm(yours) != _norm(saved)
        if changed:
            form_field = form.fields[name]
            record.changes.append(FieldChange(
                label=capfirst(str(form_field.label or name)),
                yours=_show(form_field, yours), saved=_show(form_field, saved)))
    return record


def refreshed_data(data, forms):
    """A copy of the POST ``data`` in which each form's hidden version is its record's current
    one, so the re-rendered form saves once the user has reconciled it."""
    data = data.copy()
    for form in forms:
        if LOCK_FIELD not in form.fields or form.instance.pk is None:
            continue
        current = _fresh(form.instance)
        if current is not None:
            data[form.add_prefix(LOCK_FIELD)] = str(current.lock_version)
    return data


def _removed_indices(formset) -> list[int]:
    if not formset.is_bound:
        return []
    existing = {str(pk) for pk in formset.get_queryset().values_list("pk", flat=True)}
    pk_name = formset.model._meta.pk.name
    removed = []
    for index, form in enumerate(formset.forms[:formset.initial_form_count()]):
        posted = formset.data.get(form.add_prefix(pk_name), "")
        if posted and posted not in existing:
            removed.append(index)
    return removed


def removed_forms(formset) -> list:
    """The row forms of a bound model formset whose record was removed since the page was
    opened (the posted id is gone): a conflict, never a silent re-creation or a form error."""
    return [formset.forms[index] for index in _removed_indices(formset)]


def removed_rows_as_new(data, formset):
    """POST ``data`` with the rows of ``formset`` whose record was removed meanwhile turned into
    new rows (moved after the existing ones, without id or version), so the user's values are
    kept and can be saved again or dropped."""
    prefix = formset.prefix
    initial = formset.initial_form_count()
    total = formset.total_form_count()
    removed = _removed_indices(formset)
    if not removed:
        return data
    order = [i for i in range(initial) if i not in removed] + removed + list(range(initial, total))
    moved = data.copy()
    for key in list(moved.keys()):
        if key.startswith(f"{prefix}-") and key.split("-", 2)[1].isdigit():
            del moved[key]
    for new, old in enumerate(order):
        for key in data.keys():
            head = f"{prefix}-{old}-"
            if key.startswith(head):
                moved.setlist(f"{prefix}-{new}-{key[len(head):]}", data.getlist(key))
        if old in removed:
            moved[f"{prefix}-{new}-id"] = ""
            moved[f"{prefix}-{new}-{LOCK_FIELD}"] = ""
    moved[f"{prefix}-INITIAL_FORMS"] = str(initial - len(removed))
    return moved


def conflict_message(request) -> None:
    messages.error(request, _(
        "Someone else saved changes while you were editing. Nothing of yours was saved yet: "
        "your values are still in the form. Compare them with what is saved now, then save "
        "again."))


# --------------------------------------------------------------------------- doubled records


def add_token_field(form) -> None:
    """Give a create form a hidden one-time token (a fresh UUID each time it is shown; kept as
    posted when the form re-renders)."""
    form.fields[TOKEN_FIELD] = forms.CharField(
        required=False, max_length=40, widget=forms.HiddenInput, initial=uuid.uuid4)
    _keep_out_of_cleaned_data(form)


def token_of(data) -> uuid.UUID | None:
    """The token in POST ``data``, or None (absent or not a UUID: the create is not guarded)."""
    raw = data.get(TOKEN_FIELD)
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _first_result(user, token) -> str | None:
    from .models import SubmissionToken

    SubmissionToken.objects.filter(created_at__lt=timezone.now() - TOKEN_TTL).delete()
    row = SubmissionToken.objects.filter(user=user, token=token).first()
    return row.result_url if row is not None else None


def _already_sent(request, url):
    messages.info(request, _("This form had already been sent: here is what it created. "
                             "Nothing was added twice."))
    return HttpResponseRedirect(url or request.path)


class _Undo(Exception):
    def __init__(self, response):
        super().__init__("create not done")
        self.response = response


class _Duplicate(Exception):
    pass


def run_once(request, create):
    """Run ``create()`` (a view's POST handling, returning a response) at most once per token of
    ``request.POST``: a redirect keeps the token with its address; any other response (the form
    re-rendered) keeps nothing. Without a token, ``create()`` runs as it is."""
    from .models import SubmissionToken

    token = token_of(request.POST)
    if token is None or not request.user.is_authenticated:
        return create()
    url = _first_result(request.user, token)
    if url is not None:
        return _already_sent(request, url)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = SubmissionToken.objects.create(user=request.user, token=token)
            except IntegrityError:
                # A concurrent POST of the same form committed first (we waited on its row).
                raise _Duplicate from None
            response = create()
            if not isinstance(response, HttpResponseRedirect):
                raise _Undo(response)
            row.result_url = response["Location"][:500]
            row.save(update_fields=["result_url"])
            return response
    except _Undo as undo:
        return undo.response
    except _Duplicate:
        return _already_sent(request, _first_result(request.user, token))
