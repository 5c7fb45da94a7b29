"""What every ``bench_*`` command shares: the size of the national-scale country
(``--municipalities``, ``--scale``, ``--big-share``), ``--reuse`` of data already built, and the
refusal to write a million synthetic rows under the production settings without ``--force``."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from . import data


class NationalScaleCommand(BaseCommand):
    """A benchmark on ``bench.data``'s country. Subclasses call ``super().add_arguments()``,
    then ``self.spec(options)`` (``CommandError`` for a size ``data.Spec`` refuses or the
    production settings) and ``self.bench_data(spec, reuse)``."""

    #: Named in the refusal and in progress lines on stderr.
    bench_name = "bench"
    scale_help = "Fraction of the national row counts (default 1: 1,000,000 interactions)."

    def add_arguments(self, parser):
        parser.add_argument("--reuse", action="store_true",
                            help="Reuse the bench data if it matches the requested size; "
                                 "otherwise (and by default) delete it and build it again.")
        parser.add_argument("--municipalities", type=int, default=400)
        parser.add_argument("--scale", type=float, default=1.0, help=self.scale_help)
        parser.add_argument("--big-share", type=float, default=0.10,
                            help="Fraction of every table in the big municipality (default 0.1).")
        parser.add_argument("--force", action="store_true",
                            help="Run even with the production settings.")

    def spec(self, options) -> data.Spec:
        if (settings.SETTINGS_MODULE or "").endswith(".production") and not options["force"]:
            raise CommandError(f"{self.bench_name} writes a million synthetic rows; refusing to "
                               "run with the production settings (use --force on a throw-away "
                               "server).")
        try:
            return data.Spec(municipalities=options["municipalities"], scale=options["scale"],
                             big_share=options["big_share"])
        except ValueError as error:
            raise CommandError(str(error)) from error

    def bench_data(self, spec: data.Spec, reuse: bool, before_delete=None) -> data.BenchData:
        """The bench data of ``spec``: reused when ``reuse`` and it matches, otherwise deleted
        (``before_delete(log)`` first, for data built on top of it) and built again."""
        if reuse:
            found = data.existing(spec)
            if found is not None:
                self.log("reusing the bench data")
                return found
        if before_delete is not None:
            before_delete(log=self.log)
        data.delete(log=self.log)
        started = time.perf_counter()
        built = data.build(spec, log=self.log)
        self.log(f"built in {time.perf_counter() - started:.0f} s: {built.counts}")
        return built

    def log(self, message: str) -> None:
        print(f"{self.bench_name}: {message}", file=sys.stderr, flush=True)
