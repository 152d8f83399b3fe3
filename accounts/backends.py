"""How a signed-in person is loaded on each request."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class RoleModelBackend(ModelBackend):
    """Django's model backend, loading the person with their role in one query: every page and
    access check asks for the role, and reading it separately cost a query per request."""

    def get_user(self, user_id):
        try:
            user = User.objects.with_role().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
