"""Walk the URLconf: every URL pattern, filled with real records of one municipality, and the
HTML forms of a page. Shared by the form fuzz test (``test_fuzz_forms``) and by URL x role
tests: nothing here names an app or a view, so a new page is walked without changing this file.

- ``iter_patterns()`` -> ``list[Pattern]``: every pattern of the root URLconf, through includes.
- ``fill(pattern, municipality, known=None)`` -> ``list[str]``: URLs of the pattern with its
  arguments filled with records of ``municipality`` (several per pattern, one per state where
  the records have one) and, for string arguments no record gives (a one-time token, a model
  label), with the values ``known`` maps them to; or raises ``Unfillable`` naming the argument
  it cannot fill.
- ``post_forms(html, page_url)`` -> ``list[HtmlForm]``: the ``<form method="post">`` of a page;
  ``links(html, page_url)``: the paths it links to on the same site (to reach records in the
  state a page needs, e.g. a cleared organisation's memorandum).
- ``scoped(model, municipality)``: the records of a model that belong to a municipality, also
  through a ``version`` (items of an action plan) or a membership (users).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: Argument names tried as small integers when no model is known (e.g. an element number 1-7).
SMALL_INT_RANGE = range(1, 8)
#: Fields whose distinct values pick the records of a pattern: one record per state.
STATE_FIELDS = ("status", "state")
#: Arguments that hold a model label ("app.model", e.g. the record of a read-access log page).
LABEL_ARGUMENTS = ("label",)


class Unfillable(Exception):
    """A URL argument this module does not know how to fill (message: which, and why)."""


@dataclass(frozen=True)
class Pattern:
    """One URL pattern. ``name`` is namespaced ("networks:community_detail") or None; ``route``
    is the full route ("networks/communities/<int:pk>/"); ``arguments`` maps each argument to
    its converter's type name ("int", "str", "slug", "path", "uuid" or "regex"); ``namespace``
    is that of the includes it sits in ("networks", "admin"), also for an unnamed pattern."""

    name: str | None
    route: str
    arguments: dict
    callback: object
    namespace: str = ""

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    def __str__(self):
        return self.name or self.route


def _arguments(pattern) -> dict:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return {name: type(conv).__name__.removesuffix("Converter").lower()
                for name, conv in converters.items()}
    return dict.fromkeys(pattern.pattern.regex.groupindex, "regex")


def iter_patterns(resolver=None, prefix="", namespace="", arguments=None) -> list[Pattern]:
    """Every ``URLPattern`` reachable from ``resolver`` (default: the root URLconf), depth first,
    with the routes, namespaces and arguments of the includes it sits in."""
    resolver = resolver or get_resolver()
    arguments = arguments or {}
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            found += iter_patterns(entry, route, inner, {**arguments, **_arguments(entry)})
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            found.append(Pattern(name, route, {**arguments, **_arguments(entry)}, entry.callback,
                                 namespace))
    return found


def project_app_configs() -> list:
    """App configs of the project's own apps (under ``BASE_DIR``, not installed packages)."""
    from django.conf import settings

    base = str(settings.BASE_DIR)
    return [config for config in apps.get_app_configs()
            if str(config.path).startswith(base) and "site-packages" not in str(config.path)]


def project_models() -> list[type[models.Model]]:
    """Models of the project's own apps (not Django's or third parties'), with the automatic
    many-to-many tables and the history models."""
    return [model for config in project_app_configs()
            for model in config.get_models(include_auto_created=True)]


def scoped(model, municipality):
    """The records of ``model`` that belong to ``municipality`` (a ``Municipality``): through a
    ``municipality`` field, a foreign key to a record that has one (action plan items through
    their version, evidence through its assessment), a membership (users); None when the model
    has no such link."""
    names = {f.name for f in model._meta.get_fields()}
    if model is get_user_model():
        return model.objects.filter(memberships__municipality=municipality).distinct()
    if model._meta.label == "coordinator.Municipality":
        return model.objects.filter(pk=municipality.pk)
    if "municipality" in names:
        return model.objects.filter(municipality=municipality)
    for relation in model._meta.concrete_fields:  # one hop: an evidence file's assessment
        if relation.many_to_one and any(
                f.name == "municipality" for f in relation.related_model._meta.concrete_fields):
            return model.objects.filter(**{f"{relation.name}__municipality": municipality})
    return None


