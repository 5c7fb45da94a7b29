"""The language of a page (issue 13 "Languages"): the user's own, else their municipality's
default, else the browser's, else English; the switch on every page, which a signed-in user's
choice is saved from; the user's settings page and the municipality's."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from coordinator import tasks
from coordinator.languages import language_for, set_user_language, short_date
from coordinator.models import Membership, Role
from engagement.models import InteractionKind

from .factories import (
    InteractionFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    member,
)

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


@pytest.fixture
def french_municipality():
    return MunicipalityFactory(name="Sarcelles", slug="lang-sarcelles", default_language="fr")


def test_the_municipality_default_then_the_users_own_language(french_municipality,
                                                             client_for):
    user = member(french_municipality, Role.COORDINATOR)
    client = client_for(user)

    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="nl")
    assert html_lang(response) == "fr"  # the municipality's, over the browser's
    assert response["Content-Language"] == "fr"

    set_user_language(user, "nl")
    assert html_lang(client.get(reverse("dashboard"))) == "nl"
    set_user_language(user, "en")
    assert html_lang(client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr")) == "en"


def test_without_a_membership_the_browser_decides_then_english():
    assert html_lang(Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")) == "fr"
    assert html_lang(Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")) == "en"
    assert html_lang(Client().get(reverse("login"))) == "en"


def test_a_page_is_french_for_a_user_who_chose_french(municipality, client_for):
    """Django's own texts follow too (its catalogues are complete), and the messages made while
    the form is validated are French: the proof that the language is active while the request
    is handled, not only written into ``<html lang>``. (Django's generic "This field is
    required." is replaced by a message naming the field.)"""
    user = member(municipality, Role.MUNICIPAL_ADMIN)
    set_user_language(user, "fr")
    client = client_for(user)
    response = client.post(reverse("users:invite"), {"email": "", "role": ""})
    page = response.content.decode()
    assert html_lang(response) == "fr"
    assert "Il y a un problème" in page
    assert "Renseignez le champ «\xa0adresse e-mail\xa0»" in page
    assert "Ce champ est obligatoire." not in page
    assert 'lang="fr" selected' in page  # the switch shows the current language
    invalid = client.post(reverse("users:invite"), {"email": "not an address", "role": ""})
    assert "Saisissez une adresse e-mail valide." in invalid.content.decode()  # EmailValidator


def test_the_switch_saves_a_signed_in_users_choice_on_every_membership(
        municipality, other_municipality, client_for):
    user = member(municipality, Role.COORDINATOR)
    MembershipFactory(user=user, municipality=other_municipality, role=Role.ASSESSOR)
    client = client_for(user)

    response = client.post(reverse("set_language"),
                           {"language": "nl", "next": reverse("dashboard")})

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert set(Membership.objects.filter(user=user).values_list("language", flat=True)) == {"nl"}
    membership = Membership.objects.get(user=user, municipality=municipality)
    assert membership.history.first().history_user == user
    assert html_lang(client.get(reverse("dashboard"))) == "nl"


def test_the_switch_refuses_what_is_no_language_of_the_site(municipality, client_for):
    user = member(municipality, Role.COORDINATOR)
    client = client_for(user)
    for value in ("de", "", "fr-xx\x00", "x" * 500):
        response = client.post(reverse("set_language"), {"language": value, "next": "/"})
        assert response.status_code == 302
    assert Membership.objects.get(user=user).language == ""
    assert client.get(reverse("set_language")).status_code == 405


def test_an_anonymous_visitor_switches_with_a_cookie():
    client = Client()
    response = client.post(reverse("set_language"),
                           {"language": "fr", "next": reverse("login")})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert html_lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl")) == "fr"


def _switch(page: str) -> str:
    match = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S)
    assert match, "no language switch on the page"
    return match.group(0)


def test_every_base_page_has_an_accessible_switch(municipality, client_for):
    organisation = OrganisationFactory(municipality=municipality)
    representative = member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                            organisation=organisation)
    pages = [
        Client().get(reverse("login")),
        client_for(member(municipality, Role.COORDINATOR)).get(reverse("dashboard")),
        client_for(representative).get(reverse("portal:home")),
    ]
    for response in pages:
        assert response.status_code == 200
        form = _switch(response.content.decode())
        assert '<label for="language-switch">' in form and 'id="language-switch"' in form
        assert '<option value="fr" lang="fr"' in form and ">Français<" in form
        assert '<option value="nl" lang="nl"' in form and ">Nederlands<" in form
        assert 'name="next"' in form and 'type="submit"' in form


# --------------------------------------------------------------------------- settings pages


