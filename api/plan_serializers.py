"""The local action plan in the API: plans with their versions, and a version with its seven
elements (004), each with its single answers and its lists (rows), as the version's page and
its PDF show them."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actionplans.models import (
    ELEMENT_FIELDS,
    ITEM_MODELS,
    ActionPlan,
    ActionPlanVersion,
    Element,
)

from .serializers import OrganisationRef, UserNameField


class VersionRef(serializers.ModelSerializer):
    class Meta:
        model = ActionPlanVersion
        fields = ["id", "number", "state", "approved_at"]


class ActionPlanSerializer(serializers.ModelSerializer):
    versions = VersionRef(many=True, read_only=True, source="visible_versions")

    class Meta:
        model = ActionPlan
        fields = ["id", "title", "created_at", "versions"]


class VersionSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    approved_by = UserNameField(allow_null=True)

    class Meta:
        model = ActionPlanVersion
        fields = ["id", "plan", "plan_title", "number", "state", "based_on", "created_at",
                  "updated_at", "sent_to_consultation_at", "approved_at", "approved_by",
                  "council_decision_reference", "superseded_at"]


def rows_key(model) -> str:
    """The name of a list of ``model`` rows: ``AnalysisFactor`` -> ``analysis_factors``."""
    words = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
    return words if words.endswith("information") else f"{words}s"


def _row_serializer(model) -> type[serializers.ModelSerializer]:
    """A read-only serializer of one kind of row: its id, its ``key`` (the same item across
    versions), its position and the fields the comparison of versions shows; a related record
    by its id."""
    fields = ["id", "key", "position", *model.compare_fields]
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    return type(f"{model.__name__}RowSerializer", (serializers.ModelSerializer,),
                {"Meta": meta, "__module__": __name__})


ROW_SERIALIZERS = {model: _row_serializer(model) for model in ITEM_MODELS}


class ElementSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    answers = serializers.DictField(help_text=_("The element's single answers, by field name."))
    rows = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text=_("The element's lists, by kind of row."))


class VersionDetailSerializer(VersionSerializer):
    elements = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "elements"]

    @extend_schema_field(ElementSerializer(many=True))
    def get_elements(self, version):
        rows = self.context["rows"]
        elements = []
        for element in Element:
            answers = {}
            for name in ELEMENT_FIELDS[element]:
                value = getattr(version, name)
                if name == "coordinator_organisation":
                    value = OrganisationRef(value).data if value is not None else None
                answers[name] = value
            elements.append({
                "number": element.value, "title": str(element.label), "answers": answers,
                "rows": {rows_key(model): ROW_SERIALIZERS[model](rows[model], many=True).data
                         for model in ITEM_MODELS if model.element == element},
            })
        return elements
