from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from protection.keyring import get_keyring, keys_come_from_environment
from protection.models import DataKey


class Command(BaseCommand):
    help = "Show the configured key-encryption keys and how many data keys each one wraps."

    def handle(self, *args, **options):
        keyring = get_keyring()
        source = "environment" if keys_come_from_environment() else "development keys file"
        counts = dict(
            DataKey.objects.filter(shredded_at__isnull=True)
            .values_list("kek_version")
            .annotate(count=Count("id"))
            .order_by()
        )
        shredded = DataKey.objects.filter(~Q(shredded_at=None)).count()
        self.stdout.write(f"Keys from: {source}")
        self.stdout.write(f"Current KEK version: {keyring.current_kek_version}")
        self.stdout.write("KEK version   data keys")
        for version in sorted(set(keyring.keks) | set(counts)):
            note = ""
            if version == keyring.current_kek_version:
                note = "  (current)"
            elif version not in keyring.keks:
                note = "  (NOT CONFIGURED: these data keys cannot be unwrapped)"
            elif counts.get(version):
                note = "  (run keys_rewrap)"
            else:
                note = "  (unused: can be retired)"
            self.stdout.write(f"{version:>11}   {counts.get(version, 0):>9}{note}")
        self.stdout.write(f"Shredded data keys: {shredded}")
