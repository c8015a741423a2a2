"""Writes for organisations, partnerships, areas, places, contact centres, users and memberships."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.audit import audit_log
from lofte.core.models import User


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, by: User) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(actor=by, action="user.two_factor_enrol", target=by)
