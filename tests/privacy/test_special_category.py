"""Clearing (or correcting) a community's ethnicity or faith clears the superseded value from that
community's history: the history panel says a value was removed, never what it was."""

from django.urls import reverse

from coordinator.retention import REDACTED
from networks.models import Community
from privacy.erasure import history_model
from tests.factories import CommunityFactory

OLD_ETHNICITY = "Qqoldethnicity"
OLD_FAITH = "Qqoldfaith"


def _history(community):
    return history_model(Community).objects.filter(id=community.pk)


def test_clearing_a_special_category_field_removes_it_from_history(municipality):
    community = CommunityFactory(municipality=municipality, ethnicity=OLD_ETHNICITY,
                                 faith=OLD_FAITH)
    community.description = "Meets on Fridays."
    community.save()
    assert _history(community).filter(ethnicity=OLD_ETHNICITY).count() == 2

    community.ethnicity = ""
    community.save()

    assert not _history(community).filter(ethnicity=OLD_ETHNICITY).exists()
    assert _history(community).filter(ethnicity=REDACTED).count() == 2
    assert _history(community).filter(faith=OLD_FAITH).count() == 3  # still current: kept


def test_a_corrected_value_leaves_only_the_current_one(municipality):
    community = CommunityFactory(municipality=municipality, faith=OLD_FAITH)
    community.faith = "Corrected faith"
    community.save()
    assert set(_history(community).values_list("faith", flat=True)) == {
        REDACTED, "Corrected faith"}


def test_the_history_panel_shows_the_removal_not_the_value(municipality, coordinator_client):
    community = CommunityFactory(municipality=municipality, ethnicity=OLD_ETHNICITY)
    url = reverse("networks:community_update", args=[community.pk])
    form = coordinator_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(ethnicity="", lock_version=community.lock_version, name=community.name,
                kind=community.kind, engagement_step=community.engagement_step,
                gathering_places=[], languages="")
    data = {k: v for k, v in data.items() if k not in ("parents", "overlapping")}
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    community.refresh_from_db()
    assert community.ethnicity == ""

    page = coordinator_client.get(reverse("networks:community_detail", args=[community.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert OLD_ETHNICITY not in text
    assert "<del>removed</del>" in text  # "Ethnicity: removed → —"
