"""Forms of the action plan screens: one page per element, with a form for its single-valued
answers and one formset per list (``ELEMENT_ITEMS``). Choices of organisations, people and
items are limited to the municipality and the version being edited."""

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.access import visible
from coordinator.concurrency import add_version_field
from coordinator.forms import LanguageSelect, language_choices
from coordinator.validation import HardenedFormMixin
from networks.models import Organisation, Person

from .models import (
    ELEMENT_FIELDS,
    ELEMENT_ITEMS,
    ActionPlan,
    ActionPlanVersion,
    AnalysisFactor,
    AnalysisSource,
    Definition,
    Element,
    FigureTable,
    Goal,
    Indicator,
    IndicatorMeasurement,
    InsideHelper,
    Intervention,
    KeyOrganisation,
    PartnerRole,
    PoliticalSponsor,
    ProtectionAim,
    ResourceCommitment,
    SharedInformation,
    SharedSubGoal,
)

SMALL_TEXT = forms.Textarea(attrs={"rows": 2})


class PlanForm(HardenedFormMixin, forms.ModelForm):
    """The title of a new plan and its language (the municipality's default at first)."""

    class Meta:
        model = ActionPlan
        fields = ["title", "language"]

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        language = self.fields["language"]
        # Not sent (a client other than the page): the municipality's default.
        language.required = False
        language.choices = language_choices()
        language.widget = LanguageSelect(choices=language.choices)
        if municipality is not None and not self.is_bound:
            self.initial.setdefault("language", municipality.default_language)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if ActionPlan.objects.for_municipality(self.municipality).filter(title=title).exists():
            raise forms.ValidationError(_("A plan with this title exists already."))
        return title


def _limit(form, version):
    """Scope every relation of an item form to the version and its municipality."""
    for field in form.fields.values():
        if not hasattr(field, "queryset"):
            continue
        model = field.queryset.model
        if model in (Organisation, Person):
            field.queryset = model.objects.for_municipality(version.municipality_id)
        elif model in (Goal, Intervention, Indicator):
            field.queryset = model.objects.filter(version=version)


class VersionFieldsForm(HardenedFormMixin, forms.ModelForm):
    """The single-valued answers of one element (``ELEMENT_FIELDS``)."""

    class Meta:
        model = ActionPlanVersion
        fields = []

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, instance=version, **kwargs)
        _limit(self, version)
        add_version_field(self)


def version_fields_form(element: int):
    fields = ELEMENT_FIELDS[element]
    if not fields:
        return None
    widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields
               if ActionPlanVersion._meta.get_field(name).get_internal_type() == "TextField"}
    return forms.modelform_factory(ActionPlanVersion, form=VersionFieldsForm, fields=fields,
                                   widgets=widgets)


class ItemForm(HardenedFormMixin, forms.ModelForm):
    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.instance.version = version
        _limit(self, version)
        add_version_field(self)