def test_a_user_chooses_their_language_on_their_settings_page(french_municipality, client_for):
    user = member(french_municipality, Role.COORDINATOR)
    client = client_for(user)
    url = reverse("account_settings")

    page = client.get(url).content.decode()
    assert "(Français)" in page  # the municipality's default, named

    response = client.post(url, {"language": "nl"})
    assert response.status_code == 302
    assert Membership.objects.get(user=user).language == "nl"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert html_lang(client.get(url)) == "nl"

    client.post(url, {"language": ""})  # back to the municipality's default
    assert Membership.objects.get(user=user).language == ""
    assert html_lang(client.get(url)) == "fr"

    response = client.post(url, {"language": "klingon"})
    assert response.status_code == 200 and Membership.objects.get(user=user).language == ""


def test_a_representative_has_the_settings_page_in_the_portal(municipality, client_for):
    organisation = OrganisationFactory(municipality=municipality)
    user = member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=organisation)
    page = client_for(user).get(reverse("account_settings")).content.decode()
    assert 'class="portal"' in page and 'name="language"' in page
    assert Client().get(reverse("account_settings")).status_code == 302  # sign in first


def test_the_municipal_admin_sets_the_municipality_default(municipality, client_for):
    admin = member(municipality, Role.MUNICIPAL_ADMIN)
    coordinator = member(municipality, Role.COORDINATOR)
    url = reverse("municipality_settings")

    assert client_for(coordinator).get(url).status_code == 403
    assert client_for(coordinator).post(url, {"default_language": "fr"}).status_code == 403
    assert 'href="/municipality/settings/"' in client_for(admin).get(
        reverse("dashboard")).content.decode()

    response = client_for(admin).post(url, {"default_language": "fr"})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.default_language == "fr"
    assert html_lang(client_for(coordinator).get(reverse("dashboard"))) == "fr"

    assert client_for(admin).post(url, {"default_language": "xx"}).status_code == 200
    municipality.refresh_from_db()
    assert municipality.default_language == "fr"


# --------------------------------------------------------------------------- e-mails


def test_an_email_goes_out_in_the_recipients_language(french_municipality, municipality):
    user = member(french_municipality, Role.COORDINATOR)
    assert language_for(user) == "fr"
    MembershipFactory(user=user, municipality=municipality, role=Role.ASSESSOR)
    assert language_for(user, municipality.pk) == "en"
    set_user_language(user, "nl")
    assert language_for(user, municipality.pk) == language_for(user) == "nl"
    assert language_for(None) == "en"


def test_the_password_reset_is_in_the_users_language(french_municipality, translations):
    translations("fr", {"Reset your Linchpin password": "Réinitialiser votre mot de passe",
                        "Choose a new password here:": "Choisissez un mot de passe ici :"})
    member(french_municipality, Role.COORDINATOR, user__email="reset@example.org")
    member(MunicipalityFactory(), Role.COORDINATOR, user__email="other@example.org")

    assert tasks.send_password_reset("reset@example.org", "linchpin.example.org") == 1
    assert tasks.send_password_reset("other@example.org", "linchpin.example.org") == 1

    french, english = mail.outbox
    assert french.extra_headers["Content-Language"] == "fr"
    assert french.subject == "Réinitialiser votre mot de passe"
    assert "Choisissez un mot de passe ici :" in french.body
    assert english.extra_headers["Content-Language"] == "en"
    assert english.subject == "Reset your Linchpin password"


# --------------------------------------------------------------------------- forms

#: The only value format each HTML input type takes, whatever the page's language.
ISO_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M", "time": "%H:%M"}


