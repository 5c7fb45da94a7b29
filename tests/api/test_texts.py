"""Issue 13 "A REST API" and "Languages: every screen": what a reader of the API reads (the
OpenAPI schema, the browsable API's pages, OPTIONS answers) is in their language, and is the
views' texts for readers (api.descriptions), never their docstrings with the papers' citations
(002 step 1 ...) and notes for developers."""

import html
import re

import pytest
import yaml
from django.urls import resolve, reverse

from coordinator.languages import set_user_language

from .test_resources import RESOURCES, detail_url, list_url

pytestmark = pytest.mark.django_db

#: A citation of the practitioner papers, as the docstrings write them: "(002 step 1)", "(004)".
CITATION = re.compile(r"\b00\d\b|\bstep \d")


def schemas(client, query: str = "") -> dict:
    """The schema ``client`` is served, as YAML (the default) and as JSON, by format."""
    url = reverse("api:schema")
    answers = {"yaml": client.get(f"{url}?{query}"),
               "json": client.get(f"{url}?format=json&{query}")}
    for answer in answers.values():
        assert answer.status_code == 200, answer.content
    return answers


def parsed(answer) -> dict:
    return answer.json() if "json" in answer["Content-Type"] else yaml.safe_load(answer.content)


def test_the_schema_is_in_the_readers_own_language(records, client_for):
    user = records["coordinator"]
    set_user_language(user, "fr")
    for kind, answer in schemas(client_for(user)).items():
        schema = parsed(answer)
        assert schema["info"]["description"].startswith("Accès en lecture seule"), kind
        assert (schema["paths"]["/api/communities/"]["get"]["description"]
                == "Les communautés que vous pouvez consulter, page par page."), kind
        parents = schema["components"]["schemas"]["CommunityDetail"]["properties"]["parents"]
        assert parents["description"] == "Les communautés dont elle fait partie.", kind
        # No English text of the API's own is left.
        for english in (b"Read-only access", b"The communities you may see",
                        b"The communities it is part of", b"Special-category data",
                        b"More rows match"):
            assert english not in answer.content, (kind, english)


def test_lang_chooses_one_of_the_sites_languages_only(records, client_for):
    user = records["coordinator"]
    set_user_language(user, "fr")
    client = client_for(user)
    dutch = parsed(schemas(client, "lang=nl")["json"])
    assert (dutch["paths"]["/api/communities/{id}/"]["get"]["description"]
            == "Een van de gemeenschappen; 404 als u die niet mag zien.")
    # Not a language of the site: the reader's own.
    other = parsed(schemas(client, "lang=de")["json"])
    assert other["paths"]["/api/communities/"]["get"]["description"].startswith("Les communautés")


def test_a_token_reads_in_its_users_language(records, token_client):
    user = records["coordinator"]
    set_user_language(user, "nl")
    schema = parsed(schemas(token_client(user))["json"])
    assert schema["info"]["title"] == "Linchpin-API"
    assert (schema["components"]["schemas"]["OrganisationDetail"]["properties"]["people"]
            ["description"] == "Haar personen (contactpersonen).")


def test_the_browsable_api_is_in_the_readers_language(records, client_for):
    user = records["coordinator"]
    set_user_language(user, "nl")
    client = client_for(user)
    page = client.get(list_url("community"), headers={"Accept": "text/html"}).content.decode()
    assert "De gemeenschappen die u mag zien, een pagina tegelijk." in page
    assert "<h1>Gemeenschappen</h1>" in page
    assert "The communities" not in page and "Community List" not in page
    detail = client.get(detail_url("community", records["community"]),
                        headers={"Accept": "text/html"}).content.decode()
    assert "Een van de gemeenschappen; 404 als u die niet mag zien." in detail
    assert "<h1>Gemeenschap</h1>" in detail
    root = client.get(reverse("api:api-root"), headers={"Accept": "text/html"}).content.decode()
    assert "De onderdelen van de API." in html.unescape(root)


def test_no_page_of_the_api_shows_a_citation_or_a_docstring(records, client_for):
    client = client_for(records["coordinator"])
    urls = [reverse("api:api-root"), *(list_url(resource) for resource in RESOURCES),
            *(detail_url(resource, records[record]) for resource, record in RESOURCES.items())]
    for url in urls:
        view = resolve(url).func.cls
        docstring = " ".join((view.__doc__ or "").split())[:40]
        for answer in (client.get(url, headers={"Accept": "text/html"}), client.options(url)):
            assert answer.status_code == 200, url
            text = " ".join(html.unescape(answer.content.decode()).split())
            assert not CITATION.search(text), (url, CITATION.search(text))
            assert not docstring or docstring not in text, (url, docstring)
        assert client.options(url).json()["description"], url
    for kind, answer in schemas(client).items():
        assert not CITATION.search(answer.content.decode()), kind


@pytest.mark.parametrize(("code", "texts"), [
    ("fr", ("Filtres</h4>", 'aria-label="Fermer"', "Filtrer la liste", "Trier par",
            "Nom (ordre décroissant)", ">Filtrer</button>")),
    ("nl", ("Filters</h4>", 'aria-label="Sluiten"', "De lijst filteren", "Sorteren op",
            "Naam (aflopend)", ">Filteren</button>")),
])
def test_the_browsable_apis_filters_are_in_the_readers_language(records, client_for, code,
                                                                 texts):
    """The "Filters" dialog (DRF's template, whose title and close button are English in
    every language, and django-filter's form: templates/rest_framework/filters/base.html,
    templates/django_filters/rest_framework/form.html) and the sort's choices."""
    user = records["coordinator"]
    set_user_language(user, code)
    page = client_for(user).get(list_url("community"),
                                headers={"Accept": "text/html"}).content.decode()
    dialog = html.unescape(page[page.index('id="filtersModal"'):])
    for text in texts:
        assert text in dialog, text
    for english in ("(descending)", 'aria-label="Close"', "Field filters", ">Submit<"):
        assert english not in dialog, english
