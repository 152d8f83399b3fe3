from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.api.serializers import MeSerializer


@extend_schema(responses=MeSerializer, summary="The signed-in user and their role")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)
