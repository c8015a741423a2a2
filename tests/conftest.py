"""Personas and places shared by every test: two municipalities, a police area, staff in every role."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.models import Membership, Organisation, Partnership, Place, User
from lofte.core.roles import Role

PASSWORD = "correct-horse-battery-staple"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sjostad(db) -> Organisation:
    return Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")


@pytest.fixture
def lpo_sjostad(db) -> Organisation:
    return Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")


@pytest.fixture
def grannby(db) -> Organisation:
    return Organisation.objects.create(name="Grannby kommun", slug="grannby", kind="municipality", kommunkod="9902")


@pytest.fixture
def lpo_grannby(db) -> Organisation:
    return Organisation.objects.create(name="LPO Grannby", slug="lpo-grannby", kind="police_area")


@pytest.fixture
def partnership(sjostad, lpo_sjostad) -> Partnership:
    return Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo_sjostad
    )


@pytest.fixture
def grannby_partnership(grannby, lpo_grannby) -> Partnership:
    return Partnership.objects.create(
        name="Trygg i Grannby", slug="grannby", municipality=grannby, police_area=lpo_grannby
    )


@pytest.fixture
def resecentrum(sjostad) -> Place:
    return Place.objects.create(
        organisation=sjostad, name="Resecentrum", kind="station", aliases=["stationen"], latitude=58.5, longitude=13.16
    )


def make_user(username: str, organisation: Organisation | None = None, role: Role | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, first_name=username.capitalize(), **extra
    )
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def sjostad_admin(sjostad) -> User:
    return make_user("alva", sjostad, Role.ADMIN)


@pytest.fixture
def sjostad_analyst(sjostad) -> User:
    return make_user("sara", sjostad, Role.ANALYST)


@pytest.fixture
def police_analyst(lpo_sjostad) -> User:
    """The kommunpolis: an analyst in the police area, not in the municipality."""
    return make_user("johan", lpo_sjostad, Role.ANALYST)


@pytest.fixture
def dialogue_staff(sjostad) -> User:
    return make_user("mira", sjostad, Role.DIALOGUE_STAFF)


@pytest.fixture
def police_dialogue_staff(lpo_sjostad) -> User:
    return make_user("ali", lpo_sjostad, Role.DIALOGUE_STAFF)


@pytest.fixture
def case_handler(sjostad) -> User:
    return make_user("karin", sjostad, Role.CASE_HANDLER)


@pytest.fixture
def reader(sjostad) -> User:
    return make_user("erik", sjostad, Role.READER)


@pytest.fixture
def outsider(grannby) -> User:
    """An administrator of another municipality: must see nothing of Sjöstad."""
    return make_user("gunnar", grannby, Role.ADMIN)


@pytest.fixture
def platform_admin(db) -> User:
    return make_user("root", is_superuser=True, is_staff=True)


def verify_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed TOTP, as the two-factor page does."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def login(client) -> Callable[[User], Client]:
    """Sign a persona in, second factor included: `login(sjostad_analyst)`."""

    def _login(user: User) -> Client:
        client.force_login(user)
        if user.needs_two_factor():
            verify_second_factor(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _swedish_until_asked_otherwise() -> Iterator[None]:
    """Each test starts in Swedish, the default: a request in English leaves its language active in the thread,
    and a service called directly in the next test would otherwise answer in English."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """PBKDF2's deliberate slowness protects real accounts; in tests it only costs minutes."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _no_public_page_from_another_test() -> None:
    """Public pages are kept in memory for a few seconds (lofte.core.kept); the next test may reuse their URLs."""
    from lofte.core import kept

    kept.forget_all()


def links_without_language(html: str) -> list[str]:
    """The page's links to other pages of the site that drop the language the visitor chose in the address
    (the public pages set no cookie: the language goes from page to page as ?lang=; the switch itself names the
    other one). Files and data (static files, images, JSON and Atom, which hold both languages) are not pages."""
    links = re.findall(r'<a [^>]*href="(/[^"]*)"', html)
    data = (".json", ".atom", "/static/", "/media/", "bild.jpg", "logo")
    return [link for link in links if "lang=" not in link and not any(d in link for d in data)]
