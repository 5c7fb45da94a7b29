"""Sign-in, throttling, password reset, the content security policy and the admin site."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from coordinator.celery import app as celery_app
from coordinator.logging import RedactSpecialCategoryFilter
from coordinator.models import Role
from tests.clients import Client

from .factories import PASSWORD, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_staff_pages_require_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_and_out(client, municipality):
    user = member(municipality, Role.COORDINATOR)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_repeated_failed_sign_ins_lock_the_account(client, municipality, settings):
    user = member(municipality, Role.COORDINATOR)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_password_reset_by_email(client, municipality):
    """End to end with the task run at once; tests/test_signin.py shows that the request
    itself only enqueues it."""
    user = member(municipality, Role.COORDINATOR)
    previous, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    try:
        response = client.post(reverse("password_reset"), {"email": user.email})
    finally:
        celery_app.conf.task_always_eager = previous
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_content_security_policy_forbids_inline_code(coordinator_client):
    response = coordinator_client.get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    # Scripts only from this site's static files, never inline code.
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(re.search(r'\bsrc="/static/[^"]+"', tag) for tag in scripts), scripts
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page)
    assert " style=" not in page


def test_admin_site_is_for_superusers_only(coordinator, municipality):
    admin_of_municipality = member(municipality, Role.MUNICIPAL_ADMIN)
    admin_of_municipality.is_staff = True
    admin_of_municipality.save()
    client = Client()
    client.force_login(admin_of_municipality)
    assert client.get("/admin/").status_code == 302
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_switching_to_a_municipality_without_membership_is_404(coordinator_client,
                                                               other_municipality):
    response = coordinator_client.post(
        reverse("switch_municipality"), {"municipality": other_municipality.pk}
    )
    assert response.status_code == 404


def test_a_member_of_two_municipalities_switches_between_them(municipality, other_municipality):
    user = member(municipality, Role.COORDINATOR)
    member(other_municipality, Role.COORDINATOR, user=user)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("dashboard")).context["current_municipality"] == municipality
    client.post(reverse("switch_municipality"), {"municipality": other_municipality.pk})
    assert client.get(reverse("dashboard")).context["current_municipality"] == other_municipality


def test_portal_users_land_on_the_portal(client_for, municipality):
    organisation = OrganisationFactory(municipality=municipality)
    client = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                               organisation=organisation))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert response.status_code == 200


def test_special_category_values_are_redacted_from_logs():
    record = logging.LogRecord("x", logging.INFO, __file__, 1,
                               "saved community faith=Judaism, ethnicity: Assyro-Chaldean", None, None)
    RedactSpecialCategoryFilter().filter(record)
    assert "Judaism" not in record.getMessage()
    assert "Assyro-Chaldean" not in record.getMessage()
