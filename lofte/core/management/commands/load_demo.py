from __future__ import annotations

from django.core.management.base import BaseCommand

from lofte.core import demo


class Command(BaseCommand):
    help = "Load (or refresh) the fictional Sjöstad demo. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=2020, help="Seed for the generated demo data.")

    def handle(self, *args, seed: int, **options) -> None:  # type: ignore[no-untyped-def]
        ctx = demo.run(seed=seed)
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Demodata laddad."))
        organisations = {"kommun": "Sjöstad kommun", "polis": "Lokalpolisområde Sjöstad"}
        lines = [
            f"  {u + '@' + demo.DEMO_DOMAIN:<30} {role.label} ({organisations[org]})"
            + (f"  – tvåfaktor: make otp USER={u}" if role.sees_personal_data else "")
            for u, _f, _l, org, role, _t in demo.STAFF
        ]
        platform = demo.PLATFORM_ADMIN[0]
        lines.append(
            f"  {platform + '@' + demo.DEMO_DOMAIN:<30} Plattformsadministratör (skapar organisationer)"
            f"  – tvåfaktor: make otp USER={platform}"
        )
        self.stdout.write(
            f"\nLogga in på http://127.0.0.1:8000 som en av dessa (lösenord: {demo.DEMO_PASSWORD}):\n"
            + "\n".join(lines)
        )
