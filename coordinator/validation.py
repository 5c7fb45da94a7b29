"""Input hardening shared by every form (issue 8, "Bad input must never give a server error").

Bad input must come back as a form error, never as a server error or as a value nobody meant to
store. This module holds the reusable pieces:

- ``plausible_date``: dates between ``EARLIEST_DATE`` (1 January 1900) and ``LATEST_YEARS_AHEAD``
  (50) years from today. A council decision in year 9999 or 0001 is a typing slip, and such
  dates break date arithmetic and rendering further on.
- ``reject_control_characters``: no NUL byte (PostgreSQL's ``text`` and ``jsonb`` reject
  ``\\u0000``, a 500) and no other control character (invisible, and breaks the PDF and the
  e-mails); tab, line feed and carriage return are kept. Right-to-left marks and emoji are
  ordinary text and pass.
- ``TextLengthValidator``: a maximum length for text fields whose model field has none
  (``TextField``): ``TEXTAREA_MAX_LENGTH`` (10,000) characters in a text area,
  ``LINE_MAX_LENGTH`` (1,000) in a one-line input.
- ``HardenedFormMixin``: puts those on every field of a form at construction, so a form is
  hardened by inheriting from it (``ScopedModelForm`` does; so do the bases of each app's forms).
- ``refuse_out_of_range_pks``: a multiple choice of records refuses an id wider than the database
  integer (SQLite raised ``OverflowError``); ``harden_field`` installs it.
- ``parse_pk``: a primary key typed by a client, or None (``"²".isdigit()`` is True, but it is no
  number a database accepts).

Each validator takes a ``str`` or a list of ``str`` (as ``ListTextField`` returns) and raises
``django.core.exceptions.ValidationError`` with a plain-language message.
"""

import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

#: Earliest date any form accepts: nothing Linchpin records (contacts, decisions, reviews,
#: measurements) predates the 20th century.
EARLIEST_DATE = datetime.date(1900, 1, 1)
#: Latest date any form accepts, in years after today: reviews and due dates are planned a few
#: years ahead, never half a century.
LATEST_YEARS_AHEAD = 50
#: Default maximum length of a text area whose model field has none (a note, an analysis).
TEXTAREA_MAX_LENGTH = 10_000
#: Default maximum length of a one-line text input whose field has none.
LINE_MAX_LENGTH = 1_000
#: Control characters allowed in text: tab, line feed, carriage return (text areas send CRLF).
ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")
#: Digits of a primary key typed by a client: more cannot be a bigint.
MAX_PK_DIGITS = 18


def latest_plausible_date(today: datetime.date | None = None) -> datetime.date:
    """``today`` (default: the local date) plus ``LATEST_YEARS_AHEAD`` years (28 Feb for 29 Feb)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + LATEST_YEARS_AHEAD)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year + LATEST_YEARS_AHEAD, day=28)


def plausible_date(value) -> None:
    """Raise ``ValidationError`` (code ``implausible_date``) unless ``value`` (a date or a
    datetime; None passes) lies between ``EARLIEST_DATE`` and ``latest_plausible_date()``."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    latest = latest_plausible_date()
    if not EARLIEST_DATE <= day <= latest:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
        )


