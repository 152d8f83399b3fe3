"""The partner directory for staff: organizations with an active service, and active services,
to pick a release's recipient or a referral's target. Partner-agency users get 403. The one
way to change the directory through the API is an administrator's HSDS import (and export)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from alongside.api import error_body
from alongside.api_views import AlongsideAPIView
from alongside.lookups import get_or_404
from directory import selectors, services
from directory.access import may_manage_directory, may_read_directory
from directory.api import serializers as shapes
from directory.hsds import importer


class DirectoryAPIView(AlongsideAPIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_read_directory(request.user):
            raise PermissionDenied


class OrganizationList(DirectoryAPIView):
    serializer_class = shapes.PartnerOrganizationSerializer

    @extend_schema(
        summary="Partner organizations with an active service, by name, with those services",
        responses=shapes.PartnerOrganizationSerializer(many=True),
    )
    def get(self, request):
        organizations = selectors.recipient_organizations_for(actor=request.user)
        page = self.paginate_queryset(
            organizations.prefetch_related(
                selectors.active_services_prefetch(), *selectors.organization_phones_prefetch()
            )
        )
        return self.get_paginated_response(
            shapes.PartnerOrganizationSerializer(page, many=True).data
        )


class OrganizationDetail(DirectoryAPIView):
    serializer_class = shapes.PartnerOrganizationSerializer

    @extend_schema(summary="One partner organization with its active services")
    def get(self, request, organization_id):
        organizations = selectors.recipient_organizations_for(actor=request.user)
        organization = get_or_404(
            organizations.prefetch_related(
                selectors.active_services_prefetch(), *selectors.organization_phones_prefetch()
            ),
            organization_id,
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
            .prefetch_related("taxonomy_terms", *selectors.service_reach_prefetch())
            .order_by("organization__name", "name")
        )
        page = self.paginate_queryset(services)
        return self.get_paginated_response(shapes.PartnerServiceSerializer(page, many=True).data)


class HSDSKeeperView(AlongsideAPIView):
    """HSDS import and export: administrators only, as in the directory's pages."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_manage_directory(request.user):
            raise PermissionDenied


# Room for the multipart envelope around the file.
MULTIPART_SLACK = 64 * 1024


class HSDSImport(HSDSKeeperView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="directory_hsds_import",
        summary="Import HSDS 3.0 JSON or a zipped tabular package: all of it, or nothing",
        description=(
            "Records are matched by their HSDS id (a known id is updated, a new one created). "
            "If any record is refused nothing is written, and the 400 answer lists every "
            "reason in `fields`, keyed by where it was found. Uploads over "
            "HSDS_IMPORT_MAX_BYTES are refused by their size before they are read."
        ),
        request={"multipart/form-data": shapes.HSDSImportRequestSerializer},
        responses={200: shapes.HSDSImportReportSerializer},
    )
    def post(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > importer.max_bytes() + MULTIPART_SLACK:
            # Refused on the declared length, before the body is read at all.
            return _refused({"file": [_too_large()]})
        upload = self.payload(shapes.HSDSImportRequestSerializer)["file"]
        report = services.hsds_import(actor=request.user, upload=upload)
        if not report.ok:
            reasons = {}
            for problem in report.problems:
                reasons.setdefault(problem.where or "file", []).append(problem.message)
            if report.problems_uncounted:
                reasons.setdefault("file", []).append(
                    _("And %(count)d more problems.") % {"count": report.problems_uncounted}
                )
            return _refused(reasons)
        return Response(shapes.HSDSImportReportSerializer(report.as_dict()).data)


def _too_large() -> str:
    return _("The file is too large: the limit is %(limit)s MB.") % {
        "limit": f"{importer.max_bytes() / (1024 * 1024):g}"
    }


def _refused(fields: dict) -> Response:
    return Response(
        error_body("import_refused", _("Nothing was imported: every reason is listed."), fields),
        status=400,
    )


class HSDSExportJSON(HSDSKeeperView):
    @extend_schema(
        operation_id="directory_hsds_export_json",
        summary="The whole directory as HSDS 3.0 JSON (a page of organization objects)",
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        data = services.hsds_export(actor=request.user, format="json")
        return _download(data, "application/json", "partner-directory-hsds.json")


class HSDSExportTabular(HSDSKeeperView):
    @extend_schema(
        operation_id="directory_hsds_export_tabular",
        summary="The whole directory as the HSDS 3.0 tabular package (zip)",
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        data = services.hsds_export(actor=request.user, format="tabular")
        return _download(data, "application/zip", "partner-directory-hsds.zip")


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
