"""Issue 8, bad input on assessing partners: two criteria of one wording at the same moment, and
implausible dates."""

from django.urls import reverse

from vetting import services
from vetting.models import AssessmentCriterion


def test_two_criteria_of_one_wording_at_the_same_moment(assessor, client_for, municipality,
                                                        monkeypatch):
    services.ensure_default_criteria(municipality)
    original = AssessmentCriterion.full_clean

    def validated_then_raced(criterion, *args, **kwargs):
        # This request found the key free; the other one saves the same key just after.
        original(criterion, *args, **kwargs)
        if criterion.pk is None and criterion.municipality_id:
            AssessmentCriterion.objects.create(municipality=criterion.municipality,
                                               key=criterion.key, wording=criterion.wording)

    monkeypatch.setattr(AssessmentCriterion, "full_clean", validated_then_raced)
    before = AssessmentCriterion.objects.count()
    response = client_for(assessor).post(reverse("vetting:criterion_create"),
                                         {"wording": "Signed the charter", "help": "", "order": "5"})
    assert response.status_code == 200
    assert "was added at the same moment" in response.content.decode()
    # Nothing of this request was saved (here the simulated rival's row shares its transaction,
    # so it went too).
    assert AssessmentCriterion.objects.count() == before


def test_an_informed_date_needs_plausible_bounds(assessor, client_for, organisation):
    assessment = services.open_assessment(organisation, assessor)
    for day in ("0001-01-01", "9999-12-31"):
        response = client_for(assessor).post(
            reverse("vetting:informed_procedure", args=[assessment.pk]),
            {"on": day, "how": "meeting", "notes": ""})
        assert response.status_code == 200
        assert "Give a date between 1900-01-01 and" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.procedure_informed_on is None
