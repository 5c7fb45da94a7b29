"""How every form speaks to the user (issue 13, "Forms, lists and phones"): the GOV.UK Design
System's patterns (error summary, "(optional)" labels, specific error messages) for every form
of the site, without a change to each form.

``Renderer`` is the ``FORM_RENDERER``: every form, Django's, django-filter's and ours, makes its
bound fields with ``Field`` below. A bound field is made before the form is cleaned and before
it is rendered, after the form's own ``__init__`` has set its labels, so what it derives from
the label is what the user reads.

- Django's generic "This field is required." becomes "Enter the title" (a text input),
  "Select the community" (a choice), "Tick ..." (a checkbox), "Select the file to upload" (an
  upload), "Answer the question ..." (a label that asks). A form sets its own message as
  Django allows (``error_messages={"required": ...}`` on the field, or ``Meta.error_messages``);
  only the generic one is replaced.
- The empty choice of a select ("---------", "- Select an option -") becomes "Choose the
  <label>" when a choice is required and "None" when it is not.
- ``optional`` tells the field template to write "(optional)" after the label (never on a
  single checkbox, a disabled field or a hidden one); required fields are not marked.
- ``error_anchor`` is the id the error summary links to: the input itself, or the first of a
  group of radios or checkboxes.
"""

import re

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.forms.boundfield import BoundField
from django.forms.fields import Field as DjangoField
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.translation import gettext as _


def untranslated(text) -> str:
    """``text`` as its msgid: a lazy translation read with no language active (a plain string
    stays as it is)."""
    with translation.override(None):
        return str(text)


#: Django's own texts this module replaces, compared untranslated (as Django defines them):
#: the page may be in any language, and this module may first be imported in any.
GENERIC_REQUIRED = untranslated(DjangoField.default_error_messages["required"])
#: The empty choice as Django (before 6.1, and django-filter) wrote it.
EMPTY_DASH = "---------"
#: Words after which the label needs no "the": "Enter what happened", "Select how".
NO_ARTICLE = re.compile(
    r"^(the|a|an|your|our|their|its|this|these|those|who|whom|whose|what|which|when|where|why|"
    r"how|in|on|at|for|from|to|by|with)\b", re.IGNORECASE)

CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple,
                  forms.SelectMultiple)


def lower_label(label) -> str:
    """The label as it reads inside a sentence: its first letter in lower case, unless the first
    word is an abbreviation ("URL", "SPOC")."""
    text = str(label or "").strip().rstrip(":")
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _with_article(label: str) -> str:
    return label if NO_ARTICLE.match(label) else _("the %(label)s") % {"label": label}


def required_message(field: forms.Field, label) -> str:
    """The message shown when ``field`` (labelled ``label``) is left empty."""
    text = lower_label(label)
    if not text:
        return _("Answer this question")
    if text.endswith("?"):
        return _("Answer the question “%(label)s”") % {"label": str(label).strip()}
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        return _("Tick “%(label)s” to go on") % {"label": str(label).strip()}
    if isinstance(field, forms.FileField):
        return _("Select %(label)s to upload") % {"label": _with_article(text)}
    if isinstance(widget, CHOICE_WIDGETS):
        return _("Select %(label)s") % {"label": _with_article(text)}
    return _("Enter %(label)s") % {"label": _with_article(text)}


def empty_choice_label(field: forms.Field, label) -> str:
    """What the empty option of a select reads: a prompt when a choice is needed, "None" when
    it is not."""
    if field.required:
        return _("Choose %(label)s") % {"label": _with_article(lower_label(label))}
    return _("None")


def _generic_empty(text) -> bool:
    # Django 6.1 writes "- Select an option -" (BLANK_CHOICE_LABEL), also for an optional choice.
    return text is not None and str(text) in (EMPTY_DASH, str(BLANK_CHOICE_LABEL))


def _relabel_empty_choice(field: forms.Field, label) -> None:
    # A required group of radios needs no empty radio: nothing ticked is the empty answer.
    drop = field.required and isinstance(field.widget, forms.RadioSelect)
    if isinstance(field, forms.ModelChoiceField):
        if _generic_empty(field.empty_label):
            field.empty_label = None if drop else empty_choice_label(field, label)
        return
    choices = getattr(field, "choices", None)
    if not isinstance(field, forms.ChoiceField) or not choices:
        return
    choices = list(choices)
    if any(value == "" and _generic_empty(text) for value, text in choices):
        empty = empty_choice_label(field, label)
        field.choices = [(value, empty if value == "" else text) for value, text in choices
                         if not (drop and value == "")]


class Field(BoundField):
    """A bound field that replaces Django's generic texts (see the module) and tells the
    templates whether it is optional and where the error summary links."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if not getattr(field, "_texts_derived", False):
            field._texts_derived = True
            label = field.label if field.label is not None else self.label
            if name == "DELETE" and untranslated(field.label) == "Delete":
                # A formset's "Delete" box; this bound field read the label already.
                field.label = self.label = _("Remove this row")
            if untranslated(field.error_messages.get("required", "")) == GENERIC_REQUIRED:
                field.error_messages["required"] = required_message(field, label)
            _relabel_empty_choice(field, label)

    @property
    def optional(self) -> bool:
        """True for a field the user may leave empty (labelled "(optional)")."""
        field = self.field
        return not (field.required or field.disabled or self.is_hidden
                    or isinstance(field.widget, forms.CheckboxInput))

    @property
    def error_anchor(self) -> str:
        """The id of the element the error summary links to."""
        if self.is_hidden:
            return ""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")


class Renderer(TemplatesSetting):
    """``TemplatesSetting`` (templates/django/forms/ replaces Django's widget templates) whose
    forms bind their fields with ``Field``."""

    bound_field_class = Field
