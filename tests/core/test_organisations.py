from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lofte.core.models import AuditEntry, Membership, Organisation
from lofte.core.roles import Role
from lofte.core.services import organisation_create
from tests.conftest import make_user


def test_platform_admin_creates_a_municipality_with_its_kommunkod(login, platform_admin):
    client = login(platform_admin)
    response = client.post(
        reverse("core:organisation_create"), {"name": "Nyby kommun", "kind": "municipality", "kommunkod": "1494"}
    )
    organisation = Organisation.objects.get(name="Nyby kommun")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert (organisation.kind, organisation.kommunkod, organisation.slug) == ("municipality", "1494", "nyby-kommun")
    entry = AuditEntry.objects.get(action="organisation.create")
    assert entry.organisation == organisation and entry.changes["kommunkod"] == "1494"


def test_a_municipality_needs_four_digits_and_a_police_area_none(login, platform_admin):
    client = login(platform_admin)
    response = client.post(
        reverse("core:organisation_create"), {"name": "Nyby kommun", "kind": "municipality", "kommunkod": "149"}
    )
    assert response.status_code == 400
    assert "fyra siffror" in response.content.decode()
    response = client.post(
        reverse("core:organisation_create"), {"name": "LPO Nyby", "kind": "police_area", "kommunkod": "1494"}
    )
    assert response.status_code == 400
    assert "Bara kommuner har en kommunkod" in response.content.decode()
    assert not Organisation.objects.filter(name__in=["Nyby kommun", "LPO Nyby"]).exists()


def test_kommunkod_is_unique(login, platform_admin, sjostad):
    client = login(platform_admin)
    response = client.post(
        reverse("core:organisation_create"), {"name": "Kopia", "kind": "municipality", "kommunkod": sjostad.kommunkod}
    )
    assert response.status_code == 400
    assert Organisation.objects.filter(kommunkod=sjostad.kommunkod).count() == 1
    body = response.content.decode()
    assert "Det finns redan en kommun med kommunkod 9901." in body
    assert "organisation_unique_kommunkod" not in body and "Begränsningen" not in body
    assert "Ange kommunens kommunkod" not in body  # four digits were given: told once, as taken


def test_editing_to_another_municipalitys_kommunkod_is_refused_in_swedish(login, sjostad_admin, sjostad, grannby):
    response = login(sjostad_admin).post(
        reverse("core:organisation_edit", args=[sjostad.slug]), {"name": sjostad.name, "kommunkod": "9902"}
    )
    assert response.status_code == 400
    assert "Det finns redan en kommun med kommunkod 9902." in response.content.decode()
    sjostad.refresh_from_db()
    assert sjostad.kommunkod == "9901"


