"""E-mail sent by Celery tasks: which errors are worth a retry, and one message from templates.

Every e-mail Linchpin sends leaves from a Celery task, never inside a request: a slow or down
mail server then neither slows a page nor tells an observer anything by its timing (password
reset), and an SMTP error is retried with backoff instead of lost.
"""

import smtplib
import socket
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import TemplateDoesNotExist, render_to_string
from django.utils import translation

#: Errors of an e-mail delivery worth retrying (``smtplib.SMTPException`` and network errors).
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, socket.gaierror)


def stable_message_id(local_part: str) -> str:
    """A ``Message-ID`` made of ``local_part`` (an idempotency key) and the site's mail domain:
    the same at every attempt to send one message, so that a retry after the mail server
    accepted it (the worker died before recording it) is dropped as a duplicate."""
    domain = (parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
              or urlsplit(settings.LINCHPIN_BASE_URL).hostname or "linchpin.invalid")
    return f"<{local_part}@{domain}>"


def templated_message(name: str, context: dict, to: str,
                      language: str | None = None) -> EmailMultiAlternatives:
    """The e-mail ``templates/emails/<name>_subject.txt`` / ``<name>.txt`` (and
    ``<name>.html`` as an alternative when it exists) rendered with ``context`` in
    ``language`` (the recipient's: ``coordinator.languages.language_for``; default
    ``LANGUAGE_CODE``), to the one address ``to`` (no recipient learns of another).

    ``context`` should hold plain values only (strings, numbers), never model instances, so
    that no field the template does not name can reach an e-mail; text in it is already in
    ``language`` (build it inside ``translation.override``). Raises
    ``TemplateDoesNotExist`` for an unknown ``name``.
    """
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        body = render_to_string(f"emails/{name}.txt", context)
        try:
            html = render_to_string(f"emails/{name}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to],
                                     headers=language_headers(language))
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def language_headers(language: str) -> dict[str, str]:
    """The headers that tell a mail client (and its screen reader) the language of the text
    (RFC 3282 ``Content-Language``)."""
    return {"Content-Language": language}
