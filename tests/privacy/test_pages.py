"""The retention page (periods within limits, the record of runs) and finding a subject."""

from django.urls import reverse

from coordinator.retention import CLASSES
from privacy import runs
from privacy.models import RetentionSetting
from tests.factories import InteractionFactory, PersonFactory

from .conftest import days_ago


def _periods(**changes):
    data = {key: c.default_days for key, c in CLASSES.items() if c.configurable}
    data.update(changes)
    return {key: str(value) for key, value in data.items()}


def test_the_admin_sets_a_period_within_its_limits(municipality, admin, client_for):
    client = client_for(admin)
    url = reverse("privacy:retention")
    assert client.post(url, _periods(contacts=2 * 365)).status_code == 302
    setting = RetentionSetting.objects.get(municipality=municipality)
    assert (setting.retention_class, setting.days, setting.updated_by) == ("contacts", 730, admin)
    assert setting.history.count() == 1

    too_short = client.post(url, _periods(contacts=30))
    assert too_short.status_code == 200
    assert "contacts" in too_short.context["form"].errors
    assert RetentionSetting.objects.get().days == 730

    # Back to the default: the setting goes.
    assert client.post(url, _periods()).status_code == 302
    assert not RetentionSetting.objects.exists()


def test_the_page_lists_the_runs_with_counts_only(municipality, admin, client_for):
    InteractionFactory(municipality=municipality, occurred_on=days_ago(6 * 365),
                       needs_heard="Wwsecret need")
    runs.run_retention(municipality.pk)
    page = client_for(admin).get(reverse("privacy:retention")).content.decode()
    assert "Interaction notes: 1 deleted" in page
    assert "Wwsecret" not in page


def test_finding_a_person_and_what_is_held(municipality, other_municipality, admin, client_for):
    person = PersonFactory(municipality=municipality, name="Noor Haddad")
    PersonFactory(municipality=other_municipality, name="Noor Elsewhere")
    InteractionFactory(municipality=municipality).people.add(person)
    client = client_for(admin)
    found = client.get(reverse("privacy:subjects"), {"q": "noor"})
    assert [p.pk for p in found.context["people"]] == [person.pk]
    page = client.get(reverse("privacy:person", args=[person.pk]))
    assert page.status_code == 200
    assert ("Interactions", 1) in page.context["linked"]
