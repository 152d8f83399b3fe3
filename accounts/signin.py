"""Sign-in pieces shared by the views and django-axes."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


def axes_username(request, credentials) -> str:
    """The account key for lockouts: the typed email, normalised, so case tricks don't help."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username", "")).strip().lower()


class SignInForm(AuthenticationForm):
    """Email and password. Unknown email and wrong password get the same message."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("That email and password do not match an active account."),
        "inactive": _("That email and password do not match an active account."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a backup code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip().replace(" ", "")


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("The 6-digit code your app shows"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
