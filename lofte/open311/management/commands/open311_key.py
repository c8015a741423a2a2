"""`manage.py open311_key create --organisation SLUG --name NAME`: a new API key, printed as the last line.

`manage.py open311_key revoke --organisation SLUG --name NAME` revokes the organisation's active keys of that name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.core.models import Organisation
from lofte.open311.models import DEFAULT_RATE_LIMIT, ApiKey
from lofte.open311.services import api_key_create, api_key_revoke


class Command(BaseCommand):
    help = "Skapa eller återkalla en Open311-API-nyckel för en organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("--organisation", required=True, help="organisationens kortnamn (slug)")
        parser.add_argument("--name", required=True, help="applikationens namn")
        parser.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="anrop per minut")
        parser.add_argument("--may-update", action="store_true", help="får posta servicerequestupdates")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Ingen organisation med kortnamnet {options['organisation']}.")
        if options["action"] == "revoke":
            keys = ApiKey.objects.active().filter(organisation=organisation, name=options["name"])
            for api_key in keys:
                api_key_revoke(api_key=api_key, by=None)
                self.stdout.write(f"Återkallad: {api_key}")
            return
        try:
            created = api_key_create(
                organisation=organisation,
                name=options["name"],
                by=None,
                rate_limit=options["rate_limit"],
                may_update=options["may_update"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Nyckel för {created.api_key.name} ({organisation.name}, jurisdiction_id {organisation.kommunkod}). "
            "Den visas bara nu:"
        )
        self.stdout.write(created.key)
