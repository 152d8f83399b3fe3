"""The partner directory for staff: organizations with an active service, and active services,
to pick a release's recipient or a referral's target. Partner-agency users get 403; nobody
changes the directory through the API (administrators keep it in its pages)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from alongside.api import Pagination
from alongside.lookups import get_or_404
from directory import selectors
from directory.access import may_read_directory
from directory.api import serializers as shapes
from directory.models import Service, ServiceStatus


class DirectoryAPIView(GenericAPIView):
    pagination_class = Pagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_read_directory(request.user):
            raise PermissionDenied


def _active_services():
    return Prefetch(
        "services",
        queryset=Service.objects.filter(status=ServiceStatus.ACTIVE).order_by("name"),
    )


class OrganizationList(DirectoryAPIView):
    serializer_class = shapes.PartnerOrganizationSerializer

    @extend_schema(
        summary="Partner organizations with an active service, by name, with those services",
        responses=shapes.PartnerOrganizationSerializer(many=True),
    )
    def get(self, request):
        organizations = selectors.recipient_organizations_for(actor=request.user)
        page = self.paginate_queryset(organizations.prefetch_related(_active_services()))
        return self.get_paginated_response(
            shapes.PartnerOrganizationSerializer(page, many=True).data
        )


class OrganizationDetail(DirectoryAPIView):
    serializer_class = shapes.PartnerOrganizationSerializer

    @extend_schema(summary="One partner organization with its active services")
    def get(self, request, organization_id):
        organizations = selectors.recipient_organizations_for(actor=request.user)
        organization = get_or_404(
            organizations.prefetch_related(_active_services()), organization_id
        )
        return Response(shapes.PartnerOrganizationSerializer(organization).data)


class ServiceList(DirectoryAPIView):
    serializer_class = shapes.PartnerServiceSerializer

    @extend_schema(
        summary="Active services, by organization and name",
        responses=shapes.PartnerServiceSerializer(many=True),
    )
    def get(self, request):
        services = (
            selectors.services_for(actor=request.user)
            .prefetch_related("taxonomy_terms")
            .order_by("organization__name", "name")
        )
        page = self.paginate_queryset(services)
        return self.get_paginated_response(shapes.PartnerServiceSerializer(page, many=True).data)
