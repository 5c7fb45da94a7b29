"""French and Dutch beside English (issue 13 "Languages"): every text a template shows is marked
for translation, the catalogues hold every message of the code, and every message is
translated.

(a) The templates are read with Django's own template ``Lexer``: text outside ``{% %}`` and
``{{ }}`` and outside ``{% blocktranslate %}`` and ``{% comment %}`` is what a reader sees,
together with the attributes a reader or a screen reader meets (``title``, ``alt``,
``aria-label``, ``placeholder``...) and a literal a filter shows (``|default:"Unknown"``).
HTML templates are parsed (``html.parser``), so that markup, scripts and styles do not count;
e-mail templates (.txt) are text throughout. Numbers, punctuation, single letters (the "a.",
"b." of a list) and the few words of ``ALLOWED`` need no translation.

(b) ``makemessages`` (the project's, coordinator/management/commands/makemessages.py) is run
into a temporary directory and the messages it finds are compared with locale/fr and
locale/nl (gettext's ``msgcmp``, both ways): a message missing from a catalogue, or left in
one after it left the code, fails.

(c) No message is untranslated or fuzzy in fr or nl (``msgfmt --statistics``).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType, filter_re
from django.test import override_settings

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES = BASE_DIR / "templates"
CATALOGUE_LANGUAGES = ("fr", "nl")
#: Words shown as they are in every language: the product's name, a currency code, file
#: formats.
ALLOWED = {"Linchpin", "EUR", "PDF", "JSON", "CSV", "XLSX"}
#: Attributes whose text a reader or a screen reader meets.
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "aria-description", "aria-roledescription",
                      "aria-valuetext", "placeholder", "label"}
#: Stands for a tag or a variable in the text left after lexing.
MARK = "\x00"
WORD = re.compile(r"[^\W\d_]{2,}")
ALLOWED_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(ALLOWED))) + r")\b")
#: Filters that show their argument.
SHOWN_FILTER_ARGUMENTS = {"default", "default_if_none", "yesno"}
#: Block tags whose content is translated (or never shown) as a whole.
ENCLOSING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
             "comment": "endcomment"}

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgcmp", "msgfmt")),
    reason="gettext is not installed (make deps installs it: bin/apt-ensure gettext)")


def needs_translation(text: str) -> bool:
    """Whether ``text`` holds words a reader of another language needs translated."""
    return bool(WORD.search(ALLOWED_WORDS.sub("", text)))


def _shown_literals(token_contents: str) -> list[str]:
    """The literal texts a ``{{ }}`` shows: a quoted constant, or the argument of a filter
    that shows it (``|default:"None"``). ``_("...")`` is translated; the arguments of other
    filters (``|date:"DATE_FORMAT"``) are not shown."""
    literals = []
    for match in filter_re.finditer(token_contents):
        literal = match["constant"] or (
            match["constant_arg"] if match["filter_name"] in SHOWN_FILTER_ARGUMENTS else None)
        if literal and literal[0] in "\"'":
            literals.append(literal[1:-1])
    return literals


def skeleton(source: str) -> str:
    """The template ``source`` with every tag, variable, comment and translated block
    replaced by ``MARK``; a literal a filter shows stays, between marks."""
    pieces = []
    closing = None
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            if closing is None and name in ENCLOSING:
                closing = ENCLOSING[name]
            elif name == closing:
                closing = None
            pieces.append(MARK)
        elif closing is not None:
            pieces.append(MARK)
        elif token.token_type == TokenType.TEXT:
            pieces.append(contents)
        elif token.token_type == TokenType.VAR:
            pieces.append(MARK + MARK.join(_shown_literals(contents)) + MARK)
        else:
            pieces.append(MARK)
    return "".join(pieces)


class _VisibleText(HTMLParser):
    """Collects the visible text and attributes of an HTML skeleton that need translating."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag in ("input", "button")
                and attributes.get("type") in ("submit", "button", "reset"))
            if shown and value:
                self._check(value, f"{name}=")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._check(data, "")

    def _check(self, text: str, where: str):
        for piece in text.split(MARK):
            piece = " ".join(piece.split())
            if needs_translation(piece):
                self.found.append(where + piece)


