"""Pages of the API's lists, counted as the HTML lists are (``coordinator.pagination``): the
count stops at ``max_pages`` pages, so no page costs more in a city of 100,000 interactions
than in a village."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from coordinator.pagination import BoundedPaginator


class BoundedPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most ``max_page_size``). The answer has ``count``
    (at most ``max_pages * page_size``), ``count_capped`` (more rows match than that: filter
    or sort the other way to reach them), ``next``, ``previous`` and ``results``."""

    django_paginator_class = BoundedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response({
            "count": paginator.count,
            "count_capped": paginator.capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean", "example": False,
            "description": _("More rows match than the pages can show: filter to reach them.")}
        response["required"].append("count_capped")
        return response