def _texts(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a control character (Unicode category Cc: NUL, bell, escape,
    the C1 controls...) other than tab, line feed and carriage return."""
    return any(
        unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROL_CHARACTERS
        for char in text
    )


def reject_control_characters(value) -> None:
    """Raise ``ValidationError`` (code ``control_characters``) when ``value`` (str or list of
    str) holds a NUL byte or another control character (see ``has_control_characters``)."""
    if any(has_control_characters(text) for text in _texts(value)):
        raise ValidationError(
            _("Remove the invisible control characters (such as a null byte) from this text; "
              "they are often left over from copying and pasting."),
            code="control_characters",
        )


@deconstructible
class TextLengthValidator:
    """At most ``limit`` characters in a ``str``, or in all the items of a list together (a list
    typed as one comma-separated line). Raises ``ValidationError`` (code ``max_length``)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        texts = _texts(value)
        length = sum(len(text) for text in texts) + max(len(texts) - 1, 0) * 2
        if length > self.limit:
            raise ValidationError(
                ngettext_lazy(
                    "Shorten this text to at most %(limit)d character (it has %(length)d).",
                    "Shorten this text to at most %(limit)d characters (it has %(length)d).",
                    "limit",
                ),
                code="max_length",
                params={"limit": self.limit, "length": length},
            )

    def __eq__(self, other):
        return isinstance(other, TextLengthValidator) and other.limit == self.limit


def harden_field(field: forms.Field) -> None:
    """Add the checks of this module to one form field, in place (idempotent):

    - every ``CharField`` (and its kinds: e-mail, URL, list of words...): no control
      characters; and, when it has no ``max_length``, a maximum of ``TEXTAREA_MAX_LENGTH``
      characters in a text area or ``LINE_MAX_LENGTH`` in a one-line input (also set as the
      ``maxlength`` attribute, so the browser stops the typing there);
    - every ``DateField`` and ``DateTimeField``: ``plausible_date``;
    - every ``ModelMultipleChoiceField``: ``refuse_out_of_range_pks`` before its query.
    """
    validators = field.validators
    if isinstance(field, forms.CharField):
        if reject_control_characters not in validators:
            validators.append(reject_control_characters)
        if field.max_length is None and not any(
            isinstance(v, TextLengthValidator) for v in validators
        ):
            is_area = isinstance(field.widget, forms.Textarea)
            limit = TEXTAREA_MAX_LENGTH if is_area else LINE_MAX_LENGTH
            validators.append(TextLengthValidator(limit))
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("maxlength", str(limit))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        if plausible_date not in validators:
            validators.append(plausible_date)
    elif isinstance(field, forms.ModelMultipleChoiceField) and not hasattr(field, "_pk_bounded"):
        # Django builds ``pk__in`` from the raw values; SQLite raises OverflowError (a 500) on
        # an integer wider than 64 bits. Refuse such values as invalid choices first. (A single
        # choice is safe: Django turns an out-of-range ``pk=`` into "not found".)
        field._pk_bounded = True
        check_values = field._check_values

        def _check_values(value, field=field, check_values=check_values):
            refuse_out_of_range_pks(field, value)
            return check_values(value)

        field._check_values = _check_values


def refuse_out_of_range_pks(field: forms.ModelChoiceField, values) -> None:
    """Raise the field's ``invalid_pk_value`` error for a value that is an integer outside the
    range of the database's integer primary key (``values``: the raw submitted list). Other
    malformed values are left to Django, which refuses them."""
    from django.db import connection

    model_field = (field.queryset.model._meta.get_field(field.to_field_name) if field.to_field_name
                   else field.queryset.model._meta.pk)
    internal_type = model_field.get_internal_type()
    if "Integer" not in internal_type and "AutoField" not in internal_type:
        return
    low, high = connection.ops.integer_field_range(
        {"AutoField": "IntegerField", "BigAutoField": "BigIntegerField",
         "SmallAutoField": "SmallIntegerField"}.get(internal_type, internal_type))
    for value in values or ():
        try:
            number = int(str(value))
        except ValueError:
            continue
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(field.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                  params={"pk": value})


class HardenedFormMixin:
    """Mix into a ``Form`` or ``ModelForm`` (before it in the bases): every field of every
    instance gets ``harden_field``. Fields are deep-copied per form instance by Django, so the
    form class and other forms are untouched."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            harden_field(field)


def parse_pk(value) -> int | None:
    """A primary key sent by a client as text: its ``int`` when it is 1 to ``MAX_PK_DIGITS``
    ASCII digits, else None. ``str.isdigit()`` alone accepts "²", which ``int()`` refuses
    with a server error, and "٣" (Arabic-Indic three)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > MAX_PK_DIGITS:
        return None
    return int(value)


def explain_unique_in_municipality(errors, form_fields):
    """Rewrite Django's "Community with this Municipality and Name already exists." (a
    non-field error, code ``unique_together``, from a constraint on the municipality and one
    other field) as an error on that other field that says what to do.

    ``errors``: a ``ValidationError`` as passed to ``ModelForm._update_errors``;
    ``form_fields``: the form's fields (name -> field). Returns a ``ValidationError`` (the same
    one when nothing applies)."""
    from django.core.exceptions import NON_FIELD_ERRORS

    if not hasattr(errors, "error_dict") or NON_FIELD_ERRORS not in errors.error_dict:
        return errors
    kept, moved = [], {}
    for error in errors.error_dict[NON_FIELD_ERRORS]:
        params = error.params or {}
        check = tuple(params.get("unique_check", ())) if error.code == "unique_together" else ()
        others = [name for name in check if name != "municipality"]
        if "municipality" not in check or len(others) != 1 or others[0] not in form_fields:
            kept.append(error)
            continue
        model = params["model_class"]
        moved.setdefault(others[0], []).append(ValidationError(
            _("This %(field)s is already taken by another %(model)s of this municipality: "
              "choose another."),
            code="unique",
            params={"model": model._meta.verbose_name,
                    "field": model._meta.get_field(others[0]).verbose_name},
        ))
    if not moved:
        return errors
    error_dict = {name: list(items) for name, items in errors.error_dict.items()
                  if name != NON_FIELD_ERRORS}
    for name, items in moved.items():
        error_dict.setdefault(name, []).extend(items)
    if kept:
        error_dict[NON_FIELD_ERRORS] = kept
    return ValidationError(error_dict)
