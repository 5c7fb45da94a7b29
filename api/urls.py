"""The read API under /api/: the resources (a DRF router), the OpenAPI 3 schema and the
browsable root. No format suffixes: one URL per resource, the format is negotiated."""

from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from coordinator.languages import is_language

from . import views
from .base import ActorMixin
from .descriptions import Described


class Router(DefaultRouter):
    APIRootView = views.RootView
    include_format_suffixes = False


class SchemaView(ActorMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; ``?format=json`` for JSON), for the staff who may use the
    API, in the reader's language (``UserLanguageMiddleware``, or the token's membership:
    ``ActorMixin``), or in ``?lang=`` when that is one of ``LANGUAGES``."""

    described = Described(_("API schema"),
                          _("The API's OpenAPI 3 schema: YAML, or JSON with ?format=json."))

    @extend_schema(exclude=True)  # as SpectacularAPIView.get: the schema is not a resource
    def get(self, request, *args, **kwargs):
        # drf-spectacular activates any ?lang= as is, and Django keeps a catalogue in memory
        # for every code ever activated: another code is ignored, as LocaleMiddleware ignores
        # a language the site does not have. (No custom urlconf or settings to patch here.)
        code = request.query_params.get("lang")
        with translation.override(code if is_language(code) else translation.get_language()):
            return self._get_schema_response(request)


# Routes with path converters (``<int:pk>``), as every other URL of the project.
router = Router(use_regex_path=False)
router.register("communities", views.CommunityViewSet, basename="community")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("interactions", views.InteractionViewSet, basename="interaction")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("action-plans", views.ActionPlanViewSet, basename="actionplan")
router.register("action-plan-versions", views.VersionViewSet, basename="actionplanversion")

app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    *router.urls,
]
