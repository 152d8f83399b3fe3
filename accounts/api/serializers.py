from rest_framework import serializers

from accounts.models import ApiToken, User
from alongside.api import StrictCharField


class MeSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True)
    role_label = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "role_label"]
        read_only_fields = fields


class ApiTokenSerializer(serializers.ModelSerializer):
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created_at", "last_used_at", "expires_at", "revoked_at", "active"]
        read_only_fields = fields

    def get_active(self, token: ApiToken) -> bool:
        return token.revoked_at is None and not token.is_expired


class ApiTokenCreateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=80, allow_blank=False, trim_whitespace=True)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields
