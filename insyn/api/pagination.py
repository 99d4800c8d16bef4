"""Pages of the open data API: `page` and `page_size`, strictly read, and a Link header for CSV."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class PublicPagination(PageNumberPagination):
    """`?page=2&page_size=200`: a page past the last answers 404, a page size outside 1–500 answers 400
    (never silently the default, so a client learns its mistake). The answer carries the total and the
    neighbouring pages' addresses, in the body for JSON and in the Link header for CSV as well."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = _("The page to show, from 1 (a page past the last answers 404).")
    page_size_query_description = _("Results per page, from 1 to %(max)s (%(default)s unless given).")
    invalid_page_message = _("There is no such page.")

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            message = gettext("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    @staticmethod
    def response(data: dict) -> Response:
        """The answer to a page's data (built now or kept from before), with its Link header."""
        response = Response(data)
        neighbours = (("next", data["next"]), ("prev", data["previous"]))
        links = [f'<{url}>; rel="{rel}"' for rel, url in neighbours if url]
        if links:
            response.headers["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        found = super().get_paginated_response_schema(schema)
        found["required"] = ["count", "next", "previous", "results"]
        for name in ("next", "previous"):
            found["properties"][name].pop("example", None)
        found["properties"]["count"].pop("example", None)
        found["properties"]["count"]["description"] = str(_("The number of results on all pages."))
        return found

    def get_schema_operation_parameters(self, view) -> list[dict]:
        page, size = super().get_schema_operation_parameters(view)
        page["schema"] = {"type": "integer", "minimum": 1}
        size["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        size["description"] = str(self.page_size_query_description) % {
            "max": self.max_page_size,
            "default": self.page_size,
        }
        return [page, size]
