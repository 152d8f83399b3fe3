"""The accounts pages and API: sign-in, security, tokens, user administration."""

from tests.factories import UserFactory
from tests.matrix.framework import Context, Entry, everyone, only_role


def subject_kwargs(context: Context) -> dict:
    return {"user_id": context.subject.pk}


def pending_change_kwargs(context: Context) -> dict:
    """A second-factor reset of the subject (an advocate), asked for by another administrator."""
    from accounts.change_requests import change_request_open

    change_request = context.remember(
        "change_request",
        lambda: change_request_open(
            actor=UserFactory(role="administrator"),
            kind="second_factor_reset",
            subject=context.subject,
        ),
    )
    return {"request_id": change_request.pk}


def signed_out_only(status_in: int) -> dict[str, int]:
    return everyone(302, signed_out=status_in)


def only(role: str, status: int = 200) -> dict[str, int]:
    return only_role(role, status)


ENTRIES: dict[str, Entry] = {
    "home": Entry(everyone(200)),
    "healthz": Entry(everyone(200, signed_out=200)),
    "api-schema": Entry(everyone(200, signed_out=401)),
    "api-docs": Entry(everyone(200, signed_out=401)),
    "api-me": Entry(everyone(200, signed_out=401)),
    "api-tokens": Entry(everyone(200, signed_out=401)),
    # Whatever matches no API route answers 404 in the API's error shape, signed in or not.
    "api-not-found": Entry(everyone(404, signed_out=404)),
    "api-token-revoke": Entry(
        everyone(204, signed_out=401),
        method="delete",
        kwargs=lambda context: {"token_id": context.own_token_id()},
    ),
    "accounts:sign-in": Entry(signed_out_only(200)),
    # The second-factor pages send people who already passed it to their home page.
    "accounts:verify": Entry(everyone(302)),
    "accounts:enrol": Entry(everyone(302)),
    "accounts:sign-out": Entry(everyone(302), method="post"),
    "accounts:sign-out-everywhere": Entry(everyone(302), method="post"),
    "accounts:security": Entry(everyone(200)),
    "accounts:password-change": Entry(everyone(200)),
    "accounts:set-password": Entry(
        everyone(200, signed_out=200),
        kwargs=lambda context: {"uidb64": "x", "token": "y"},
    ),
    "accounts:token-list": Entry(everyone(200)),
    "accounts:token-revoke": Entry(
        everyone(302), method="post", kwargs=lambda context: {"token_id": context.own_token_id()}
    ),
    "accounts:user-list": Entry(only("administrator")),
    "accounts:user-create": Entry(only("administrator")),
    "accounts:user-edit": Entry(only("administrator"), kwargs=subject_kwargs),
    "accounts:user-deactivate": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-reactivate": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-reset-second-factor": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-password-link": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:change-request-list": Entry(only("administrator")),
    "accounts:change-request-approve": Entry(
        only("administrator", 302), method="post", kwargs=pending_change_kwargs
    ),
    "accounts:change-request-decline": Entry(
        only("administrator", 302), method="post", kwargs=pending_change_kwargs
    ),
    # Without a valid signed token the holder's page refuses, whoever asks.
    "accounts:change-confirm": Entry(everyone(400, signed_out=400)),
}