def _form_classes():
    from django.apps import apps
    from django.forms.forms import BaseForm

    import coordinator.urls  # noqa: F401 - imports every view, so every form class
    from actionplans.forms import ITEM_FIELDS, item_formset

    for model in ITEM_FIELDS:  # the item forms are made when a page asks for them
        item_formset(model)
    project = {config.name for config in apps.get_app_configs()
               if str(config.path).startswith(str(settings.BASE_DIR))}
    seen, todo = set(), [BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                todo.append(subclass)
    # The project's forms, and those Django's factories made from them.
    return [form for form in seen
            if any(c.__module__.split(".")[0] in project for c in form.__mro__)]


def test_date_and_time_inputs_keep_their_iso_value_in_every_language():
    """A browser's date input takes only "2026-03-05": a date written the French way
    ("05/03/2026") would show an empty field and be lost on saving."""
    wrong = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _form_classes() for name, field in getattr(form, "base_fields", {}).items()
        if getattr(field.widget, "input_type", None) in ISO_FORMATS
        and getattr(field.widget, "format", None) != ISO_FORMATS[field.widget.input_type]]
    assert not wrong, f"Give these widgets format={ISO_FORMATS}: {sorted(wrong)}"
    assert len(_form_classes()) > 50


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_record_s_name_gives_its_date_in_the_reader_s_language(municipality, language):
    """An interaction's name (the dashboard's "Latest contact", choices, breadcrumbs) wrote its
    date with strftime, whose month is English on every page ("5 May" on a French page)."""
    day = datetime.date(2026, 5, 5)
    interaction = InteractionFactory(municipality=municipality, occurred_on=day)
    with translation.override(language):
        name = str(interaction)
        assert name.endswith(f" – {formats.date_format(day, 'j M Y')}")
    assert "May" not in name


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_short_date_writes_what_django_s_date_format_writes(language, settings):
    """``short_date`` and the ``short_date`` filter write a date without Django's ``date``
    filter (the dashboard's lists, issue 8): the same text, month by month, in each language,
    and an aware datetime on its local day."""
    settings.TIME_ZONE = "Europe/Amsterdam"
    days = [datetime.date(year, month, day) for year, month, day in
            ((2026, 1, 1), (2026, 2, 28), (2026, 3, 9), (2026, 4, 30), (2026, 5, 5), (2026, 6, 15),
             (2026, 7, 4), (2026, 8, 31), (2026, 9, 1), (2026, 10, 10), (2026, 11, 11),
             (2026, 12, 25), (987, 6, 6))]
    late_evening = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)  # 1 Apr there
    template = Template("{% load dates %}{{ day|short_date }}|{{ none|short_date|default:'-' }}")
    with translation.override(language):
        for day in days:
            assert short_date(day) == formats.date_format(day, "j M Y")
            assert template.render(Context({"day": day, "none": None})) == (
                f"{formats.date_format(day, 'j M Y')}|-")
        assert short_date(late_evening) == formats.date_format(
            timezone.localtime(late_evening), "j M Y")
        assert short_date(late_evening).startswith("1 ")
        assert Template("{% load dates %}{{ at|short_date }}").render(
            Context({"at": late_evening})) == short_date(late_evening)
        # What is no date is written as Django's ``date`` writes it: nothing.
        assert Template("{% load dates %}[{{ text|short_date }}]").render(
            Context({"text": "not a date"})) == "[]"


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_an_interaction_s_name_gives_its_kind_as_its_display_does(municipality, language):
    interactions = [InteractionFactory.build(municipality=municipality, kind=kind,
                                             occurred_on=datetime.date(2026, 5, 5))
                    for kind in [*InteractionKind.values, "gone"]]
    with translation.override(language):
        for interaction in interactions:
            assert str(interaction).startswith(f"{interaction.get_kind_display()} – ")


def test_a_lists_sort_choices_are_in_the_readers_language(municipality, client_for):
    """django-filter writes "Name (descending)" when the filterset class is made, in English:
    ``coordinator.filters.SortFilter`` translates it when the page is shown."""
    user = member(municipality, Role.COORDINATOR)
    set_user_language(user, "fr")
    page = client_for(user).get(reverse("networks:community_list")).content.decode()
    assert '<option value="-name">Nom (ordre décroissant)</option>' in page
    assert "(descending)" not in page
    set_user_language(user, "nl")
    page = client_for(user).get(reverse("interaction_list")).content.decode()
    assert "(aflopend)</option>" in page and "(descending)" not in page


@pytest.mark.parametrize(("language", "badge"), [
    ("en", "2 due"), ("fr", "2 à traiter"), ("nl", "2 te doen")])
def test_the_menu_counts_the_reminders_due_in_the_readers_words(municipality, client_for,
                                                                 language, badge):
    """"2 due" is reminders waiting to be dealt with, not a date ("due 5 May" is
    « échéance »)."""
    from django.contrib.contenttypes.models import ContentType

    from reminders.models import Reminder, ReminderState
    from tests.factories import CommitmentFactory

    user = member(municipality, Role.COORDINATOR)
    set_user_language(user, language)
    today = timezone.localdate()
    for period in ("a", "b"):
        commitment = CommitmentFactory(municipality=municipality)
        Reminder.objects.create(
            municipality=municipality, recipient=user, kind="commitment",
            state=ReminderState.DUE, subject_type=ContentType.objects.get_for_model(commitment),
            subject_id=commitment.pk, title="Due soon", period=period, due_on=today,
            seen_on=today)
    page = client_for(user).get(reverse("dashboard")).content.decode()
    assert f'<span class="badge">{badge}</span>' in page
