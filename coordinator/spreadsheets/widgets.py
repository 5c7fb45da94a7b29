"""Cell converters (django-import-export widgets) that speak the user's language and pass every
related record through the access layer.

On export a widget writes what a person reads on the page: choice labels, "yes"/"no", ISO
dates, names of related records (only those the exporting user may see; the resource's
queryset prefetches them through ``visible()``). On import it accepts the same and the stored
values, and raises ``ValueError`` with a plain-language message, which django-import-export
turns into a validation error of the row's field."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets

from ..access import Action, visible
from ..validation import (
    TEXTAREA_MAX_LENGTH,
    latest_plausible_date,
    plausible_date,
    reject_control_characters,
)

#: A cell that starts with one of these is a formula to a spreadsheet program (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Separator of several related records in one cell: names may contain commas.
NAMES_SEPARATOR = ";"


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (OWASP
    "CSV injection"); the apostrophe is removed again on import (:func:`clean_text`)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def clean_text(value) -> str:
    """A cell as text: stripped, the apostrophe of :func:`neutralise_formula` removed, control
    characters refused (``ValueError``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed in a spreadsheet cell: 12.0 is "12"
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    try:
        reject_control_characters(text)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None
    return text


class TextWidget(widgets.Widget):
    """Text; ``max_length`` for text areas whose model field has none."""

    def __init__(self, max_length: int | None = TEXTAREA_MAX_LENGTH):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("Write at most %(n)s characters.") % {"n": self.max_length})
        return text

    def render(self, value, obj=None, **kwargs):
        return neutralise_formula("" if value is None else str(value))


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        try:
            number = Decimal(text.replace(" ", ""))
        except InvalidOperation:
            raise ValueError(_("Enter a whole number.")) from None
        if number != number.to_integral_value() or abs(number) > 2**31:
            raise ValueError(_("Enter a whole number."))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """A date: a spreadsheet date cell, or text as 2026-03-31, 31/03/2026, 31-03-2026 or
    31.03.2026; between 1900 and 50 years ahead, as in every form."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            text = clean_text(value)
            if not text:
                return None
            day = None
            for pattern in self.FORMATS:
                try:
                    day = datetime.datetime.strptime(text, pattern).date()
                    break
                except ValueError:
                    continue
            if day is None:
                raise ValueError(_("Enter a date as 2026-03-31 or 31/03/2026."))
        try:
            plausible_date(day)
        except ValidationError:
            raise ValueError(_("Give a date between 1900-01-01 and %(latest)s.")
                             % {"latest": latest_plausible_date().isoformat()}) from None
        return day

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if isinstance(value, datetime.date) else ""


class YesNoWidget(widgets.Widget):
    """A tick: "yes"/"no" (also true/false, 1/0, x, and "yes"/"no" in the user's language);
    an empty cell is no."""

    YES = {"yes", "y", "true", "1", "x", "oui", "ja", "vrai", "waar"}
    NO = {"no", "n", "false", "0", "", "non", "nee", "faux", "onwaar"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = clean_text(value).lower()
        if text in self.YES or text == _("yes").lower():
            return True
        if text in self.NO or text == _("no").lower():
            return False
        raise ValueError(_("Write yes or no."))

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class ChoiceWidget(widgets.Widget):
    """One of ``choices``: the label as shown on the pages, or the stored value."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)

    def _lookup(self, text: str):
        wanted = text.casefold()
        for value, label in self.choices:
            if wanted in (str(value).casefold(), str(label).casefold()):
                return value
        raise ValueError(_("“%(value)s” is not one of: %(choices)s.") % {
            "value": text[:80], "choices": "; ".join(str(label) for _v, label in self.choices)})

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        return self._lookup(text) if text else ""

    def render(self, value, obj=None, **kwargs):
        labels = dict(self.choices)
        return "" if value in (None, "") else str(labels.get(value, value))


class IntegerChoiceWidget(ChoiceWidget):
    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        return self._lookup(text) if text else None


class ListWidget(widgets.Widget):
    """A list of short texts (languages) in one cell, separated by commas or semicolons;
    with ``choices``, each must be one of them (label or value)."""

    def __init__(self, choices=None):
        super().__init__()
        self.choices = ChoiceWidget(choices) if choices else None

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        items = [item.strip() for item in text.replace(";", ",").split(",")]
        items = [item for item in items if item]
        if self.choices:
            items = [self.choices._lookup(item) for item in items]
        return list(dict.fromkeys(items))

    def render(self, value, obj=None, **kwargs):
        items = value or []
        if self.choices:
            items = [self.choices.render(item) for item in items]
        return neutralise_formula(", ".join(str(item) for item in items))


class ScopedWidget(widgets.Widget):
    """Base of the widgets of related records: bound to the resource's actor (``bind``), so a
    name is looked up among the records the actor may see, never another municipality's."""

    #: The field a record is named by, the first its model has.
    NAME_FIELDS = ("name", "title", "topic")

    def __init__(self, model, lookup: str | None = None):
        super().__init__()
        self.model = model
        names = {f.name for f in model._meta.get_fields()}
        self.lookup = lookup or next((n for n in self.NAME_FIELDS if n in names), None)
        self.actor = None
        self._found: dict = {}

    def bind(self, actor) -> None:
        self.actor = actor
        self._found = {}

    def find(self, text: str):
        """The record of the actor's municipality called ``text`` that the actor may see
        (exact name first, then ignoring case). ``ValueError`` when none or several."""
        if text in self._found:
            return self._found[text]
        if self.actor is None or self.lookup is None:
            raise ValueError(_("Not available."))
        choices = visible(self.actor, self.model._default_manager.all(), Action.VIEW)
        matches = list(choices.filter(**{self.lookup: text})[:2]) or list(
            choices.filter(**{f"{self.lookup}__iexact": text})[:2])
        name = self.model._meta.verbose_name
        if not matches:
            raise ValueError(_("No %(model)s called “%(name)s” that you may see.")
                             % {"model": name, "name": text[:80]})
        if len(matches) > 1:
            raise ValueError(_("More than one %(model)s is called “%(name)s”: rename one first.")
                             % {"model": name, "name": text[:80]})
        self._found[text] = matches[0]
        return matches[0]

    def _text(self, record) -> str:
        return neutralise_formula(str(getattr(record, self.lookup) if self.lookup else record))


class ScopedForeignKeyWidget(ScopedWidget):
    """One related record, by name."""

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        return self.find(text) if text else None

    def render(self, value, obj=None, **kwargs):
        # ``value`` comes from a prefetch through visible(): None when the actor may not see it.
        return "" if value is None else self._text(value)


class ScopedManyToManyWidget(ScopedWidget):
    """Several related records, by name, separated by semicolons."""

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        names = [name.strip() for name in text.split(NAMES_SEPARATOR)]
        return list(dict.fromkeys(self.find(name) for name in names if name))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{NAMES_SEPARATOR} ".join(self._text(record) for record in value.all())


class UserWidget(widgets.Widget):
    """A staff member (export only): their full name, else their user name."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return neutralise_formula(value.get_full_name() or value.get_username())
