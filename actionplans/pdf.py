"""The printable action plan: HTML from ``templates/actionplans/print/plan.html``, laid out by
WeasyPrint with the project's own stylesheet and fonts (``static/css/print.css``,
``static/fonts/``), and nothing else.

User text is untrusted. The template autoescapes it, and WeasyPrint gets
``StaticOnlyURLFetcher``, which refuses every URL but a file the project serves as a static
file (found through ``django.contrib.staticfiles`` finders, with an allowed extension). So a
plan whose text holds ``file:///etc/passwd``, ``http://127.0.0.1:...``, an ``@import`` or a
``url()`` gives a PDF with nothing fetched, even if a template bug let the markup through.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from networks.models import Network, Organisation

from .models import (
    ActionPlanVersion,
    AnalysisFactor,
    AnalysisSource,
    Definition,
    Element,
    FactorKind,
    FigureTable,
    Goal,
    Indicator,
    IndicatorMeasurement,
    InsideHelper,
    Intervention,
    KeyOrganisation,
    PartnerRole,
    PoliticalSponsor,
    PreventionLevel,
    ProtectionAim,
    ResourceCommitment,
    SharedInformation,
    SharedSubGoal,
    VersionState,
)

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; keep worker logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_TEMPLATE = "actionplans/print/plan.html"
#: Options of every ``write_pdf`` of the plan (and of the other reports laid out here): a tagged
#: PDF (WeasyPrint's PDF/UA-1 variant: structure tree, marked content, the document's language
#: from ``<html lang>``, its title shown), so that an adopted plan can be published accessibly.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
PRINT_STYLESHEET = "css/print.css"
#: The only kinds of file the PDF may load (stylesheets, fonts, images).
ALLOWED_TYPES = {
    ".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
    ".woff2": "font/woff2", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """A URL the PDF may not load."""


def static_roots() -> list[Path]:
    """Every directory static files are served from: STATICFILES_DIRS, the apps' static
    directories (as the finders see them) and STATIC_ROOT."""
    roots = []
    for finder in finders.get_finders():
        for _prefix, root in getattr(finder, "locations", []):
            roots.append(Path(root))
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_base_url() -> str:
    """The ``file://`` URL of the static directory holding the print stylesheet: the print
    template's relative URLs (``css/print.css``, ``../fonts/...``) resolve against it."""
    found = finders.find(PRINT_STYLESHEET)
    if found is None:  # pragma: no cover - the stylesheet ships with the project
        raise RuntimeError(f"{PRINT_STYLESHEET} is not among the static files")
    return Path(found).resolve().parent.parent.as_uri() + "/"


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the project's own static files and refuses all
    else: http(s), data:, ftp, file:// outside the static directories, ``..`` tricks, other
    hosts, and extensions outside ``ALLOWED_TYPES``. Refusals raise ``RefusedURL`` (WeasyPrint
    logs a warning and renders without the resource). ``requests`` records every URL asked
    for as ``(url, accepted)``, for tests and logs."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False,
                         fail_on_errors=False)
        self.requests: list[tuple[str, bool]] = []
        self._roots = static_roots()

    def fetch(self, url, headers=None):
        try:
            path = self.resolve(url)
        except RefusedURL:
            self.requests.append((url, False))
            logger.warning("PDF: refused to fetch %s", url[:200])
            raise
        self.requests.append((url, True))
        mime = ALLOWED_TYPES[path.suffix.lower()]
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": mime})

    def resolve(self, url: str) -> Path:
        """The local path of ``url`` if it is a project static file, else ``RefusedURL``."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(url)
        raw = unquote(parts.path)
        if "\x00" in raw or "\\" in raw:
            raise RefusedURL(url)
        path = Path(raw)
        if not path.is_absolute() or ".." in path.parts:
            raise RefusedURL(url)
        if path.suffix.lower() not in ALLOWED_TYPES:
            raise RefusedURL(url)
        for root in self._roots:
            if not path.is_relative_to(root):
                continue
            relative = path.relative_to(root).as_posix()
            candidates = [finders.find(relative)]
            if settings.STATIC_ROOT:
                candidates.append(Path(settings.STATIC_ROOT) / relative)
            for candidate in candidates:
                if not candidate:
                    continue
                resolved = Path(candidate).resolve()
                if resolved.is_file() and any(resolved.is_relative_to(r) for r in self._roots):
                    return resolved
        raise RefusedURL(url)


# Content ---------------------------------------------------------------------------------

def plan_context(version: ActionPlanVersion) -> dict:
    """Everything the print template shows, in a fixed number of queries (about 20)."""
    v = ActionPlanVersion.objects.select_related(
        "plan", "municipality", "approved_by", "coordinator_organisation"
    ).get(pk=version.pk)
    items = {}

    def of(model, *related, prefetch=()):
        queryset = model.objects.filter(version=v)
        if related:
            queryset = queryset.select_related(*related)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return list(queryset)

    factors = of(AnalysisFactor)
    items["risk_factors"] = [f for f in factors if f.kind == FactorKind.RISK]
    items["protective_factors"] = [f for f in factors if f.kind == FactorKind.PROTECTIVE]
    items["inside_helpers"] = of(InsideHelper, "organisation")
    items["sources"] = of(AnalysisSource)
    items["figure_tables"] = of(FigureTable)
    items["protection_aims"] = of(ProtectionAim)
    goals = of(Goal)
    items["goals"] = goals
    items["sponsors"] = of(PoliticalSponsor)
    resources = of(ResourceCommitment)
    items["resources"] = resources
    items["resources_total"] = sum((r.amount_eur for r in resources if r.amount_eur), 0)
    items["definitions"] = of(Definition)
    items["key_organisations"] = of(KeyOrganisation, "organisation")
    items["sub_goals"] = of(SharedSubGoal)
    items["partner_roles"] = of(PartnerRole, "organisation", prefetch=["people"])
    items["shared_information"] = of(SharedInformation, "held_by")
    interventions = of(
        Intervention, "responsible", "goal",
        prefetch=[Prefetch("indicators", queryset=Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=IndicatorMeasurement.objects.order_by(
                "measured_on", "pk"))))],
    )
    items["interventions"] = interventions
    for goal in goals:
        goal.intervention_numbers = [
            {"n": n, "pk": i.pk} for n, i in enumerate(interventions, 1) if i.goal_id == goal.pk]

    organisations = Organisation.objects.for_municipality(v.municipality_id)
    items["formal_network"] = list(organisations.in_network(Network.FORMAL))
    items["informal_network"] = list(organisations.in_network(Network.INFORMAL))

    triangle = []
    for level in (PreventionLevel.INDIVIDUAL, PreventionLevel.SPECIFIC, PreventionLevel.GENERAL):
        triangle.append({
            "level": level, "label": level.label,
            "goals": sum(1 for g in goals if g.prevention_level == level),
            "interventions": sum(1 for i in interventions if i.prevention_level == level),
        })
    return {
        "version": v, "plan": v.plan, "municipality": v.municipality,
        "is_approved": v.state == VersionState.APPROVED,
        "elements": [{"number": e.value, "title": e.label} for e in Element],
        "triangle": triangle,
        "generated_at": timezone.localtime(),
        **items,
    }


def render_html(version: ActionPlanVersion) -> str:
    """The print HTML of ``version`` (relative static URLs; see ``static_base_url``), in the
    plan's language: its headings, and its ``<html lang>``, which WeasyPrint writes as the
    PDF's /Lang."""
    with translation.override(version.plan.document_language):
        return render_to_string(PRINT_TEMPLATE, plan_context(version))


def layout(html: str, url_fetcher: URLFetcher | None = None):
    """A laid-out WeasyPrint document of ``html`` with the strict fetcher."""
    fetcher = url_fetcher or StaticOnlyURLFetcher()
    return HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).render()


def render_pdf(version: ActionPlanVersion) -> tuple[bytes, int]:
    """``(pdf_bytes, page_count)`` of ``version``."""
    document = layout(render_html(version))
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)

