from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts import selectors, services
from accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    MeSerializer,
)
from alongside.api import Pagination


@extend_schema(responses=MeSerializer, summary="The signed-in user and their role")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class TokenList(GenericAPIView):
    # A class, so that the schema sees the pagination the list answers with.
    pagination_class = Pagination
    serializer_class = ApiTokenSerializer

    @extend_schema(responses=ApiTokenSerializer(many=True), summary="Your API tokens")
    def get(self, request):
        page = self.paginate_queryset(selectors.api_tokens_for(actor=request.user))
        return self.get_paginated_response(ApiTokenSerializer(page, many=True).data)

    @extend_schema(
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer},
        summary="Create an API token (the token text is returned once)",
    )
    def post(self, request):
        payload = ApiTokenCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            token, text = services.api_token_create(actor=request.user, **payload.validated_data)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        body = ApiTokenCreatedSerializer(token).data | {"token": text}
        return Response(body, status=status.HTTP_201_CREATED)


tokens = TokenList.as_view()


@extend_schema(responses={204: None}, summary="Revoke one of your API tokens")
@api_view(["DELETE"])
def token_revoke(request, token_id):
    token = get_object_or_404(selectors.api_tokens_for(actor=request.user), pk=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    return Response(status=status.HTTP_204_NO_CONTENT)
