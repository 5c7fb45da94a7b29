"""Spreadsheet resource of the information-sharing agreements (issue 13): the register,
exported from its list by those who may export it (``coordinator.spreadsheets``)."""

from import_export.fields import Field

from coordinator.access import InformationCategory
from coordinator.spreadsheets.registry import register_resource
from coordinator.spreadsheets.resources import ScopedResource
from coordinator.spreadsheets.widgets import neutralise_formula

from .models import Agreement


class AgreementResource(ScopedResource):
    """The register's columns, the partner organisations as the list names them."""

    list_choices = {"categories": InformationCategory.choices}
    parties = Field(column_name="parties")

    class Meta(ScopedResource.Meta):
        model = Agreement
        fields = ("id", "title", "state", "parties", "categories", "communities",
                  "lawful_basis", "special_category_condition", "partners_may_add",
                  "starts_on", "review_on", "ends_on", "signed_off_by", "signed_off_role",
                  "signed_off_on")
        export_order = fields

    def export_queryset(self, ids):
        return super().export_queryset(ids).prefetch_related("parties__organisation")

    def dehydrate_parties(self, agreement):
        return neutralise_formula("; ".join(p.organisation.name for p in agreement.parties.all()))


def register() -> None:
    register_resource("sharing.agreement", AgreementResource)
