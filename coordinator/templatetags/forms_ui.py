"""The error summary of the GOV.UK Design System, for one or more forms and formsets:

    {% load forms_ui %}
    {% error_summary form %}
    {% error_summary version formset %}

It lists every error of the page under "There is a problem", each a link to its field (the first
radio or checkbox of a group); errors of the whole form, and of hidden fields (a stale version,
a used token), are listed as text. ``static/js/linchpin.js`` moves the focus to it when the page
loads, so a screen reader reads it first. Renders nothing when there is no error."""

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


def _forms(items):
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, BaseFormSet):
            yield item
            yield from item.forms
        elif isinstance(item, forms.BaseForm):
            yield item
        elif isinstance(item, dict):
            yield from _forms(item.values())
        elif isinstance(item, list | tuple):
            yield from _forms(item)


def summary_rows(*items) -> list[dict]:
    """``[{"text", "anchor"}]``: every error of the forms and formsets in ``items`` (lists,
    tuples and dicts of them are walked), in the order of the page; ``anchor`` is empty for an
    error that belongs to no visible field."""
    rows = []
    for item in _forms(items):
        if isinstance(item, BaseFormSet):
            if item.is_bound:
                rows += [{"text": e, "anchor": ""} for e in item.non_form_errors()]
            continue
        if not item.is_bound or not item.errors:
            continue
        rows += [{"text": e, "anchor": ""} for e in item.non_field_errors()]
        for name in item.fields:
            bound = item[name]
            for error in bound.errors:
                rows.append({"text": error, "anchor": bound.error_anchor})
    return rows


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*items):
    return {"rows": summary_rows(*items)}
