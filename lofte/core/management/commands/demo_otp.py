from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.demo import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current one-time code of a demo user's authenticator (demo users only)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username", help="For example admin or admin@sjostad.example")

    def handle(self, *args, username: str, **options) -> None:  # type: ignore[no-untyped-def]
        if "@" not in username:
            username = f"{username}@{DEMO_DOMAIN}"
        if not username.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError("Only the demo's own users have a known authenticator key.")
        device = TOTPDevice.objects.filter(user__username=username, name="demo", confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo authenticator for {username}. Run `make demo` first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
