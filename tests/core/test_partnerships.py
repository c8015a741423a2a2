from __future__ import annotations

from django.urls import reverse

from lofte.core.models import AuditEntry, Organisation, Partnership
from lofte.core.roles import Role
from tests.conftest import make_user


def test_platform_admin_creates_a_partnership_of_kommun_and_police_area(login, platform_admin, grannby, lpo_grannby):
    response = login(platform_admin).post(
        reverse("core:partnership_create"),
        {"name": "Trygg i Grannby", "municipality": grannby.pk, "police_area": lpo_grannby.pk},
    )
    partnership = Partnership.objects.get(name="Trygg i Grannby")
    assert response.status_code == 302
    assert (partnership.municipality, partnership.police_area, partnership.slug) == (
        grannby,
        lpo_grannby,
        "trygg-i-grannby",
    )
    assert set(AuditEntry.objects.filter(action="partnership.create").values_list("organisation", flat=True)) == {
        grannby.pk,
        lpo_grannby.pk,
    }


def test_a_police_area_cannot_stand_as_the_municipality(login, platform_admin, lpo_grannby, lpo_sjostad):
    response = login(platform_admin).post(
        reverse("core:partnership_create"),
        {"name": "Fel", "municipality": lpo_grannby.pk, "police_area": lpo_sjostad.pk},
    )
    assert response.status_code == 400
    assert not Partnership.objects.filter(name="Fel").exists()


def test_municipality_admin_renames_and_adds_a_partner(login, sjostad_admin, partnership):
    school = Organisation.objects.create(name="Sjöstads skolor", slug="skolor", kind="other")
    response = login(sjostad_admin).post(
        reverse("core:partnership_edit", args=[partnership.slug]),
        {"name": "Tryggare Sjöstad", "other_partners": [school.pk]},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.name == "Tryggare Sjöstad"
    assert list(partnership.other_partners.all()) == [school]
    entry = AuditEntry.objects.filter(action="partnership.update").first()
    assert entry.changes["other_partners"] == [[], [school.pk]]


def test_police_admin_sees_but_cannot_edit_the_partnership(login, lpo_sjostad, partnership):
    police_admin = make_user("polischef", lpo_sjostad, Role.ADMIN)
    client = login(police_admin)
    assert client.get(partnership.get_absolute_url()).status_code == 200
    response = client.post(reverse("core:partnership_edit", args=[partnership.slug]), {"name": "Polisens"})
    assert response.status_code == 403
    partnership.refresh_from_db()
    assert partnership.name == "Trygg i Sjöstad"


def test_outsider_gets_404_for_someone_elses_partnership(login, outsider, partnership):
    assert login(outsider).get(reverse("core:partnership_edit", args=[partnership.slug])).status_code == 404
    page = login(outsider).get(reverse("core:partnership_list")).content.decode()
    assert "Trygg i Sjöstad" not in page


def test_municipality_admin_cannot_join_another_kommun_or_police_area_to_the_partnership(
    login, sjostad_admin, partnership, grannby, lpo_grannby
):
    client = login(sjostad_admin)
    page = client.get(reverse("core:partnership_edit", args=[partnership.slug])).content.decode()
    assert grannby.name not in page and lpo_grannby.name not in page
    response = client.post(
        reverse("core:partnership_edit", args=[partnership.slug]),
        {"name": "Trygg i Sjöstad", "other_partners": [grannby.pk]},
    )
    assert response.status_code == 400
    assert not partnership.other_partners.exists()
    assert not AuditEntry.objects.filter(action="partnership.update").exists()


def test_an_added_partner_sees_the_change_in_its_own_log(login, sjostad_admin, partnership):
    school = Organisation.objects.create(name="Sjöstads skolor", slug="skolor", kind="other")
    login(sjostad_admin).post(
        reverse("core:partnership_edit", args=[partnership.slug]),
        {"name": partnership.name, "other_partners": [school.pk]},
    )
    logged = set(AuditEntry.objects.filter(action="partnership.update").values_list("organisation", flat=True))
    assert logged == {partnership.municipality_id, partnership.police_area_id, school.pk}
