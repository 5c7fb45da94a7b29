"""The evaluation of the sharing (004): recorded by municipal admins, listed on the agreement,
and setting the next review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import AgreementReview, AgreementState

TODAY = timezone.localdate


def _url(agreement):
    return reverse("sharing:review_create", args=[agreement.pk])


def _data(**changes):
    return {"reviewed_on": TODAY().isoformat(), "shared_on_time": "partly",
            "handled_as_agreed": "yes", "notes": "One report came a week late",
            "follow_up": "A weekly check by the desk officer", **changes}


def test_the_admin_records_an_evaluation_and_the_next_review(people, agreement):
    next_review = TODAY() + datetime.timedelta(days=180)
    response = people.admin.post(_url(agreement), _data(next_review_on=next_review.isoformat()))
    assert response.status_code == 302
    review = AgreementReview.objects.get()
    assert (review.shared_on_time, review.reviewed_by) == ("partly", people.admin_user)
    agreement.refresh_from_db()
    assert agreement.review_on == next_review
    page = people.coordinator.get(agreement.get_absolute_url()).content.decode()
    assert "One report came a week late" in page and "A weekly check" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"reviewed_on": (TODAY() + datetime.timedelta(days=3)).isoformat()},
     "An evaluation cannot be dated in the future."),
    ({"next_review_on": TODAY().isoformat()}, "The next review must come after this evaluation."),
    ({"shared_on_time": ""}, "Select whether the right information was shared on time"),
    ({"handled_as_agreed": "maybe"}, "Select a valid choice."),
])
def test_invalid_evaluations_re_render(people, agreement, changes, message):
    response = people.admin.post(_url(agreement), _data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AgreementReview.objects.exists()


def test_a_draft_cannot_be_evaluated(people, agreement):
    agreement.state = AgreementState.DRAFT
    agreement.save()
    response = people.admin.post(_url(agreement), _data())
    assert "evaluate it once it is active" in response.content.decode()
    assert not AgreementReview.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 403), ("assessor", 404), ("partner", 404), ("outsider", 404),
])
def test_only_the_municipal_admin_evaluates(people, agreement, role, status):
    client = getattr(people, role)
    assert client.get(_url(agreement)).status_code == status
    assert client.post(_url(agreement), _data()).status_code == status
    assert not AgreementReview.objects.exists()
