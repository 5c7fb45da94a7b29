"""``python manage.py load_demo``: load the seed municipalities and the demo users, then print
the logins (run by ``make run``). Idempotent; the data lives in ``demo.loader``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from demo.loader import DEMO_PASSWORD, load_demo

__all__ = ["DEMO_PASSWORD", "Command"]


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo municipalities Sarcelles, Vilvoorde, Rotterdam and "
        "Manchester, their networks and the demo users, and print the demo logins. Safe to run "
        f"twice. Every demo user has the published password {DEMO_PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Run even with the production settings (creates users with a published "
                 "password, including the superuser 'admin').",
        )

    def handle(self, *args, force=False, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") and not force:
            raise CommandError(
                "load_demo creates users with a published password; refusing to run with the "
                "production settings. Use --force on a throw-away demo server only."
            )
        # The loader writes the records of every demo municipality, outside any request.
        with scopes_disabled():
            load_demo(stdout=self.stdout)
