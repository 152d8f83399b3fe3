"""The reports API: run a report, follow its progress, fetch its result or its files — the
pages' capabilities under the same rules (``reports.access``; a run is its requester's, anyone
else gets 404) and the same suppression (the stored result holds no hidden count)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from alongside.api import ErrorSerializer, error_body
from alongside.api_views import AlongsideAPIView
from alongside.service_errors import api_service_errors
from reports import runs, selectors
from reports import services as engine_services
from reports.access import may_run_reports
from reports.api import serializers as shapes
from reports.downloads import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, report_file
from reports.serialize import report_to_json


class ReportsAPIView(AlongsideAPIView):
    serializer_class = shapes.RunSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_run_reports(request.user):
            raise PermissionDenied

    def run(self, *, with_result: bool = False):
        return selectors.run_for(
            actor=self.request.user, run_id=self.kwargs["run_id"], with_result=with_result
        )


def _not_ready() -> Response:
    return Response(
        error_body("not_ready", "The report is not ready: follow the run until it is done."),
        status=status.HTTP_409_CONFLICT,
    )


class RunList(ReportsAPIView):
    @extend_schema(
        summary="Your recent report runs, newest first",
        responses=shapes.RunSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.runs_recent(actor=request.user))
        return self.get_paginated_response(shapes.RunSerializer(page, many=True).data)

    @extend_schema(
        summary="Run a report (a long period runs in the background: follow the run)",
        request=shapes.RunRequestSerializer,
        responses={201: shapes.RunSerializer, 400: ErrorSerializer},
    )
    def post(self, request):
        checked = self.checked(shapes.RunRequestSerializer)
        with api_service_errors():
            run = runs.report_run_start(
                actor=request.user,
                kind=checked.validated_data["kind"],
                data=checked.parameters_data(),
            )
        return self.created(shapes.RunSerializer(run).data)


class RunDetail(ReportsAPIView):
    @extend_schema(summary="A run: its status and progress")
    def get(self, request, run_id):
        return Response(shapes.RunSerializer(self.run()).data)


class RunResult(ReportsAPIView):
    serializer_class = shapes.ReportSerializer

    @extend_schema(
        summary="A finished run's report: tables of counts, small counts hidden",
        responses={200: shapes.ReportSerializer, 409: ErrorSerializer},
    )
    def get(self, request, run_id):
        report = runs.run_report(self.run(with_result=True))
        if report is None:
            return _not_ready()
        return Response(report_to_json(report, shown=True))


class _RunFile(ReportsAPIView):
    file_format = ""

    def get(self, request, run_id):
        run = self.run(with_result=True)
        report = runs.run_report(run)
        if report is None:
            return _not_ready()
        content, content_type, name = report_file(report, self.file_format)
        runs.report_download_record(actor=request.user, run=run, file_format=self.file_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


def _file_schema(content_type: str, words: str):
    return extend_schema(
        summary=f"A finished run's report as {words} (audited), small counts hidden",
        responses={
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY),
            409: ErrorSerializer,
        },
    )


class RunCsv(_RunFile):
    file_format = "csv"

    @_file_schema(CSV_CONTENT_TYPE.split(";")[0], "CSV")
    def get(self, request, run_id):
        return super().get(request, run_id)


class RunXlsx(_RunFile):
    file_format = "xlsx"

    @_file_schema(XLSX_CONTENT_TYPE, "XLSX")
    def get(self, request, run_id):
        return super().get(request, run_id)


# Funder packs ---------------------------------------------------------------------------------


class PackList(ReportsAPIView):
    serializer_class = shapes.PackSerializer

    @extend_schema(
        summary="Funder packs you may see, newest first",
        responses=shapes.PackSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.packs_for(actor=request.user))
        return self.get_paginated_response(shapes.PackSerializer(page, many=True).data)

    @extend_schema(
        summary="Make a funder pack for a period (kept to regenerate later)",
        request=shapes.PackRequestSerializer,
        responses={201: shapes.PackSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request):
        data = self.payload(shapes.PackRequestSerializer)
        with api_service_errors():
            pack = engine_services.pack_create(actor=request.user, **data)
        return self.created(shapes.PackSerializer(pack).data)


class PackDetail(ReportsAPIView):
    serializer_class = shapes.PackSerializer

    @extend_schema(summary="A funder pack: its parameters and the numbers as they left")
    def get(self, request, pack_id):
        pack = selectors.pack_for(actor=request.user, pack_id=pack_id)
        return Response(shapes.PackSerializer(pack).data)


class PackRegenerate(ReportsAPIView):
    serializer_class = shapes.PackComparisonSerializer

    @extend_schema(
        summary="Run a pack's report again: the same numbers, or what changed",
        request=None,
        responses={200: shapes.PackComparisonSerializer},
    )
    def post(self, request, pack_id):
        pack = selectors.pack_for(actor=request.user, pack_id=pack_id)
        comparison = engine_services.pack_regenerate(actor=request.user, pack=pack)
        return Response(shapes.PackComparisonSerializer(comparison).data)
