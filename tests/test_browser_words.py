"""The browser flows find what a page shows through the product's own words (tests/browser/,
``Words``): every msgid they translate must be one the French and Dutch catalogues hold (the
project's or Django's), else ``gettext`` hands the English back and a French or Dutch run fails
in the browser, minutes later, for a capital letter (a model field's label is its lower-case
verbose name). Read from the test files' syntax, without a browser."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real

BROWSER_TESTS = Path(settings.BASE_DIR) / "tests" / "browser"
#: Calls whose first argument is a msgid: ``t(...)``, ``t.label``, ``t.pattern``, ``t.n``,
#: ``t.p`` (a context first), ``page.words(...)``, and a ``Words`` kept in another name.
TRANSLATORS = {"t", "words", "french", "english"}


def _msgids(tree):
    """(line, msgid, context) of every translated literal in ``tree``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, method = node.func, None
        if isinstance(func, ast.Attribute) and func.attr in ("label", "pattern", "n", "p") \
                and isinstance(func.value, ast.Name) and func.value.id in TRANSLATORS:
            method = func.attr
        elif not ((isinstance(func, ast.Name) and func.id in TRANSLATORS)
                  or (isinstance(func, ast.Attribute) and func.attr == "words")):
            continue
        literals = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                    for a in node.args]
        if method == "p":
            if literals[:2] and None not in literals[:2]:
                yield node.lineno, literals[1], literals[0]
        elif literals[0] is not None:
            yield node.lineno, literals[0], None


def _known(catalogue, msgid, context):
    key = f"{context}\x04{msgid}" if context else msgid
    return key in catalogue or (key, 0) in catalogue


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_word_a_flow_looks_for_is_in_the_catalogue(language):
    catalogue = trans_real.translation(language)._catalog
    missing = [
        f"{path.name}:{line}: {msgid!r}"
        for path in sorted(BROWSER_TESTS.glob("*.py"))
        for line, msgid, context in _msgids(ast.parse(path.read_text(), str(path)))
        if not _known(catalogue, msgid, context)
    ]
    assert not missing, f"Not in the {language} catalogue:\n" + "\n".join(missing)


def test_the_check_finds_a_word_the_catalogue_lacks():
    tree = ast.parse('t("E-mail address"); t.label("name"); t.p("ctx", "x"); other("Nope")')
    catalogue = trans_real.translation("fr")._catalog
    found = list(_msgids(tree))
    assert [m for _, m, _ in found] == ["E-mail address", "name", "x"]
    assert [_known(catalogue, m, c) for _, m, c in found] == [False, True, False]
