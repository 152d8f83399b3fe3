from django.core.management.base import BaseCommand

from protection.services import command_line_reason, kek_add


class Command(BaseCommand):
    help = (
        "Create a new key-encryption key version. In development it is added to var/keys.json "
        "and made current; with keys from the environment it is printed for the operator."
    )

    def handle(self, *args, **options):
        version, key_text = kek_add(actor=None, reason=command_line_reason(""))
        if key_text is None:
            self.stdout.write(
                self.style.SUCCESS(f"Added KEK version {version}; it is now current.")
            )
            self.stdout.write("Next: manage.py keys_rewrap, then keys_retire the old version.")
            return
        self.stdout.write(
            "Append this entry to ALONGSIDE_KEKS (keep the existing ones), set "
            f"ALONGSIDE_KEK_CURRENT={version}, restart every web and worker process, then run "
            "keys_rewrap. It is shown once and stored nowhere:"
        )
        self.stdout.write(f"{version}:{key_text}")
