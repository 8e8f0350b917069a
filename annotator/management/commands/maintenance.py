from django.core.management.base import BaseCommand

from annotator import maintenance


class Command(BaseCommand):
    help = (
        "Turn maintenance mode (every request answered 503 with Retry-After) on or off, or show it. "
        "`restore` turns it on and off by itself; use this after a restore that was killed."
    )

    def add_arguments(self, parser):
        parser.add_argument("state", nargs="?", choices=["on", "off", "status"], default="status")
        parser.add_argument("--reason", default="Maintenance")

    def handle(self, *args, state, reason, **options):
        if state == "on":
            maintenance.turn_on(reason=reason)
        elif state == "off":
            maintenance.turn_off()
        flag = maintenance.status()
        if flag is None:
            self.stdout.write("Maintenance mode is off.")
        else:
            self.stdout.write(f"Maintenance mode is on since {flag.get('since', '?')}: {flag.get('reason', '')}")
