from rest_framework import pagination

from api.descriptions import PARAMETERS


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size` (at most 200): 50 rows a page unless asked otherwise."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = PARAMETERS["page"]
    page_size_query_description = PARAMETERS["page_size"]

    def get_paginated_response_schema(self, schema):
        """The envelope's properties described too (count, next, previous, results)."""
        response = super().get_paginated_response_schema(schema)
        for name, prop in response["properties"].items():
            prop.setdefault("description", PARAMETERS[name])
        return response
