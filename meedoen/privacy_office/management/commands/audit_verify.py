from django.core.management.base import BaseCommand, CommandError

from meedoen.core.audit import verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first break."

    def handle(self, *args: object, **options: object) -> None:
        result = verify()
        if not result.ok:
            raise CommandError(
                f"Audit chain broken at event #{result.first_break}: {result.problem} "
                f"({result.checked} events verified before it)."
            )
        self.stdout.write(f"Audit chain intact: {result.checked} events verified.")
