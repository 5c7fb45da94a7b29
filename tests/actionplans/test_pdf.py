"""The printed plan (issue 4 "The PDF"): the seven elements, a table of contents with page
numbers, the shipped fonts, and a URL fetcher that fetches nothing but the project's static
files, whatever the user typed."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans import pdf
from actionplans.models import Element, Goal


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(reader):
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture
def spy_server():
    """A loopback HTTP server that counts requests and would inject a visible marker."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b'body::before { content: "FETCHED-MARKER"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    server.hits = hits
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_pdf_has_the_seven_elements_in_order_and_a_table_of_contents(complete_version):
    data, pages = pdf.render_pdf(complete_version)
    reader = read(data)
    assert len(reader.pages) == pages >= 9  # cover, contents, seven elements
    texts = page_texts(reader)
    assert "Living together" in texts[0] and "Version" in texts[0]
    toc = texts[1]
    assert "Contents" in toc
    first_pages = {}
    for element in Element:
        label = str(element.label)
        match = re.search(rf"{element.value}\s*{re.escape(label)}[ .]*?(\d+)\s*$",
                          toc, re.MULTILINE)
        assert match, (label, toc)
        first_pages[element] = int(match[1])
    # Each element starts on the page the contents announce, in order.
    assert list(first_pages.values()) == sorted(first_pages.values())
    for element, number in first_pages.items():
        assert str(element.label) in texts[number - 1], (element.label, number)
    # Running header and page numbers.
    assert f"3 / {pages}" in texts[2]
    assert "Living together" in texts[2]


def test_pdf_uses_the_shipped_fonts(complete_version):
    reader = read(pdf.render_pdf(complete_version)[0])
    fonts = set()
    for page in reader.pages[:4]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # The @font-face families of print.css, loaded from static/fonts (a system font would be
    # embedded under its own name, e.g. DejaVuSerif).
    assert any("Plan-Serif" in f for f in fonts), fonts
    assert any("Plan-Sans" in f for f in fonts), fonts
    assert not any("DejaVu" in f for f in fonts), fonts


# The fetcher ----------------------------------------------------------------------------

def static_file_url(name):
    return Path(finders.find(name)).resolve().as_uri()


def test_the_fetcher_serves_the_static_stylesheet_and_fonts():
    fetcher = pdf.StaticOnlyURLFetcher()
    for name in ("css/print.css", "fonts/DejaVuSerifCondensed.ttf"):
        response = fetcher.fetch(static_file_url(name))
        assert response.read()[:4]
    assert all(accepted for _url, accepted in fetcher.requests)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://evil.example/etc/passwd",
    "http://127.0.0.1:8000/admin/",
    "https://example.org/font.ttf",
    "ftp://127.0.0.1/x.css",
    "data:text/css,body{color:red}",
    "data:font/ttf;base64,AAAA",
    "file:///proc/self/environ",
])
def test_the_fetcher_refuses_everything_else(url):
    fetcher = pdf.StaticOnlyURLFetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.requests == [(url, False)]


def test_the_fetcher_refuses_escapes_from_the_static_directory():
    base = pdf.static_base_url()
    fetcher = pdf.StaticOnlyURLFetcher()
    for url in (base + "../manage.py", base + "css/../../pyproject.toml",
                base + "css/%2e%2e/%2e%2e/manage.py", base + "fonts/LICENSE-DejaVu.txt",
                base + "css/missing.css", base + "css/print.css%00.ttf"):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


# Hostile user text ---------------------------------------------------------------------

def hostile_inputs(server_url):
    return {
        "file": '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/passwd">',
        "http": f'<link rel="stylesheet" href="{server_url}/link.css">',
        "import": f"<style>@import url({server_url}/import.css);</style>",
        "url": f'<div style="background: url({server_url}/url.png)">x</div>'
               f'<style>@font-face {{ font-family: X; src: url({server_url}/f.ttf); }}</style>',
    }


class RecordingFetcher(pdf.StaticOnlyURLFetcher):
    """The strict fetcher, keeping what it was asked for (``requests``)."""


@pytest.mark.parametrize("kind", ["file", "http", "import", "url"])
def test_hostile_text_in_the_plan_is_printed_as_text_and_fetches_nothing(
        complete_version, spy_server, kind):
    payload = hostile_inputs(spy_server.url)[kind]
    complete_version.vision = payload
    complete_version.save()
    Goal.objects.filter(version=complete_version).update(description=payload[:300])
    fetcher = RecordingFetcher()
    document = pdf.layout(pdf.render_html(complete_version), url_fetcher=fetcher)
    data = document.write_pdf()
    reader = read(data)
    text = "".join(page_texts(reader))
    # Autoescaped: the markup is shown, not interpreted.
    assert payload.split(">")[0][:20].replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert all(accepted for _url, accepted in fetcher.requests), fetcher.requests
    assert not any(spy_server.url in url or "passwd" in url for url, _ in fetcher.requests)
    assert spy_server.hits == []
    assert "FETCHED-MARKER" not in text
    assert reader.attachments == {}


