"""Django's ``makemessages`` with the project's defaults, so that ``python manage.py
makemessages -l fr -l nl`` (``make messages``) and the catalogue check of the test suite
(tests/test_translations.py) extract the same messages:

- what is not the project's own code is skipped: the virtualenv, npm's packages and the
  vendored browser libraries, generated files, the tests;
- references name the file, not the line (``--add-location=file``), so that a change of code
  elsewhere in a file does not rewrite the catalogues of every language;
- messages no longer in the code are dropped (``--no-obsolete``).

The browser code (static/js/) shows only texts its page's template gives it: there is no
JavaScript catalogue (``-d djangojs``) to make.
"""

from django.core.management.commands import makemessages

#: Paths ``makemessages`` never reads (fnmatch patterns, relative to the project directory).
IGNORED = [".venv", "node_modules", "static/vendor", "staticfiles", "var", "locale", "tests",
           "test-results"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*(options.get("ignore_patterns") or []), *IGNORED]
        options["no_obsolete"] = True
        if options.get("add_location") is None:
            options["add_location"] = "file"
        return super().handle(*args, **options)
