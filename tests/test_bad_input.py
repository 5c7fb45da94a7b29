"""Issue 8, bad input on the coordinator's own screens and the shared validators: each case gave a
server error or stored an implausible value on main."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordinator import validation
from engagement.models import Commitment, Interaction, Preconditions
from tests.factories import CommunityFactory


def test_switching_to_a_non_ascii_digit_is_not_found_not_a_server_error(coordinator_client):
    for value in ("²", "٣", "9" * 40, "", "-1", "1\x00"):
        response = coordinator_client.post(reverse("switch_municipality"), {"municipality": value})
        assert response.status_code == 404, value


def test_switching_to_a_municipality_of_ones_own_works(coordinator_client, municipality):
    response = coordinator_client.post(reverse("switch_municipality"),
                                       {"municipality": str(municipality.pk)})
    assert response.status_code == 302


def test_a_negative_budget_is_refused(coordinator_client, municipality):
    response = coordinator_client.post(reverse("preconditions"), {
        "budget_eur": "-1", "staff_hours_per_month": "10"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.content.decode()
    assert not Preconditions.objects.filter(budget_eur__lt=0).exists()


@pytest.mark.parametrize("day", ["1850-06-01", "0001-01-01"])
def test_an_interaction_date_needs_plausible_bounds(coordinator_client, municipality, day):
    community = CommunityFactory(municipality=municipality)
    response = coordinator_client.post(reverse("interaction_create"), {
        "kind": "one_on_one", "occurred_on": day, "community": community.pk})
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and" in response.content.decode()
    assert Interaction.objects.count() == 0


def test_a_due_date_needs_plausible_bounds(coordinator_client):
    response = coordinator_client.post(reverse("commitment_create"), {
        "description": "Fix the lift", "made_to": "Residents", "due_on": "9999-12-31",
        "status": "open"})
    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and" in response.content.decode()
    assert Commitment.objects.count() == 0


# The shared validators ---------------------------------------------------------------------

def test_plausible_date_bounds():
    validation.plausible_date(None)
    validation.plausible_date(validation.EARLIEST_DATE)
    validation.plausible_date(validation.latest_plausible_date())
    validation.plausible_date(datetime.datetime(2024, 2, 29, 12))
    for day in (datetime.date(1899, 12, 31), validation.latest_plausible_date()
                + datetime.timedelta(days=1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            validation.plausible_date(day)
    assert validation.latest_plausible_date(datetime.date(2024, 2, 29)) == datetime.date(2074, 2, 28)


@pytest.mark.parametrize("text, refused", [
    ("plain", False), ("tab\tline\r\nfeed", False), ("\u200fمرحبا \u202e👩🏽‍🤝‍👩🏻", False),
    ("nul\x00", True), ("bell\x07", True), ("escape\x1b[0m", True), ("c1\x85", True),
    (["fine", "bad\x00"], True), (["fine", "also fine"], False),
])
def test_control_characters(text, refused):
    if refused:
        with pytest.raises(ValidationError):
            validation.reject_control_characters(text)
    else:
        validation.reject_control_characters(text)


def test_parse_pk():
    assert validation.parse_pk("42") == 42
    for value in ("²", "٣", "", "-1", "4.2", " 4", "1" * 19, None, 42):
        assert validation.parse_pk(value) is None, value


def test_text_length_counts_a_list_as_typed():
    validator = validation.TextLengthValidator(10)
    validator(["abcd", "efgh"])  # "abcd, efgh": 10 characters
    with pytest.raises(ValidationError):
        validator(["abcd", "efghi"])


def _project_form_classes():
    """Every form class defined in a ``forms`` module of the project's apps."""
    found = []
    for config in apps.get_app_configs():
        path = str(config.path)
        if not path.startswith(str(settings.BASE_DIR)) or "site-packages" in path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_project_form_is_hardened():
    """A new form that does not inherit the hardening (directly or through its app's base
    form) fails here: it would accept NUL bytes, unbounded text and any date."""
    classes = _project_form_classes()
    assert len(classes) > 20
    unhardened = [f"{c.__module__}.{c.__name__}" for c in classes
                  if not issubclass(c, validation.HardenedFormMixin)]
    assert not unhardened, f"forms without coordinator.validation.HardenedFormMixin: {unhardened}"