@pytest.mark.parametrize("kind", ["file", "http", "import", "url"])
def test_even_unescaped_markup_fetches_nothing(spy_server, kind):
    """Defence in depth: if a template bug ever let the markup through, the fetcher still
    refuses it and the PDF holds nothing fetched."""
    payload = hostile_inputs(spy_server.url)[kind]
    html = ('<html><head><link rel="stylesheet" href="css/print.css"></head><body>'
            f"<h2>Vision</h2>{payload}<p>end</p></body></html>")
    fetcher = RecordingFetcher()
    data = pdf.layout(html, url_fetcher=fetcher).write_pdf()
    reader = read(data)
    refused = [url for url, accepted in fetcher.requests if not accepted]
    assert refused, fetcher.requests  # the fetcher was asked, and said no
    assert all("print.css" in url or "/fonts/" in url
               for url, accepted in fetcher.requests if accepted)
    assert spy_server.hits == []
    text = "".join(page_texts(reader))
    assert "FETCHED-MARKER" not in text and "root:" not in text
    assert reader.attachments == {}
    assert b"root:x:0:0" not in data


def test_long_tables_split_across_pages_with_their_heading_row(complete_version):
    from actionplans.models import GoalScope, PreventionLevel

    for n in range(60):
        Goal.objects.create(version=complete_version, description=f"Goal number {n:02d}",
                            scope=GoalScope.GENERAL, prevention_level=PreventionLevel.GENERAL)
    texts = page_texts(read(pdf.render_pdf(complete_version)[0]))
    pages = [t for t in texts if "Goal number" in t]
    assert len(pages) >= 2
    for text in pages:
        assert "General or" in text and "Prevention" in text  # the repeated heading row
    # No row is cut in two: every goal appears exactly once, whole.
    joined = "".join(pages)
    assert all(joined.count(f"Goal number {n:02d}") == 1 for n in range(60))


def test_the_pdf_is_made_in_the_plans_language_and_tagged_with_it(complete_version,
                                                                  translations):
    english_subtitle = "Prevention of polarisation, radicalisation and violent extremism"
    french_subtitle = "Prévention de la polarisation, de la radicalisation et de l’extrémisme violent"
    translations("fr", {english_subtitle: french_subtitle})
    plan = complete_version.plan
    english = read(pdf.render_pdf(complete_version)[0])
    assert english.trailer["/Root"]["/Lang"] == "en"
    assert english_subtitle in page_texts(english)[0]

    plan.language = "fr"
    plan.save()
    complete_version.refresh_from_db()
    html = pdf.render_html(complete_version)
    assert '<html lang="fr">' in html
    french = read(pdf.render_pdf(complete_version)[0])
    assert french.trailer["/Root"]["/Lang"] == "fr"
    cover = page_texts(french)[0]
    assert " ".join(french_subtitle.split()) in " ".join(cover.split())
    assert english_subtitle not in cover
    month = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")[timezone.localdate().month - 1]
    assert month in cover  # the date printed on the cover, by Django's French formats


def test_a_new_plan_takes_the_municipalitys_language(municipality, coordinator_client):
    from actionplans.models import ActionPlan

    municipality.default_language = "nl"
    municipality.save()
    page = coordinator_client.get(reverse("actionplans:plan_create")).content.decode()
    assert re.search(r'<option value="nl" lang="nl" selected>Nederlands</option>', page)

    response = coordinator_client.post(reverse("actionplans:plan_create"),
                                       {"title": "Samenleven", "language": "fr"})
    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Samenleven")
    assert plan.language == "fr"
    page = coordinator_client.get(plan.get_absolute_url()).content.decode()
    assert "<h1>Samenleven</h1>" in page and '<dd lang="fr">Français</dd>' in page
    assert ActionPlan.objects.create(municipality=municipality, title="Other").language == "nl"
    coordinator_client.post(reverse("actionplans:plan_create"), {"title": "Zonder taal"})
    assert ActionPlan.objects.get(title="Zonder taal").language == "nl"
    response = coordinator_client.post(reverse("actionplans:plan_create"),
                                       {"title": "Fout", "language": "xx"})
    assert response.status_code == 200 and not ActionPlan.objects.filter(title="Fout").exists()


def test_the_plan_pdf_is_tagged_for_accessible_publication(complete_version):
    """PDF/UA-1 (issue 13): a structure tree, marked content, the language and the title."""
    data, _pages = pdf.render_pdf(complete_version)
    root = read(data).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    structure = root["/StructTreeRoot"].get_object()
    assert structure["/K"]  # the tree has content, not only a root
