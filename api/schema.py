"""The schema's error answers: every operation documents the 4xx it can give, in the shapes DRF sends."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from api.descriptions import FIELDS, PARAMETERS
from api.permissions import PublicRead
from plans import rules


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=FIELDS["detail"])


def error_responses(method: str) -> dict[str, OpenApiResponse]:
    detail = ErrorSerializer
    responses = {
        "400": OpenApiResponse(OpenApiTypes.OBJECT, description=_("Invalid input: the messages, by field.")),
        "401": OpenApiResponse(detail, description=_("Sign-in required, or an invalid or revoked API token.")),
        "403": OpenApiResponse(detail, description=_("You may not do this.")),
        "404": OpenApiResponse(detail, description=_("Not found (or a page beyond the last).")),
        "429": OpenApiResponse(detail, description=_("Too many requests: try again later.")),
    }
    if method == "GET":
        responses["304"] = OpenApiResponse(description=_("Unchanged since the ETag or date you sent."))
    return responses


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in error_responses(self.method).items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return responses

    def _get_parameters(self):
        """Every parameter described: those without a description of their own (path ids, filters without a
        label) get the shared one for their name."""
        parameters = super()._get_parameters()
        for parameter in parameters:
            if not parameter.get("description") and parameter["name"] in PARAMETERS:
                parameter["description"] = PARAMETERS[parameter["name"]]
        return parameters

    def get_auth(self):
        """Reads need no credentials while the pages are public: say so (an empty security requirement)."""
        auths = super().get_auth()
        public_read = self.method in SAFE_METHODS and any(
            isinstance(p, PublicRead) for p in self.view.get_permissions()
        )
        if public_read and rules.pages_are_public.test() and {} not in auths:
            auths.append({})
        return auths
