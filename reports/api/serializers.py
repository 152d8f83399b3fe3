"""Shapes of the reports API. A report holds counts and category codes only; a hidden cell is
``{"hidden": true, "shown": "fewer than 5 or hidden"}``, never its count."""

from rest_framework import serializers

from alongside.api import StrictCharField
from reports import kinds
from reports.choices import ReportKind, RunStatus


class RunRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ReportKind.choices)
    preset = serializers.ChoiceField(
        kinds.PRESETS,
        default=kinds.PRESET_CUSTOM,
        help_text="A period relative to today (whole months), or `custom` with the two dates.",
    )
    period_start = serializers.DateField(required=False, help_text="First day (custom period).")
    period_end = serializers.DateField(
        required=False, help_text="Last day, inclusive (custom period)."
    )
    filters = serializers.DictField(
        child=StrictCharField(max_length=64),
        required=False,
        default=dict,
        help_text="Filter name → one of its known values (codes or ids).",
    )
    threshold = serializers.IntegerField(
        required=False, help_text="Counts from 1 to this number are hidden (default 4)."
    )

    def parameters_data(self) -> dict:
        data = dict(self.validated_data)
        data.pop("kind")
        for name in ("period_start", "period_end"):
            if name in data:
                data[name] = data[name].isoformat()
        return data


class RunSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(ReportKind.choices, read_only=True)
    status = serializers.ChoiceField(RunStatus.choices, read_only=True)
    progress = serializers.IntegerField(read_only=True, help_text="0 to 100.")
    step = serializers.CharField(read_only=True, help_text="What the run is doing, in words.")
    in_background = serializers.BooleanField(read_only=True)
    failure = serializers.CharField(read_only=True, help_text="Why it failed; empty otherwise.")
    parameters = serializers.DictField(read_only=True, help_text="The validated parameters.")
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ColumnSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)


class RowSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    cells = serializers.ListField(
        child=serializers.JSONField(),
        read_only=True,
        help_text=(
            'A number; null (not applicable); or {"hidden": true, "shown": "fewer than 5 or '
            'hidden"}.'
        ),
    )


class TableSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    row_header = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    has_totals = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    chart = serializers.CharField(read_only=True)
    columns = ColumnSerializer(many=True, read_only=True)
    rows = RowSerializer(many=True, read_only=True)


class ReportSerializer(serializers.Serializer):
    format = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    filters = serializers.DictField(read_only=True)
    filter_labels = serializers.DictField(child=serializers.CharField(), read_only=True)
    threshold = serializers.IntegerField(read_only=True)
    generated_at = serializers.DateTimeField(read_only=True)
    code_version = serializers.CharField(read_only=True)
    records_hash = serializers.CharField(read_only=True)
    notes = serializers.ListField(child=serializers.CharField(), read_only=True)
    tables = TableSerializer(many=True, read_only=True)


class PackRequestSerializer(serializers.Serializer):
    period_start = serializers.DateField(help_text="First day of the funder's period.")
    period_end = serializers.DateField(help_text="Last day, inclusive.")
    program = serializers.UUIDField(
        required=False, allow_null=True, help_text="A program's id; empty: the organization."
    )
    threshold = serializers.IntegerField(
        required=False, help_text="Counts from 1 to this number are hidden (default 4)."
    )


class PackSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    program = serializers.UUIDField(source="program_id", read_only=True, allow_null=True)
    threshold = serializers.IntegerField(read_only=True)
    code_version = serializers.CharField(read_only=True)
    records_hash = serializers.CharField(read_only=True)
    numbers = serializers.DictField(
        read_only=True, help_text='The tables as they left; a hidden cell is "hidden".'
    )
    created_at = serializers.DateTimeField(read_only=True)


class PackComparisonSerializer(serializers.Serializer):
    same = serializers.BooleanField(read_only=True, help_text="Every number as it was.")
    changes = serializers.ListField(child=serializers.CharField(), read_only=True)
    records_changed = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The kinds of records that changed since the pack was made.",
    )
    code_version_changed = serializers.BooleanField(read_only=True)
