from django.core.management.base import BaseCommand, CommandError

from protection.exceptions import ProtectedDataError
from protection.services import kek_retire


class Command(BaseCommand):
    help = "Retire a key-encryption key version that no live data key uses any more."

    def add_arguments(self, parser):
        parser.add_argument("version", type=int)

    def handle(self, *args, version: int, **options):
        try:
            removed_here = kek_retire(actor=None, version=version)
        except ProtectedDataError as error:
            raise CommandError(str(error)) from None
        if removed_here:
            self.stdout.write(self.style.SUCCESS(f"Retired KEK version {version}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"KEK version {version} is no longer used. Remove the entry {version}:... "
                    "from ALONGSIDE_KEKS and restart; then destroy every copy of that key."
                )
            )
