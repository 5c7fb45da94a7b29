"""``python manage.py demo_code``: the code the demo authenticator app shows now, for signing in
as a demo assessor, municipal admin or superuser without a phone (README "Demo logins")."""

from base64 import b32decode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from demo.loader import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = ("Print the 6-digit code of the demo authenticator key (valid for about 30 seconds; "
            "each code signs in once).")

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("demo_code is for the demo, never the production settings.")
        totp = TOTP(b32decode(DEMO_TOTP_KEY))
        self.stdout.write(f"{totp.token():06d}\n")
