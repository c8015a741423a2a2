"""The gates of the Open311 API: the api_key, its rate limit, the jurisdiction, and the staff's key pages.

A key belongs to one organisation: it never reads or writes another's requests. Keys are looked up by their
hash, so the lookup leaks nothing about stored keys, and the hash is compared again in constant time.
"""

from __future__ import annotations

import hmac
import time

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404

from lofte.core.access import get_organisation_for_user, token_hash
from lofte.core.models import Organisation, User
from lofte.core.roles import Action
from lofte.open311.models import ApiKey

MAX_KEY_LENGTH = 200


def api_key_for(raw: str) -> ApiKey | None:
    """The active key a client sent, or None for a missing, unknown or revoked one."""
    if not raw or len(raw) > MAX_KEY_LENGTH:
        return None
    wanted = token_hash(raw)
    api_key = ApiKey.objects.active().filter(key_hash=wanted).select_related("organisation").first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, wanted):
        return None
    return api_key


def over_rate_limit(api_key: ApiKey) -> bool:
    """Counts this call in the key's current minute; True once the key has used up its minute."""
    window = int(time.time() // 60)
    counter = f"open311:rate:{api_key.pk}:{window}"
    if cache.add(counter, 1, 120):
        return api_key.rate_limit < 1
    try:
        used = cache.incr(counter)
    except ValueError:
        cache.set(counter, 1, 120)
        used = 1
    return used > api_key.rate_limit


class UnknownJurisdiction(LookupError):
    pass


class JurisdictionRequired(LookupError):
    pass


def jurisdiction(jurisdiction_id: str) -> Organisation:
    """The municipality whose kommunkod is `jurisdiction_id`. It may be left out where the installation serves
    one municipality only."""
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).exclude(kommunkod="")
    if jurisdiction_id:
        found = municipalities.filter(kommunkod=jurisdiction_id).first()
        if found is None:
            raise UnknownJurisdiction(jurisdiction_id)
        return found
    only = list(municipalities[:2])
    if len(only) != 1:
        raise JurisdictionRequired
    return only[0]


def get_organisation_for_key_admin(user: User, slug: str) -> Organisation:
    """API keys let outside systems write cases: only the organisation's administrators manage them, and only
    a municipality's, the one kind of organisation that is an Open311 jurisdiction (by its kommunkod)."""
    organisation = get_organisation_for_user(user, slug, action=Action.MANAGE_ORGANISATION)
    if not is_jurisdiction(organisation):
        raise Http404
    return organisation


def is_jurisdiction(organisation: Organisation) -> bool:
    return organisation.is_municipality and bool(organisation.kommunkod)


def get_api_key_for_user(user: User, slug: str, pk: int) -> ApiKey:
    organisation = get_organisation_for_key_admin(user, slug)
    return get_object_or_404(ApiKey, organisation=organisation, pk=pk)
