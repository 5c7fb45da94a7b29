"""The read API under /api/: the resources (a DRF router), the OpenAPI 3 schema and the
browsable root. No format suffixes: one URL per resource, the format is negotiated."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .base import ActorMixin


class Router(DefaultRouter):
    APIRootView = views.RootView
    include_format_suffixes = False


class SchemaView(ActorMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; ``?format=json`` for JSON), for the staff who may use the
    API."""


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