def untranslated_texts(path: Path) -> list[str]:
    """The texts of the template at ``path`` that a reader sees without translation."""
    text = skeleton(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        return [" ".join(p.split()) for p in text.split(MARK) if needs_translation(p)]
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    return parser.found


def template_paths() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


# --------------------------------------------------------------------------- (a) templates


def test_the_checker_finds_text_outside_translate_tags(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1 title="Open file">Welcome</h1>'
        '<p>{% translate "Fine" %} {{ name|default:"Nobody" }} {{ x|default:_("Fine") }}</p>'
        '<p>{% blocktranslate %}Also {{ fine }}{% endblocktranslate %} 12 · — a</p>'
        '<div class="urgency-{{ u|default:\'unset\' }}"></div>'
        '{% comment %}Not shown{% endcomment %}{# nor this #}'
        "<script>var shown = 'no';</script><p>Linchpin · EUR 3</p>")
    assert untranslated_texts(page) == ["title=Open file", "Welcome", "Nobody"]
    mail = tmp_path / "mail.txt"
    mail.write_text('{% load i18n %}{% translate "Hello" %}\nVisit us: {{ link }}\n')
    assert untranslated_texts(mail) == ["Visit us:"]


def test_every_template_text_is_marked_for_translation():
    found = {str(path.relative_to(BASE_DIR)): texts for path in template_paths()
             if (texts := untranslated_texts(path))}
    assert not found, (
        "Mark these texts with {% translate %} or {% blocktranslate %} (or add a word that is "
        "the same in every language to ALLOWED):\n"
        + "\n".join(f"{name}: {texts}" for name, texts in found.items()))


# --------------------------------------------------------------------------- (b), (c) catalogues


def catalogue(code: str) -> Path:
    return BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """The French catalogue ``makemessages`` makes from the code as it is now, in a temporary
    directory (the project's own catalogues are not touched): a directory of links to the
    project's code, read with ``--symlinks``."""
    work = tmp_path_factory.mktemp("messages")
    for entry in BASE_DIR.iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (work / entry.name).symlink_to(entry)
    with override_settings(LOCALE_PATHS=[str(work / "locale")]), contextlib.chdir(work):
        call_command("makemessages", locale=["fr"], symlinks=True, verbosity=0)
    return work / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _msgcmp(defined: Path, used: Path) -> list[str]:
    """The messages of ``used`` that ``defined`` lacks (gettext's ``msgcmp``), each as its
    ``msgid`` lines."""
    result = subprocess.run(
        ["msgcmp", "--use-untranslated", "--use-fuzzy", str(defined), str(used)],
        capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return []
    lines = used.read_text(encoding="utf-8").splitlines()
    messages = []
    for number in re.findall(r"^.*?:(\d+): this message is used but not defined",
                             result.stderr, re.M):
        # gettext names the line of the msgstr: the message is the lines above it, up to its
        # comments.
        end = start = int(number) - 1
        while start > 0 and lines[start - 1] and not lines[start - 1].startswith("#"):
            start -= 1
        messages.append("\n".join(line for line in lines[start:end]
                                  if not line.startswith("msgstr")))
    return messages or [result.stderr]


@needs_gettext
@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_the_catalogue_holds_every_message_of_the_code(code, fresh_catalogue):
    assert catalogue(code).exists(), f"Make locale/{code}: make messages"
    missing = _msgcmp(catalogue(code), fresh_catalogue)
    assert not missing, (f"locale/{code} lacks messages of the code: run `make messages`.\n"
                         + "\n".join(missing[:20]))
    gone = _msgcmp(fresh_catalogue, catalogue(code))
    assert not gone, (f"locale/{code} holds messages the code no longer uses: run "
                      f"`make messages`.\n" + "\n".join(gone[:20]))


def statistics(code: str) -> dict[str, int]:
    """``{"translated", "fuzzy", "untranslated"}`` counts of a catalogue (``msgfmt``)."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue(code))],
        capture_output=True, text=True, check=True)
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


@needs_gettext
@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_the_catalogue_is_well_formed(code):
    """``msgfmt --check`` accepts it (placeholders kept, plural forms), so it compiles."""
    assert statistics(code)["translated"] + statistics(code)["untranslated"] > 0


@needs_gettext
@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_every_message_is_translated(code):
    counts = statistics(code)
    assert counts["untranslated"] == 0 and counts["fuzzy"] == 0, (
        f"locale/{code}: {counts['untranslated']} untranslated and {counts['fuzzy']} fuzzy "
        f"messages; list them with `msgattrib --untranslated locale/{code}/LC_MESSAGES/"
        f"django.po` (and --only-fuzzy).")


#: One word per concept in every language (issue 13: "the field's own terms in each language
#: as the French and Dutch RAN translations and practice use them"): a message whose English
#: holds the term on the left holds one of the renderings on the right. The terms come from
#: ../shared/DESIGN.md "Domain"; the renderings from RAN's French and Dutch publications.
GLOSSARY = {
    # A concern a community raises, which the authority hears: one concern, « préoccupation
    # exprimée » whether the staff or the community speaks.
    "concern heard": {"fr": ("préoccupation exprimée",), "nl": ("gehoorde zorg",)},
    "concerns heard": {"fr": ("préoccupations exprimées",), "nl": ("gehoorde zorgen",)},
    "concern was raised": {"fr": ("préoccupation a été exprimée",), "nl": ("zorg is geuit",)},
    "raise a concern": {"fr": ("exprimer une préoccupation",), "nl": ("een zorg melden",)},
    "for review": {"fr": ("pour examen",), "nl": ("ter toetsing",)},
    "go to review": {"fr": ("pour examen",), "nl": ("ter toetsing",)},
    "information-sharing agreement": {
        "fr": ("accord de partage d'informations", "accords de partage d'informations",
               "accord de partage d’informations", "accords de partage d’informations"),
        "nl": ("convenant voor informatie-uitwisseling", "convenanten voor informatie-uitwisseling",
               "convenant informatie-uitwisseling", "convenanten informatie-uitwisseling")},
    "key figure": {"fr": ("personne clé", "personnes clés"),
                   "nl": ("sleutelfiguur", "sleutelfiguren")},
    "safe space": {"fr": ("espace sûr", "espaces sûrs"), "nl": ("veilige ruimte",
                                                                "veilige ruimtes")},
}


#: Renderings of a term of GLOSSARY that no message may use, whatever its English: the other
#: French words for a concern raised ("préoccupation entendue", "soulevée", "signalée").
ASTRAY_RENDERINGS = {
    "fr": re.compile(r"\bpréoccupations? (?:\w+ )?(?:entendue|soulevée|signalée)s?\b", re.I),
}


def compiled_messages(code: str) -> dict[str, str]:
    """``{msgid: msgstr}`` of the compiled catalogue of ``code`` (singular forms; a plural's
    every form is listed under its msgid with the form's index)."""
    from django.utils.translation import trans_real

    messages = {}
    for key, text in trans_real.translation(code)._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if "\x04" in msgid:  # msgctxt
            msgid = msgid.split("\x04", 1)[1]
        if isinstance(key, tuple):
            msgid = f"{msgid} [{key[1]}]"
        messages[msgid] = text
    return messages


@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_the_field_terms_are_worded_one_way(code):
    messages = compiled_messages(code)
    unused = [term for term in GLOSSARY if not any(term in msgid.lower() for msgid in messages)]
    assert not unused, f"No message uses {unused}: drop them from GLOSSARY."
    astray = [
        f"{msgid!r} -> {text!r} (use {' / '.join(renderings[code])})"
        for term, renderings in GLOSSARY.items()
        for msgid, text in messages.items()
        if term in msgid.lower()
        and not any(rendering in text.lower() for rendering in renderings[code])
    ]
    assert not astray, f"locale/{code} words a term of the field another way:\n" + "\n".join(
        astray)
    pattern = ASTRAY_RENDERINGS.get(code)
    other = [f"{msgid!r} -> {text!r}" for msgid, text in messages.items()
             if pattern and pattern.search(text)]
    assert not other, f"locale/{code} words a term of the field another way:\n" + "\n".join(
        other)


# --------------------------------------------------------------------------- model names


def project_models() -> list[type]:
    """The concrete models of the project's own apps, without the history models
    django-simple-history makes (their names follow their model's) and the many-to-many
    tables Django makes."""
    from django.apps import apps

    def ours(model) -> bool:
        path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
        # The virtual environment may sit inside the checkout (make's .venv).
        return path.is_relative_to(BASE_DIR.resolve()) and "site-packages" not in path.parts

    return [
        model for model in apps.get_models()
        if ours(model) and not hasattr(model, "instance_type")  # simple_history's HistoricalX
    ]


def test_every_model_names_its_plural():
    """Django makes a missing plural by adding "s" to the translated name ("bijeenkomsts",
    "actieplans"): every model says its plural, so that it is translated too."""
    models = project_models()
    assert len(models) > 50
    missing = [model._meta.label for model in models
               if not {"verbose_name", "verbose_name_plural"} <= set(model._meta.original_attrs)]
    assert not missing, ("Give these models' Meta a verbose_name and a verbose_name_plural "
                         "marked for translation: " + ", ".join(missing))