def test_a_second_organisation_with_the_same_name_and_kind_is_refused(login, platform_admin, lpo_sjostad):
    client = login(platform_admin)
    response = client.post(reverse("core:organisation_create"), {"name": "lpo sjöstad", "kind": "police_area"})
    assert response.status_code == 400
    assert "Det finns redan en organisation av typen lokalpolisområde som heter lpo sjöstad." in (
        response.content.decode()
    )
    assert Organisation.objects.filter(kind="police_area").count() == 1
    # The same name for another kind of organisation is fine.
    response = client.post(reverse("core:organisation_create"), {"name": "LPO Sjöstad", "kind": "other"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="LPO Sjöstad").count() == 2


def test_start_page_counts_every_member_for_an_organisation_member(login, sjostad_admin, sjostad, reader):
    for number in range(3):
        make_user(f"medlem{number}", sjostad, Role.READER)
    body = login(sjostad_admin).get(reverse("core:organisation_list")).content.decode()
    assert Membership.objects.filter(organisation=sjostad).count() == 5
    assert "5 medlemmar" in body and "1 medlem<" not in body


def test_organisation_admin_cannot_create_organisations(login, sjostad_admin):
    client = login(sjostad_admin)
    response = client.post(reverse("core:organisation_create"), {"name": "Egen", "kind": "other"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Egen").exists()


def test_organisation_admin_edits_name_and_website_and_it_is_audited(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    response = client.post(
        reverse("core:organisation_edit", args=[sjostad.slug]),
        {"name": "Sjöstads kommun", "kommunkod": "9901", "website": "https://sjostad.example"},
    )
    assert response.status_code == 302
    sjostad.refresh_from_db()
    assert (sjostad.name, sjostad.website, sjostad.slug) == ("Sjöstads kommun", "https://sjostad.example", "sjostad")
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == sjostad_admin and entry.changes["name"] == ["Sjöstad kommun", "Sjöstads kommun"]


def test_analyst_may_see_but_not_edit_the_organisation(login, sjostad_analyst, sjostad):
    client = login(sjostad_analyst)
    assert client.get(sjostad.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("core:organisation_edit", args=[sjostad.slug]), {"name": "Hack", "kommunkod": "9901"}
    )
    assert response.status_code == 403
    sjostad.refresh_from_db()
    assert sjostad.name == "Sjöstad kommun"


def test_police_admin_does_not_learn_the_municipality_exists(login, lpo_sjostad, sjostad, partnership):
    from lofte.core.roles import Role
    from tests.conftest import make_user

    police_admin = make_user("polischef", lpo_sjostad, Role.ADMIN)
    client = login(police_admin)
    assert client.get(sjostad.get_absolute_url()).status_code == 404
    assert client.get(reverse("core:organisation_edit", args=[sjostad.slug])).status_code == 404


def test_detail_shows_admins_members_and_recent_audit_but_readers_neither(
    login, sjostad_admin, reader, sjostad, resecentrum
):
    AuditEntry.objects.create(
        actor=sjostad_admin,
        organisation=sjostad,
        action="place.create",
        target_type="core.place",
        target_id=str(resecentrum.pk),
        target_repr="Resecentrum",
    )
    admin_page = login(sjostad_admin).get(sjostad.get_absolute_url()).content.decode()
    assert "Senaste ändringar" in admin_page and "Plats skapad" in admin_page
    assert reverse("core:member_list", args=[sjostad.slug]) in admin_page
    reader_page = login(reader).get(sjostad.get_absolute_url()).content.decode()
    assert "Senaste ändringar" not in reader_page
    assert reverse("core:member_list", args=[sjostad.slug]) not in reader_page
    assert "1 plats i ortregistret" in reader_page


def test_administration_start_page_lists_only_own_organisations(login, outsider, sjostad, grannby):
    page = login(outsider).get(reverse("core:organisation_list")).content.decode()
    assert "Grannby kommun" in page and "Sjöstad kommun" not in page


def test_a_municipality_always_has_a_kommunkod_whoever_creates_it(platform_admin):
    with pytest.raises(ValidationError) as error:
        organisation_create(name="Utan kod", kind="municipality", by=platform_admin)
    assert "kommunkod" in error.value.message_dict
    assert not Organisation.objects.filter(name="Utan kod").exists()


def test_a_municipality_named_like_a_public_page_gets_a_slug_whose_forms_are_its_own(login, platform_admin, client):
    # /p/dialog/… is the web survey's address: a municipality with the slug "dialog" would never reach its Tyck till.
    login(platform_admin).post(
        reverse("core:organisation_create"), {"name": "Dialog", "kind": "municipality", "kommunkod": "1495"}
    )
    organisation = Organisation.objects.get(name="Dialog")
    assert organisation.slug == "dialog-2"
    assert client.get(reverse("cases_public:feedback", args=[organisation.slug])).status_code == 200


def test_a_slug_that_a_public_page_uses_is_refused_in_swedish(login, platform_admin):
    response = login(platform_admin).post(
        reverse("core:organisation_create"),
        {"name": "Ärendeby kommun", "kind": "municipality", "kommunkod": "1496", "slug": "arende"},
    )
    assert response.status_code == 400
    assert "”arende” är reserverat" in response.content.decode()
    assert not Organisation.objects.filter(name="Ärendeby kommun").exists()


def test_every_fixed_word_of_the_public_addresses_is_reserved():
    """A public page added under /p/ with a fixed first word must reserve that word as a slug."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from lofte.core.services import RESERVED_SLUGS

    def first_words(patterns, prefix: str):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from first_words(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("p/"):
                word = route[2:].split("/")[0].split(".")[0]
                if word and "<" not in word:
                    yield word

    words = set(first_words(get_resolver().url_patterns, ""))
    assert {"dialog", "arende", "lagesbild", "medborgarloften"} <= words
    assert words <= RESERVED_SLUGS


def test_the_current_logo_on_the_edit_page_opens(login, sjostad_admin, sjostad, lpo_sjostad, client):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 140)).save(out, format="PNG")
    sjostad.logo.save("sjostad-logo.png", ContentFile(out.getvalue()))
    page = login(sjostad_admin).get(reverse("core:organisation_edit", args=[sjostad.slug])).text
    link = re.search(r'<a href="([^"]+)">sjostad-logo[^<]*\.png</a>', page).group(1)
    assert link == reverse("public:logo", args=[sjostad.slug])
    assert client.get(link)["Content-Type"] == "image/png"
    # A police area's logo is served nowhere (it goes into PDFs): its name is shown, not a link that 404s.
    lpo_sjostad.logo.save("lpo-logo.png", ContentFile(out.getvalue()))
    police_admin = make_user("polischef", lpo_sjostad, Role.ADMIN)
    page = login(police_admin).get(reverse("core:organisation_edit", args=[lpo_sjostad.slug])).text
    assert "lpo-logo" in page and not re.search(r'<a href="[^"]*">lpo-logo', page)
