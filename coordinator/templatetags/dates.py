"""Dates as the pages show them:

    {% load dates %}
    {{ commitment.due_on|short_date }}

is ``{{ commitment.due_on|date:"j M Y" }}`` ("5 May 2026" / "5 mai 2026" / "5 mei 2026"), at a
fifth of the cost: Django's ``date`` filter parses its format at each call, on every row of a
list (issue 8). Every page writes a day this way (only ``bench/bare_list.html``, the
benchmark's yardstick, keeps Django's filter)."""

from django import template

from coordinator import languages

register = template.Library()


@register.filter(expects_localtime=True)
def short_date(value) -> str:
    """``value`` (a date, or an aware datetime, shown in the local time zone) as
    :func:`coordinator.languages.short_date` writes it; "" for no date or anything that is no
    date, as ``date`` does."""
    if value in (None, ""):
        return ""
    try:
        return languages.short_date(value)
    except (AttributeError, TypeError, KeyError):
        return ""
