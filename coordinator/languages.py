"""The language of a page and of an e-mail (issue 13 "Languages").

A page is shown in, by priority:

1. the signed-in user's own language (``Membership.language``, a personal setting saved on
   every membership of the user: :func:`set_user_language`);
2. else their current municipality's default (``Municipality.default_language``);
3. else the browser's: the language switch's cookie, then ``Accept-Language``
   (Django's ``LocaleMiddleware``, which runs first);
4. else English (``LANGUAGE_CODE``).

An e-mail goes out in its recipient's language by the same rules, without the browser
(:func:`language_for`); an invitation in the invited account's language if it has one, else
in the municipality's default.
"""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .models import Membership


def is_language(code: str | None) -> bool:
    """Whether ``code`` is one of ``LANGUAGES`` (not merely a language Django knows)."""
    return bool(code) and code in dict(settings.LANGUAGES)


def language_of(membership) -> str | None:
    """The language ``membership``'s user reads in that municipality (their own, else the
    municipality's default), or None without a membership."""
    if membership is None:
        return None
    for code in (membership.language, membership.municipality.default_language):
        if is_language(code):
            return code
    return None


def language_for(user, municipality_id: int | None = None) -> str:
    """The language of an e-mail to ``user``: :func:`language_of` their membership of
    ``municipality_id`` (else of their first municipality), else ``LANGUAGE_CODE``. One
    query."""
    memberships = list(Membership.objects.filter(user=user).select_related("municipality")
                       .order_by("pk")) if user is not None and user.pk else []
    chosen = next((m for m in memberships if m.municipality_id == municipality_id),
                  memberships[0] if memberships else None)
    return language_of(chosen) or settings.LANGUAGE_CODE


def language_for_address(email: str, municipality) -> str:
    """The language of an e-mail to an address that may have no account yet (an
    invitation): the language the account with that address chose, else ``municipality``'s
    default."""
    own = (Membership.objects.filter(user__email__iexact=email.strip(), user__is_active=True)
           .exclude(language="").order_by("pk").values_list("language", flat=True).first())
    if is_language(own):
        return own
    return municipality.default_language if is_language(
        municipality.default_language) else settings.LANGUAGE_CODE


def set_user_language(user, code: str) -> int:
    """Save ``code`` (one of ``LANGUAGES``, or "" for the municipality's default) as
    ``user``'s own language on each of their memberships, in the history as changed by the
    user. Returns how many memberships changed. Raises ``ValueError`` for another code."""
    if code and not is_language(code):
        raise ValueError(f"not a language of this site: {code!r}")
    changed = 0
    for membership in Membership.objects.filter(user=user).exclude(language=code):
        membership.language = code
        membership._history_user = user
        membership.save(update_fields=["language"])
        changed += 1
    return changed


class UserLanguageMiddleware:
    """After ``CurrentMunicipalityMiddleware``: activate the signed-in user's language (own,
    else their municipality's), over what ``LocaleMiddleware`` took from the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_of(getattr(request, "membership", None))
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


@require_POST
def set_language(request):
    """The language switch of every page: Django's ``set_language`` (the cookie, then back to
    ``next``), and for a signed-in user the choice saved as their own language."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and is_language(code) and check_for_language(code):
        set_user_language(request.user, code)
    return response


def short_date(value: datetime.date | datetime.datetime) -> str:
    """``value`` as a day in the active language, "5 May 2026" / "5 mai 2026" / "5 mei 2026"
    (Django's ``j M Y``; ``strftime``'s month is English whatever the page's language). An
    aware datetime is read in the local time zone first."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    # What ``formats.date_format(value, "j M Y")`` answers (``dateformat.DateFormat``'s "j",
    # "M" and "Y"), without parsing the format at each call: a fifth of the cost, on every row
    # of the dashboard's lists (issue 8).
    return f"{value.day} {MONTHS_3[value.month].title()} {value.year:04d}"
