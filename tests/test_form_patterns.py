"""Forms speak as the GOV.UK Design System asks (issue 13, "Forms, lists and phones"): an error
summary that links each error to its field, messages that name the field, "(optional)" on the
fields that may be left empty, and none of Django's leftovers ("This field is required.",
"---------", "Unknown", a raw "Delete")."""

import re

import pytest
from django import forms
from django.forms.fields import Field
from django.urls import reverse
from django.utils import translation

from coordinator.languages import set_user_language
from tests.dialogue.factories import MeetingFactory
from tests.factories import CommunityFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

LEFTOVERS = ("This field is required.", "---------", "Select an option", ">Unknown<", ">Delete<")


def _labels(page: str) -> dict:
    """{label text without tags: whole label} of every <label>/<legend> of the page."""
    found = {}
    for tag in re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", page, re.S):
        found[re.sub(r"<[^>]+>", "", tag).strip()] = tag
    return found


def test_an_empty_meeting_form_lists_each_error_with_a_link_to_its_field(coordinator_client):
    response = coordinator_client.post(reverse("dialogue:meeting_create"), {})
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index("data-error-summary"):]
    summary = summary[:summary.index("</div>")]
    assert "There is a problem" in summary
    # The form's own message, and ones derived from the field's label and kind.
    assert '<a href="#id_held_on">Enter the date of the meeting</a>' in summary
    assert '<a href="#id_title">Enter the title</a>' in summary
    assert '<a href="#id_kind">Select the kind of meeting</a>' in summary
    # The same messages at the fields, with a hidden "Error:" for screen readers.
    assert 'id="id_title_error"' in page
    assert '<span class="visually-hidden">Error: </span>Enter the title' in page
    assert "<title>Error: " in page
    for leftover in LEFTOVERS:
        assert leftover not in page, leftover


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_messages_that_name_the_field_are_in_the_reader_s_language(coordinator,
                                                                       coordinator_client,
                                                                       language):
    """Django's generic message is recognised whatever the language of the page (it was
    compared translated, with the English of the import, and so left in French or Dutch)."""
    set_user_language(coordinator, language)
    page = coordinator_client.post(reverse("dialogue:meeting_create"), {}).content.decode()
    with translation.override(language):
        title = translation.gettext("title")
        expected = translation.gettext("Enter %(label)s") % {
            "label": translation.gettext("the %(label)s") % {"label": title}}
        generic = str(Field.default_error_messages["required"])
    assert f'<a href="#id_title">{expected}</a>' in page
    assert generic not in page


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_a_formset_s_delete_box_says_remove_in_every_language(language):
    """A formset without a label of its own for the box: "Remove this row" on the page (the
    bound field had read Django's "Delete" before it was replaced)."""
    class Row(forms.Form):
        note = forms.CharField()

    with translation.override(language):
        row = forms.formset_factory(Row, can_delete=True)().forms[0]
        remove = translation.gettext("Remove this row")
        assert f'<label for="id_form-0-DELETE">{remove}</label>' in row.render()


def test_optional_fields_say_so_and_required_ones_are_not_marked(coordinator_client):
    page = coordinator_client.get(reverse("dialogue:meeting_create")).content.decode()
    labels = _labels(page)
    assert "Title" in labels  # required: no mark
    assert "Moderator (optional)" in labels
    assert "Communities invited (optional)" in labels
    assert not any("*" in text for text in labels)
    # An optional choice of a record offers "None", never "---------".
    assert re.search(r'<select name="safe_space"[^>]*>\s*<option value="" selected>None</option>',
                     page)
    for leftover in LEFTOVERS:
        assert leftover not in page, leftover


def test_a_radio_group_in_error_links_to_its_first_radio(coordinator_client):
    response = coordinator_client.post(reverse("dialogue:safespace_create"), {"name": "Hall"})
    page = response.content.decode()
    assert '<a href="#id_ground_0">' in page
    # A required group of radios has no empty radio.
    assert 'name="ground" value=""' not in page


def test_list_filters_offer_any_instead_of_dashes_and_unknown(coordinator_client):
    page = coordinator_client.get(reverse("networks:person_list")).content.decode()
    assert '<option value="unknown" selected>Any</option>' in page  # the key-figure filter
    assert ">Any</option>" in page
    for leftover in LEFTOVERS:
        assert leftover not in page, leftover


def test_a_formset_offers_remove_instead_of_a_raw_delete(coordinator_client, municipality):
    meeting = MeetingFactory(municipality=municipality)
    page = coordinator_client.get(reverse("dialogue:meeting_agenda", args=[meeting.pk])
                                  ).content.decode()
    assert "Remove this item from the agenda" in page
    assert "Position on the agenda" in page
    for leftover in LEFTOVERS:
        assert leftover not in page, leftover


def test_record_choices_of_a_form_still_come_from_the_access_layer(coordinator_client,
                                                                   municipality,
                                                                   other_municipality):
    mine = OrganisationFactory(municipality=municipality, name="Ours")
    OrganisationFactory(municipality=other_municipality, name="Theirs")
    CommunityFactory(municipality=municipality)
    PersonFactory(municipality=municipality, organisation=mine)
    page = coordinator_client.get(reverse("interaction_create")).content.decode()
    assert "Ours" in page and "Theirs" not in page
