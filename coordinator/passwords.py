"""Password rules beyond Django's own (``AUTH_PASSWORD_VALIDATORS`` in the settings).

Django's validators let ``aaaaaaaaaaaa``, ``qwertyuiopas``, ``Sarcelles2026`` and the demo
password published in the README through. Three more rules, each a Django password validator
(``validate(password, user=None)`` raising ``ValidationError``; ``get_help_text()``):

- :class:`StrengthValidator`: zxcvbn's estimate of the guesses needed (repeats, sequences,
  keyboard rows, dictionary words, dates, l33t), through django-zxcvbn-password-validator;
  the minimum score is ``PASSWORD_MINIMAL_STRENGTH`` (0 to 4).
- :class:`LocalNamesValidator`: not built on the name of a municipality of this deployment or
  the site's name (an attacker's first guesses against a town hall).
- :class:`PublishedPasswordValidator`: not the demo password, whatever its case and spacing.

The demo loader (``demo.loader``) sets the demo password with ``set_password``, which runs
no validator, so the demo keeps its published logins.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

#: zxcvbn refuses to score longer passwords (``ValueError``); see :class:`StrengthValidator`.
ZXCVBN_MAX_LENGTH = 72

#: Words a password may not be built on besides the municipalities' names.
SITE_WORDS = ("linchpin",)


def letters(text: str) -> str:
    """``text`` case-folded, accents removed, letters only: ``"Saint-Étienne 2026!"`` ->
    ``"saintetienne"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalpha())


class StrengthValidator(ZxcvbnPasswordValidator):
    """zxcvbn's strength score of at least ``PASSWORD_MINIMAL_STRENGTH``.

    The upstream validator rejects any password longer than 72 characters because zxcvbn will
    not score it; a long passphrase is a good password, so only its first 72 characters are
    scored here (a strong prefix makes a strong whole).
    """

    def validate(self, password, user=None):
        super().validate(password[:ZXCVBN_MAX_LENGTH], user)


class LocalNamesValidator:
    """Reject a password whose letters are mostly a municipality's name or the site's name.

    Compared on :func:`letters` (case, accents, digits and punctuation do not count): the
    password is refused when a name of at least ``min_name_length`` letters makes up half or
    more of the password's letters, so ``Sarcelles2026``, ``VILVOORDE-1999!`` and
    ``linchpin-demo-2026`` are refused and a long passphrase that mentions the town is not.
    Names come from every ``Municipality`` (one query per validation: rare, and a national
    deployment has some hundreds) plus :data:`SITE_WORDS`.
    """

    def __init__(self, min_name_length: int = 4):
        self.min_name_length = min_name_length

    def _names(self) -> set[str]:
        from .models import Municipality  # the models are not loaded when settings are read

        names = {letters(name) for name in Municipality.objects.values_list("name", flat=True)}
        names.update(letters(word) for word in SITE_WORDS)
        return {name for name in names if len(name) >= self.min_name_length}

    def validate(self, password, user=None):
        text = letters(password)
        if not text:
            return
        for name in self._names():
            if name in text and 2 * len(name) * text.count(name) >= len(text):
                raise ValidationError(
                    _("This password is built on a place or site name: choose one that "
                      "is not about this town or Linchpin."),
                    code="password_local_name",
                )

    def get_help_text(self):
        return _("Your password can’t be built on the name of a municipality or of Linchpin.")


#: The password of every demo user, published in the README (``demo.loader`` sets it).
DEMO_PASSWORD = "linchpin-demo-2026"  # noqa: S105


class PublishedPasswordValidator:
    """Reject the demo password published in the README (``DEMO_PASSWORD``)
    and any ``passwords`` given in the validator's ``OPTIONS``, compared without case,
    spaces or punctuation."""

    def __init__(self, passwords=()):
        self.extra = tuple(passwords)

    def _published(self) -> set[str]:
        return {self._key(p) for p in (DEMO_PASSWORD, *self.extra)}

    @staticmethod
    def _key(password: str) -> str:
        return re.sub(r"[\W_]+", "", password.casefold())

    def validate(self, password, user=None):
        if self._key(password) in self._published():
            raise ValidationError(
                _("This password is published (it is the demo's): choose another."),
                code="password_published",
            )

    def get_help_text(self):
        return _("Your password can’t be the published demo password.")
