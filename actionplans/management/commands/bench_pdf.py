"""``python manage.py bench_pdf``: how much the export path costs over WeasyPrint itself.

Renders the Sarcelles demo plan (the version in force) through the real export path (a
``PlanExport`` and the ``render_plan_pdf`` task run in-process: database, template, strict URL
fetcher, layout, PDF, file storage) ``--runs`` times, and the same HTML saved as a file and
rendered by WeasyPrint with its default fetcher (the floor) as many times, interleaved, after
one warm-up of each. Prints one JSON line::

    {"pages": N, "render_s": median, "floor_s": median, "ratio": render_s / floor_s}

Target (issue 4): ratio <= 1.2. Not a timed test. Writes nothing that outlives the run: the
exports are rolled back and their files deleted; if the demo data is missing it is loaded
(``load_demo``, which also loads the plans) inside the same rolled-back transaction.
"""

import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled
from weasyprint import HTML

from actionplans import pdf
from actionplans.demo import SARCELLES_TITLE
from actionplans.models import ActionPlan, PlanExport, VersionState
from actionplans.tasks import render_plan_pdf


class Command(BaseCommand):
    help = "Benchmark the PDF export of the Sarcelles demo plan against plain WeasyPrint."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="Timed runs of each (default 5).")

    def handle(self, *args, runs=5, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1")
        # A command has no request: it may load the demo (every municipality), then renders
        # the one plan through the real export path.
        with transaction.atomic(), scopes_disabled():
            version = self._sarcelles_version()
            result = self._bench(version, runs)
            transaction.set_rollback(True)
        self.stdout.write(json.dumps(result))

    def _sarcelles_version(self):
        plan = ActionPlan.objects.filter(municipality__slug="sarcelles",
                                         title=SARCELLES_TITLE).first()
        if plan is None:
            # By command name: the demo app is an independent sibling of actionplans in the
            # layers contract (pyproject.toml), so neither imports the other.
            call_command("load_demo", stdout=io.StringIO())
            plan = ActionPlan.objects.get(municipality__slug="sarcelles", title=SARCELLES_TITLE)
        return plan.versions.filter(state=VersionState.APPROVED).first() or plan.versions.first()

    def _bench(self, version, runs):
        renders, floors, pages = [], [], None
        with tempfile.TemporaryDirectory() as tmp:
            saved = Path(tmp) / "plan.html"
            saved.write_text(pdf.render_html(version), encoding="utf-8")
            base_url = pdf.static_base_url()
            for index in range(runs + 1):  # the first of each is a warm-up
                started = time.perf_counter()
                export = PlanExport.objects.create(version=version)
                render_plan_pdf(export.pk)
                export.refresh_from_db()
                elapsed = time.perf_counter() - started
                if export.status != "done":
                    raise CommandError(f"The export failed: {export.error}")
                pages = export.pages
                export.file.delete(save=False)

                started = time.perf_counter()
                # The same tagged PDF (PDF/UA-1): the ratio is the export path's own cost.
                HTML(filename=str(saved), base_url=base_url).write_pdf(**pdf.PDF_OPTIONS)
                floor = time.perf_counter() - started
                if index:
                    renders.append(elapsed)
                    floors.append(floor)
        render_s = statistics.median(renders)
        floor_s = statistics.median(floors)
        return {"pages": pages, "render_s": round(render_s, 3), "floor_s": round(floor_s, 3),
                "ratio": round(render_s / floor_s, 3)}