def model_for_argument(pattern: Pattern, argument: str):
    """The model whose primary key fills ``argument``: the view's ``model``, ``scoped_model``
    or ``queryset`` when the argument is the view's primary-key argument (``pk_url_kwarg`` or
    ``pk_kwarg``); otherwise, for "<name>_pk" or "<name>_id", the project model called <name>."""
    view = pattern.view_class
    initkwargs = getattr(pattern.callback, "view_initkwargs", {}) or {}
    if view is not None:
        pk_names = {initkwargs.get("pk_url_kwarg", getattr(view, "pk_url_kwarg", "pk")),
                    initkwargs.get("pk_kwarg", getattr(view, "pk_kwarg", "pk"))}
        if argument in pk_names:
            for attribute in ("scoped_model", "model"):
                model = initkwargs.get(attribute, getattr(view, attribute, None))
                if model is not None:
                    return model
            queryset = getattr(view, "queryset", None)
            if queryset is not None:
                return queryset.model
    match = re.fullmatch(r"(\w+?)_(?:pk|id)", argument)
    if match:
        for model in project_models():
            if model._meta.model_name == match.group(1).replace("_", ""):
                return model
    return None


def _records(model, municipality, per_state: int = 1, limit: int = 6) -> list:
    queryset = scoped(model, municipality)
    if queryset is None:
        raise Unfillable(f"{model._meta.label} is not linked to a municipality")
    queryset = queryset.order_by("pk")
    names = {f.name for f in model._meta.concrete_fields}
    state = next((name for name in STATE_FIELDS if name in names), None)
    newest = queryset.last()
    if state is None:
        picked = list(queryset[:1])
    else:
        picked, seen = [], {}
        for record in queryset.iterator():
            value = getattr(record, state)
            if seen.get(value, 0) < per_state:
                seen[value] = seen.get(value, 0) + 1
                picked.append(record)
            if len(picked) >= limit - 1:
                break
    if newest is not None and newest not in picked:
        picked.append(newest)  # often the one a test just made in the state it needs
    return picked


def argument_values(pattern: Pattern, argument: str, municipality, known=None,
                    model=None) -> list[str]:
    """The values tried for one argument: primary keys of records of ``municipality`` (the
    first, one per state where the model has one, and the newest) of ``model`` or else the
    model ``model_for_argument`` finds; the strings ``known`` gives for the argument (a token
    no record can give); or ``SMALL_INT_RANGE`` for an integer argument with no model. Raises
    ``Unfillable``."""
    kind = pattern.arguments[argument]
    model = model or model_for_argument(pattern, argument)
    if model is not None:
        records = _records(model, municipality)
        if not records:
            raise Unfillable(f"{pattern}: no {model._meta.label} in {municipality}")
        return [str(record.pk) for record in records]
    if (known or {}).get(argument):
        return list(known[argument])
    if kind == "int":
        return [str(n) for n in SMALL_INT_RANGE]
    raise Unfillable(f"{pattern}: no model for the {kind} argument {argument!r}, and no value "
                     "known for it")