class FigureTableForm(ItemForm):
    """Columns as "Year | Sessions | People"; rows one per line, cells separated by "|"."""

    columns_text = forms.CharField(label=_("Column headings"), help_text=_(
        "Separate the headings with |, e.g. Year | Sessions | People trained"))
    rows_text = forms.CharField(label=_("Rows"), widget=forms.Textarea(attrs={"rows": 4}),
                                required=False, help_text=_("One row per line, cells separated "
                                                            "by |."))

    class Meta:
        model = FigureTable
        fields = ["title", "source_note", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["columns_text"] = " | ".join(self.instance.columns)
            self.initial["rows_text"] = "\n".join(" | ".join(r) for r in self.instance.rows)

    def values_of(self, table) -> dict:
        """The table as this form shows it, for the list of what changed meanwhile."""
        return {"columns_text": " | ".join(table.columns),
                "rows_text": "\n".join(" | ".join(r) for r in table.rows)}

    def clean(self):
        data = super().clean()
        columns = [c.strip() for c in data.get("columns_text", "").split("|") if c.strip()]
        rows = [[c.strip() for c in line.split("|")]
                for line in data.get("rows_text", "").splitlines() if line.strip()]
        for row in rows:
            if len(row) != len(columns):
                self.add_error("rows_text", _("Every row needs %(n)s cells.") % {"n": len(columns)})
                break
        self.instance.columns, self.instance.rows = columns, rows
        return data

    def _update_errors(self, errors):
        # The model's errors on its JSON fields belong to the text fields of this form.
        if hasattr(errors, "error_dict"):
            for model_field, form_field in (("columns", "columns_text"), ("rows", "rows_text")):
                if model_field in errors.error_dict:
                    messages = errors.error_dict.pop(model_field)
                    if not self.has_error(form_field):
                        errors.error_dict.setdefault(form_field, []).extend(messages)
        super()._update_errors(errors)


ITEM_FIELDS = {
    AnalysisFactor: ["kind", "description", "position"],
    InsideHelper: ["who", "organisation", "contribution", "position"],
    AnalysisSource: ["kind", "description", "position"],
    ProtectionAim: ["who", "against_what", "position"],
    Goal: ["description", "scope", "prevention_level", "position"],
    PoliticalSponsor: ["name", "office", "endorsed", "endorsed_on", "position"],
    ResourceCommitment: ["description", "amount_eur", "period", "committed_by", "position"],
    Definition: ["term", "local_definition", "types", "local_wording", "position"],
    KeyOrganisation: ["organisation", "reason", "aim", "position"],
    SharedSubGoal: ["description", "position"],
    PartnerRole: ["organisation", "role", "mandate", "tasks", "people", "position"],
    SharedInformation: ["information", "held_by", "shared_with", "rules", "position"],
    Intervention: ["title", "responsible", "target_group", "prevention_level", "goal",
                   "description", "position"],
    Indicator: ["intervention", "kind", "description", "unit", "baseline", "target",
                "measure_every_days", "position"],
    IndicatorMeasurement: ["indicator", "measured_on", "value", "note"],
}
TEXTAREAS = ("contribution", "endorsed", "local_definition", "types", "reason", "aim", "mandate",
             "tasks", "rules", "description")


#: New rows one save may add to a list: the page offers one; more is a forged TOTAL_FORMS, which
#: would otherwise make the server build (and re-render) up to 2,000 forms (issue 8).
MAX_NEW_ROWS = 20


class BaseItemFormSet(BaseModelFormSet):
    """The rows of one list of a version. At most ``MAX_NEW_ROWS`` new rows per save: more is
    refused with "Please submit at most N forms" (``validate_max``), and no more than that many
    forms are ever built."""

    validate_max = True

    def __init__(self, *args, version=None, **kwargs):
        self.version = version
        kwargs.setdefault("queryset", self.model.objects.filter(version=version))
        super().__init__(*args, **kwargs)
        self.max_num = self.absolute_max = len(self.get_queryset()) + MAX_NEW_ROWS

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["version"] = self.version
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")
        if "position" in form.fields:
            form.fields["position"].label = _("Position in the list")
            form.fields["position"].help_text = _("Rows are listed from the lowest number to "
                                                  "the highest.")


def item_formset(model):
    widgets = {name: SMALL_TEXT for name in ITEM_FIELDS.get(model, ())
               if name in TEXTAREAS
               and model._meta.get_field(name).get_internal_type() == "TextField"}
    widgets["position"] = forms.NumberInput(attrs={"min": 0})
    if model is PartnerRole:
        widgets["people"] = forms.CheckboxSelectMultiple
    date_fields = {"endorsed_on", "measured_on"} & set(ITEM_FIELDS.get(model, ()))
    for name in date_fields:
        widgets[name] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if model is FigureTable:
        return modelformset_factory(model, form=FigureTableForm, formset=BaseItemFormSet,
                                    extra=1, can_delete=True)
    return modelformset_factory(model, form=ItemForm, formset=BaseItemFormSet,
                                fields=ITEM_FIELDS[model], widgets=widgets, extra=1,
                                can_delete=True)


class ElementForms:
    """The forms of one element page: ``fields`` (or None) and ``formsets`` (prefix, model,
    formset). ``is_valid()`` checks all; ``save()`` saves all in order."""

    def __init__(self, version, element: int, data=None):
        self.version = version
        self.data = data
        self.element = Element(element)
        form_class = version_fields_form(element)
        self.fields = form_class(data, version=version, prefix="fields") if form_class else None
        self.formsets = []
        for model in ELEMENT_ITEMS[element]:
            prefix = model._meta.model_name
            formset = item_formset(model)(data, version=version, prefix=prefix)
            self.formsets.append((model._meta.verbose_name_plural, formset))

    def is_valid(self) -> bool:
        valid = self.fields.is_valid() if self.fields else True
        for _label, formset in self.formsets:
            valid = formset.is_valid() and valid
        return valid

    def all_forms(self) -> list:
        """Every form of the page (answers, then each row), for the version check."""
        return ([self.fields] if self.fields else []) + [
            form for _label, formset in self.formsets for form in formset.forms]

    def save(self):
        if self.fields:
            self.fields.save()
        for _label, formset in self.formsets:
            formset.save()


class ApproveForm(HardenedFormMixin, forms.Form):
    council_decision_reference = forms.CharField(
        label=_("Council decision reference"), max_length=120,
        help_text=_("The reference of the decision by which the council adopted the plan."))
    approved_on = forms.DateField(label=_("Adopted on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  help_text=_("Leave empty for today."))

    def clean_approved_on(self):
        # Plausible bounds come from HardenedFormMixin; an adoption is also never in the future.
        approved_on = self.cleaned_data.get("approved_on")
        if approved_on and approved_on > timezone.localdate():
            raise forms.ValidationError(_("The council cannot have adopted the plan in the future."))
        return approved_on


class OpenSectionsForm(HardenedFormMixin, forms.Form):
    elements = forms.TypedMultipleChoiceField(
        label=_("Sections"), choices=Element.choices, coerce=int,
        widget=forms.CheckboxSelectMultiple)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Open to"), queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of these organisations may comment on the sections."))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = visible(actor, Organisation.objects.all())


class CommentForm(HardenedFormMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CompareForm(HardenedFormMixin, forms.Form):
    other = forms.ModelChoiceField(label=_("Compare with version"),
                                   queryset=ActionPlanVersion.objects.none())

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = version.plan.versions.exclude(pk=version.pk)
