from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from consent.revocation import revocation_hook_register
        from referrals.choices import ReferralReminderKind
        from referrals.egress import register_referral_egress
        from referrals.timeline import register_referral_sources
        from reminders.kinds import reminder_kind_register

        for kind in ReferralReminderKind:
            reminder_kind_register(kind.value, kind.label)
        register_referral_sources()
        register_referral_egress()
        revocation_hook_register(stop_referrals_on_revocation)


def stop_referrals_on_revocation(*, release_id) -> None:
    from referrals.services import referrals_stop_for_release

    referrals_stop_for_release(release_id=release_id)