def fill(pattern: Pattern, municipality, limit: int = 24, known=None) -> list[str]:
    """URLs of ``pattern`` with every argument filled (see ``argument_values``); at most
    ``limit``, spread over the combinations. ``known`` maps an argument name to the strings to
    try for it (``{"token": [...], "label": ["engagement.interaction"]}``). A ``label``
    argument (``LABEL_ARGUMENTS``) names a model ("app.model"): the pattern's other integer
    arguments are then records of that model. Raises ``Unfillable``."""
    names = list(pattern.arguments)
    if not names:
        return [_reverse(pattern, {})]
    label = next((name for name in names if name in LABEL_ARGUMENTS), None)
    if label is None:
        models_by_label = {None: None}
    else:
        labels = (known or {}).get(label)
        if not labels:
            raise Unfillable(f"{pattern}: no model label known for the argument {label!r}")
        models_by_label = {value: apps.get_model(value) for value in labels}
    per_label = []
    for value, model in models_by_label.items():
        values = [[value] if name == label else argument_values(
            pattern, name, municipality, known,
            model=model if pattern.arguments[name] == "int" else None) for name in names]
        per_label.append(list(itertools.product(*values)))
    # Taken in turn from each label, so that the first ``limit`` cover every label.
    combinations = [combo for row in itertools.zip_longest(*per_label) for combo in row
                    if combo is not None]
    step = max(1, len(combinations) // limit)
    return [_reverse(pattern, dict(zip(names, combo, strict=True)))
            for combo in combinations[::step][:limit]]


def _reverse(pattern: Pattern, kwargs: dict) -> str:
    if pattern.name is None:
        raise Unfillable(f"{pattern.route}: unnamed pattern")
    return reverse(pattern.name, kwargs=kwargs)


# HTML forms ---------------------------------------------------------------------------------

@dataclass
class HtmlField:
    """One named control of a form. ``kind``: the input type ("text", "date", "number",
    "hidden", "checkbox", "radio", "file", "email", "url", "password", "submit"...), "textarea"
    or "select". ``values``: what the browser would send unchanged (list, possibly empty);
    ``options``: the values offered by a select or a group of checkboxes or radios."""

    name: str
    kind: str
    values: list = field(default_factory=list)
    options: list = field(default_factory=list)
    required: bool = False
    multiple: bool = False
    attrs: dict = field(default_factory=dict)


@dataclass
class HtmlForm:
    """A ``<form method="post">``: its absolute ``action`` path and its ``fields`` by name."""

    action: str
    enctype: str
    fields: dict

    def data(self) -> dict:
        """What a browser sends when the form is submitted as rendered (with its first named
        submit button): name -> list of values."""
        data = {}
        submit = None
        for control in self.fields.values():
            if control.kind in ("submit", "button", "image", "reset"):
                submit = submit or control
                continue
            if control.kind == "file" or not control.values:
                continue
            data[control.name] = list(control.values)
        if submit is not None and submit.values:
            data[submit.name] = submit.values[:1]
        return data


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.links: list[str] = []
        self.forms: list[HtmlForm] = []
        self.current: HtmlForm | None = None
        self.select: HtmlField | None = None
        self.option: dict | None = None
        self.textarea: HtmlField | None = None

    def _field(self, name, kind, attrs):
        fields = self.current.fields
        if name not in fields:
            fields[name] = HtmlField(name, kind, required="required" in attrs,
                                     multiple="multiple" in attrs, attrs=attrs)
        return fields[name]

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "a" and attrs.get("href"):
            target = urlsplit(urljoin(self.page_url, attrs["href"]))
            if not target.netloc or target.netloc == urlsplit(self.page_url).netloc:
                self.links.append(target.path)
            return
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url)).path
                self.current = HtmlForm(action, attrs.get("enctype", ""), {})
            return
        if self.current is None or "name" not in attrs and tag != "option":
            return
        if tag in ("input", "button"):
            kind = attrs.get("type", "text" if tag == "input" else "submit").lower()
            control = self._field(attrs["name"], kind, attrs)
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                control.options.append(value)
                control.multiple = control.multiple or kind == "checkbox"
                control.required = control.required or "required" in attrs
                if "checked" in attrs:
                    control.values.append(value)
            elif kind in ("submit", "button", "image"):
                control.values.append(value)
            else:
                control.values = [value]
        elif tag == "textarea":
            self.textarea = self._field(attrs["name"], "textarea", attrs)
            self.textarea.values = [""]
        elif tag == "select":
            self.select = self._field(attrs["name"], "select", attrs)
        elif tag == "option" and self.select is not None:
            self._close_option()  # an <option> without its end tag
            self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[0] += data
        if self.option is not None:
            self.option["text"] += data

    def _close_option(self):
        if self.option is None:
            return
        value = self.option["value"]
        value = self.option["text"].strip() if value is None else value
        self.select.options.append(value)
        if self.option["selected"]:
            self.select.values.append(value)
        self.option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None:
            self._close_option()
            if not self.select.values and not self.select.multiple and self.select.options:
                self.select.values = [self.select.options[0]]  # what a browser sends
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser keeps the newline after <textarea>, which browsers drop.
            self.textarea.values[0] = self.textarea.values[0].removeprefix("\n")
            self.textarea = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def post_forms(html: str, page_url: str) -> list[HtmlForm]:
    """The ``<form method="post">`` elements of ``html`` (a page fetched at ``page_url``), in
    document order. Controls outside a form (``form=`` attribute) are not followed."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def links(html: str, page_url: str) -> list[str]:
    """Paths of the same-site ``<a href>`` links of ``html``, in document order (query strings
    and fragments dropped)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.links
