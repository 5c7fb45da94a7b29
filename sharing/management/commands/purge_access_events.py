"""``manage.py purge_access_events``: delete read-access events past their agreements'
retention (``Agreement.access_log_retention_days``; an event under several agreements is kept
for the longest). Run it daily (cron or Celery beat). ``--dry-run`` only counts."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scopes_disabled

from sharing import log


class Command(BaseCommand):
    help = "Delete read-access events older than their agreements' retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be deleted, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        # The retention rule is the same for every municipality and each event carries its own
        # agreements: one pass over all municipalities, outside any single tenant's scope.
        with scopes_disabled(), transaction.atomic():
            deleted = log.purge()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {deleted} access event(s).")
