from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts import selectors, services
from accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    MeSerializer,
)
from alongside.api_views import AlongsideAPIView


class Me(AlongsideAPIView):
    serializer_class = MeSerializer

    @extend_schema(responses=MeSerializer, summary="The signed-in user and their role")
    def get(self, request):
        return Response(MeSerializer(request.user).data)


me = Me.as_view()


class TokenList(AlongsideAPIView):
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
        payload = self.payload(ApiTokenCreateSerializer)
        try:
            token, text = services.api_token_create(actor=request.user, **payload)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return self.created(ApiTokenCreatedSerializer(token).data | {"token": text})


tokens = TokenList.as_view()


class TokenRevoke(AlongsideAPIView):
    serializer_class = ApiTokenSerializer

    @extend_schema(responses={204: None}, summary="Revoke one of your API tokens")
    def delete(self, request, token_id):
        token = get_object_or_404(selectors.api_tokens_for(actor=request.user), pk=token_id)
        services.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


token_revoke = TokenRevoke.as_view()
