"""The GeoReport v2 API as an API client application, a FixMyStreet integration and an attacker use it."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from lofte.cases.models import Case, CaseEvent, CaseKind
from lofte.cases.services import case_reply, case_set_status
from lofte.open311.models import ApiKey, Submission, Update
from lofte.open311.protocol import parse_datetime
from lofte.open311.services import api_key_create
from tests.open311.conftest import BASE, Api, jpeg_with_gps, parse, stored_fault

FORMATS = ["json", "xml"]
Z_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_lists_the_categories_and_tyck_till_as_services(client, sjostad, street_lights, fmt) -> None:
    response = Api(client, fmt).get("services", jurisdiction_id="9901")
    assert response.status_code == 200
    services = parse(response)
    codes = [s["service_code"] for s in services]
    assert codes == ["gatubelysning", "tyck_till"]  # the parent "gata" is a group, not a service
    light = services[0]
    assert light["service_name"] == "Gatubelysning" and light["group"] == "Gata och väg"
    assert light["metadata"] in (False, "false") and light["type"] == "realtime"
    english = parse(Api(client, fmt).get("services", locale="en_GB"))
    assert english[0]["service_name"] == "Street lighting"


@pytest.mark.parametrize("fmt", FORMATS)
def test_tyck_till_has_a_definition_with_a_required_list_and_an_information_text(client, sjostad, fmt) -> None:
    definition = parse(Api(client, fmt).get("services/tyck_till"))
    attributes = definition["attributes"]
    assert [a["code"] for a in attributes] == ["typ", "verksamhet", "personuppgifter"]
    assert [v["key"] for v in attributes[0]["values"]] == ["berom", "fraga", "forslag", "klagomal"]
    assert Api(client, fmt).get("services/okand").status_code == 404


def test_a_client_posts_a_fault_report_form_encoded_and_it_becomes_a_routed_case(api, sjostad, street_lights) -> None:
    response = api.post_form(
        "requests",
        {
            "jurisdiction_id": "9901",
            "service_code": "gatubelysning",
            "lat": "58.5035",
            "long": "13.1577",
            "description": "Lampan vid busshållplatsen är släckt.",
            "first_name": "Ada",
            "last_name": "Lund",
            "email": "ada@example.se",
            "media_url": "https://example.se/bild.jpg",
            "device_id": "abc",
        },
    )
    assert response.status_code == 200, response.content
    [answer] = parse(response)
    case = Case.objects.get(reference=answer["service_request_id"])
    assert case.organisation == sjostad and case.kind == CaseKind.FAULT and case.category == street_lights
    assert case.group.name == "Gatuenheten"
    assert case.reporter_name == "Ada Lund" and case.reporter_email == "ada@example.se" and case.consent_at
    assert case.open311.media_urls == ["https://example.se/bild.jpg"] and case.open311.device_id == "abc"
    assert case.events.filter(kind=CaseEvent.Kind.SUBMITTED).exists()
    assert ApiKey.objects.get(name="Felanmälningsappen").last_used_at is not None


def test_a_photo_uploaded_multipart_is_cleaned_like_a_residents_photo(api, sjostad, street_lights) -> None:
    photo = SimpleUploadedFile("lampa.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = api.post("requests", {"service_code": "gatubelysning", "address_string": "Storgatan 1", "media": photo})
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    stored = Image.open(io.BytesIO(case.photo.read()))
    assert stored.format == "JPEG" and not stored.getexif().get(0x8825)
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    refused = api.post("requests", {"service_code": "gatubelysning", "address_string": "X", "media": bad})
    assert refused.status_code == 400 and Case.objects.count() == 1


def test_parameters_in_the_query_string_are_accepted(client, app_key, sjostad, street_lights) -> None:
    response = client.post(
        f"{BASE}/requests.json?api_key={app_key}&service_code=gatubelysning&lat=58.5&long=13.1&description=M%C3%B6rkt"
    )
    assert response.status_code == 200
    assert Case.objects.get().message == "Mörkt"


def test_tyck_till_takes_its_kind_from_attribute_typ(api, sjostad) -> None:
    response = api.post_form(
        "requests",
        {
            "service_code": "tyck_till",
            "description": "Fler lampor längs gångvägen, tack.",
            "attribute[typ]": "forslag",
            "attribute[verksamhet]": "Gator",
            "attribute[extra][]": ["a", "b"],
        },
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.kind == CaseKind.FEEDBACK and case.feedback_type == "forslag" and case.service == "Gator"
    assert case.open311.attributes["extra"] == ["a", "b"]
    missing = api.post_form("requests", {"service_code": "tyck_till", "description": "Hej"})
    assert missing.status_code == 400 and Case.objects.count() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_without_location_or_service_are_refused_with_spec_errors(client, app_key, street_lights, fmt):
    api = Api(client, fmt, app_key)
    no_place = api.post("requests", {"service_code": "gatubelysning", "description": "Mörkt"})
    assert no_place.status_code == 400
    [err] = parse(no_place)
    assert str(err["code"]) == "400" and "lat" in err["description"]
    assert api.post("requests", {"description": "x"}).status_code == 400
    assert api.post("requests", {"service_code": "okand", "lat": "58", "long": "13"}).status_code == 404
    assert api.post("requests", {"service_code": "gatubelysning", "lat": "958", "long": "13"}).status_code == 400
    assert api.post("requests", {"service_code": "gatubelysning", "address_id": "9" * 30}).status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_attacker_without_a_valid_key_gets_403_and_stores_nothing(client, sjostad, street_lights, fmt) -> None:
    attacker = Api(client, fmt, "o311_guessed")
    response = attacker.post("requests", {"service_code": "gatubelysning", "lat": "58", "long": "13"})
    assert response.status_code == 403
    assert str(parse(response)[0]["code"]) == "403"
    assert Api(client, fmt).post("requests", {"service_code": "gatubelysning"}).status_code == 403
    assert not Case.objects.exists()


def test_a_revoked_key_is_refused(client, sjostad, street_lights) -> None:
    from lofte.open311.services import api_key_revoke

    created = api_key_create(organisation=sjostad, name="Gammal", by=None)
    api_key_revoke(api_key=created.api_key, by=None)
    response = Api(client, "json", created.key).post(
        "requests", {"service_code": "gatubelysning", "lat": "1", "long": "1"}
    )
    assert response.status_code == 403 and not Case.objects.exists()


def test_a_key_of_one_municipality_never_writes_or_reads_anothers_cases(
    client, sjostad, grannby, street_lights, grannby_litter
) -> None:
    grannby_key = api_key_create(organisation=grannby, name="Grannbyappen", by=None).key
    api = Api(client, "json", grannby_key)
    into_sjostad = api.post(
        "requests", {"jurisdiction_id": "9901", "service_code": "gatubelysning", "lat": "1", "long": "1"}
    )
    assert into_sjostad.status_code == 403
    own_code_elsewhere = api.post("requests", {"service_code": "gatubelysning", "lat": "58", "long": "13"})
    assert own_code_elsewhere.status_code == 404  # Sjöstad's service is not Grannby's
    assert not Case.objects.exists()
    case = stored_fault(sjostad, street_lights)
    assert api.get(f"requests/{case.reference}", jurisdiction_id="9902").status_code == 404
    assert parse(api.get("requests", jurisdiction_id="9902")) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_request_read_back_has_no_personal_data_and_utc_seconds(client, sjostad, street_lights, fmt) -> None:
    case = stored_fault(sjostad, street_lights, message="Släckt\x0b lampa\x07 \x1f vid torget")
    response = Api(client, fmt).get(f"requests/{case.reference}", jurisdiction_id="9901")
    assert response.status_code == 200
    body = response.content.decode()
    for personal in ("Ada", "ada@example.se", "070-1234567"):
        assert personal not in body
    [row] = parse(response)
    assert row["service_request_id"] == case.reference and row["status"] == "open"
    assert Z_SECONDS.match(row["requested_datetime"]) and Z_SECONDS.match(row["updated_datetime"])
    assert "lampa" in row["description"]
    assert float(row["lat"]) == 58.5
    if fmt == "xml":
        assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
        assert response["Content-Type"] == "text/xml; charset=utf-8"


def test_feedback_messages_are_private_until_edited_for_publication(client, sjostad) -> None:
    from lofte.cases.services import Reporter, case_submit

    case = case_submit(
        organisation=sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type="klagomal",
        message="Min granne Per ...",
        idempotency_key=None,
        reporter=Reporter(name="Ada"),
    ).case
    [row] = parse(Api(client).get(f"requests/{case.reference}"))
    assert row["service_code"] == "tyck_till" and row["description"] == ""


def test_the_list_filters_by_status_code_and_dates_and_pages_with_totals_in_headers(client, sjostad, street_lights):
    now = timezone.now()
    old = stored_fault(sjostad, street_lights, received_at=now - timedelta(days=200))
    cases = [stored_fault(sjostad, street_lights, received_at=now - timedelta(days=d)) for d in (1, 2, 3)]
    case_set_status(case=cases[0], by=None, status=Case.Status.CLOSED, message="Lampan är bytt.")
    api = Api(client)
    default = [r["service_request_id"] for r in parse(api.get("requests"))]
    assert old.reference not in default and len(default) == 3  # the spec's default: the last 90 days
    open_ = parse(api.get("requests", status="open", service_code="gatubelysning,annat"))
    assert [r["service_request_id"] for r in open_] == [cases[1].reference, cases[2].reference]
    closed = parse(api.get("requests", status="closed"))
    assert closed[0]["status_notes"] == "Lampan är bytt."
    window = parse(
        api.get(
            "requests",
            start_date=(now - timedelta(days=250)).isoformat(),
            end_date=(now - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    )
    assert [r["service_request_id"] for r in window] == [old.reference]
    by_id = parse(api.get("requests", service_request_id=f"{old.reference},{cases[2].reference}", status="closed"))
    assert {r["service_request_id"] for r in by_id} == {old.reference, cases[2].reference}  # ids override
    page = api.get("requests", page="2", page_size="2", start_date="2000-01-01")
    assert [r["service_request_id"] for r in parse(page)] == [cases[2].reference, old.reference]
    assert page["X-Result-Count"] == "4" and page["X-Page-Count"] == "2" and page["X-Page-Size"] == "2"
    assert "page=1" in page["X-Previous-Page-URL"] and "X-Next-Page-URL" not in page
    assert api.get("requests", status="broken").status_code == 400
    assert api.get("requests", page="²").status_code == 400
    assert api.get("requests", page="9" * 30).status_code == 400
    assert api.get("requests", page_size="10483607880", start_date="2000-01-01")["X-Page-Size"] == "500"
    assert api.get("requests", start_date="yesterday").status_code == 400
    far = {"start_date": "2026-12-03T13:09:14Z", "end_date": "8515-04-06T07:05:04.13+21:06"}
    assert api.get("servicerequestupdates", **far).status_code == 200  # an offset PostgreSQL would refuse
    assert api.get("requests", **far).status_code == 200
    assert parse(api.get("requests", status="")) == parse(api.get("requests"))  # empty is as absent


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-01T08:00:00Z",
        "2026-05-01T10:00:00+02:00",
        "2026-05-01T10:00:00+0200",
        "2026-05-01T10:00:00.123456+02:00",
        "2026-05-01T10:00:00 02:00",
    ],
)
def test_datetimes_are_accepted_in_every_form_clients_send(text) -> None:
    assert parse_datetime(text).isoformat().startswith("2026-05-01T") and parse_datetime(text).utcoffset() is not None
    assert int(parse_datetime(text).timestamp()) == int(parse_datetime("2026-05-01T08:00:00Z").timestamp())


def test_extensions_add_extended_attributes_and_geo_filters(client, sjostad, street_lights) -> None:
    near = stored_fault(sjostad, street_lights, lat=58.5, lng=13.15)
    far = stored_fault(sjostad, street_lights, lat=59.5, lng=14.15)
    api = Api(client)
    [plain] = parse(api.get(f"requests/{near.reference}"))
    assert "extended_attributes" not in plain
    [extended] = parse(api.get(f"requests/{near.reference}", extensions="true"))
    assert extended["extended_attributes"]["detailed_status"] == "RECEIVED"
    around = parse(api.get("requests", lat="58.5005", long="13.15", radius="100"))
    assert [r["service_request_id"] for r in around] == [near.reference]
    boxed = parse(api.get("requests", bbox="14,59,15,60"))
    assert [r["service_request_id"] for r in boxed] == [far.reference]
    updated = parse(api.get("requests", updated_after=(timezone.now() - timedelta(hours=1)).isoformat()))
    assert len(updated) == 2
    assert api.get("requests", lat="58.5", long="13.15", radius="-1").status_code == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_lists_the_endpoint_in_both_formats(client, fmt, settings) -> None:
    settings.SITE_URL = "https://lofte.example"
    settings.DEBUG = False
    document = parse(Api(client, fmt).get("discovery"))
    [endpoint] = document["endpoints"]
    assert endpoint["type"] == "production"
    assert endpoint["url"] == "https://lofte.example/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert Z_SECONDS.match(document["changeset"])


def test_a_development_or_demo_server_is_one_test_endpoint(client, settings) -> None:
    settings.DEBUG = True
    [endpoint] = parse(Api(client, "json").get("discovery"))["endpoints"]
    assert endpoint["type"] == "test"


def test_unknown_paths_formats_and_methods_answer_with_error_documents(client, sjostad) -> None:
    assert client.get(f"{BASE}/services.html").status_code == 404
    assert client.get(f"{BASE}/services.xml/../x.xml")["Content-Type"].startswith("text/xml")
    assert client.get(f"{BASE}/services/%C3%ABT%0A6.json")["Content-Type"].startswith("application/json")
    response = client.generic("TRACE", f"{BASE}/services.json")
    assert response.status_code == 405 and parse(response)[0]["code"] == 405


def test_a_jurisdiction_is_needed_when_the_installation_serves_several(client, sjostad, grannby) -> None:
    assert client.get(f"{BASE}/services.json").status_code == 400
    assert client.get(f"{BASE}/services.json?jurisdiction_id=0000").status_code == 404
    assert client.get(f"{BASE}/services.json?jurisdiction_id=9902").status_code == 200


def test_tokens_resolve_to_the_request_id(api, client, sjostad, street_lights) -> None:
    [answer] = parse(api.post("requests", {"service_code": "gatubelysning", "lat": "58", "long": "13"}))
    token = Submission.objects.get().token
    [row] = parse(Api(client, "xml").get(f"tokens/{token}"))
    assert row == {"service_request_id": answer["service_request_id"], "token": token}
    assert Api(client).get("tokens/nope").status_code == 404


def test_the_api_sets_no_cookie_and_needs_no_csrf_token(app_key, sjostad, street_lights) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/requests.json", {"api_key": app_key, "service_code": "gatubelysning", "lat": "58", "long": "13"}
    )
    assert response.status_code == 200
    assert not response.cookies
    assert not Client().get(f"{BASE}/requests.json").cookies


def test_a_key_over_its_rate_limit_gets_429_in_the_spec_format(client, sjostad, street_lights) -> None:
    key = api_key_create(organisation=sjostad, name="Ivrig", by=None, rate_limit=2).key
    api = Api(client, "xml", key)
    data = {"service_code": "gatubelysning", "lat": "58", "long": "13"}
    assert [api.post("requests", data).status_code for _ in range(3)] == [200, 200, 429]
    limited = api.post("requests", data)
    assert limited.status_code == 429 and parse(limited)[0]["code"] == "429"
    assert Case.objects.count() == 2


def test_fixmystreet_reads_updates_and_the_municipalitys_system_posts_them(
    client, fixmystreet, system_key, sjostad, street_lights
) -> None:
    case = stored_fault(sjostad, street_lights)
    case_reply(case=case, by=None, text="Vi skickar en elektriker.")
    updates = parse(fixmystreet.get("servicerequestupdates", start_date="2000-01-01", jurisdiction_id="9901"))
    assert updates[0]["service_request_id"] == case.reference and updates[0]["status"] == "OPEN"
    assert updates[0]["description"] == "Vi skickar en elektriker."

    system = Api(client, "xml", system_key)
    data = {
        "service_request_id": case.reference,
        "update_id": "wo-17",
        "status": "FIXED",
        "description": "Lampan är bytt.",
    }
    first = system.post("servicerequestupdates", data)
    assert first.status_code == 200, first.content
    case.refresh_from_db()
    assert case.status == Case.Status.FIXED
    assert case.events.filter(kind=CaseEvent.Kind.REPLY, text="Lampan är bytt.").count() == 1
    again = system.post("servicerequestupdates", data)  # a retry is applied once
    assert parse(again) == parse(first)
    assert case.events.filter(kind=CaseEvent.Kind.REPLY, text="Lampan är bytt.").count() == 1
    assert Update.objects.count() == 1
    assert fixmystreet.post("servicerequestupdates", {**data, "update_id": "x"}).status_code == 403  # app key
    assert system.post("servicerequestupdates", {**data, "service_request_id": "2026-999999"}).status_code == 404


def test_nul_characters_from_an_attacker_are_dropped_not_a_server_error(api, client, sjostad, street_lights) -> None:
    response = api.post_form(
        "requests",
        {
            "service_code": "gatubelysning",
            "lat": "58.5",
            "long": "13.1",
            "description": "Mörkt\x00 här",
            "first_name": "A\x00da",
            "attribute[x\x00]": "v\x00",
        },
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.message == "Mörkt här" and case.reporter_name == "Ada"
    for query in ({"service_code": "\x00"}, {"jurisdiction_id": "99\x0001"}, {"service_request_id": "\x00"}):
        assert client.get(f"{BASE}/requests.json", query).status_code in (200, 404)


def test_a_client_retrying_with_its_idempotency_key_gets_the_first_request_and_nothing_is_stored_twice(
    api, sjostad, street_lights
) -> None:
    fault = {"jurisdiction_id": "9901", "service_code": "gatubelysning", "lat": "58.5035", "long": "13.1577"}
    first = api.post("requests", {**fault, "description": "Släckt lampa"}, HTTP_IDEMPOTENCY_KEY="fms-4711")
    again = api.post("requests", {**fault, "description": "Släckt lampa"}, HTTP_IDEMPOTENCY_KEY="fms-4711")
    other = api.post("requests", {**fault, "description": "Släckt lampa"}, HTTP_IDEMPOTENCY_KEY="fms-4712")
    ids = [parse(response)[0]["service_request_id"] for response in (first, again, other)]
    assert ids[0] == ids[1] != ids[2]
    assert Case.objects.count() == 2 and Submission.objects.count() == 2
    refused = api.post("requests", {**fault, "description": "x"}, HTTP_IDEMPOTENCY_KEY="x" * 201)
    assert refused.status_code == 400 and Case.objects.count() == 2


def test_a_point_outside_sweden_or_with_lat_and_long_swapped_is_refused_as_the_public_form_does(
    api, street_lights
) -> None:
    swapped = api.post("requests", {"service_code": "gatubelysning", "lat": "13.147", "long": "58.494"})
    assert swapped.status_code == 400
    assert "bytt plats" in parse(swapped)[0]["description"]
    san_francisco = api.post("requests", {"service_code": "gatubelysning", "lat": "37.76", "long": "-122.42"})
    assert san_francisco.status_code == 400
    assert "utanför Sverige" in parse(san_francisco)[0]["description"]
    assert not Case.objects.exists()


def test_values_longer_than_a_case_keeps_are_refused_not_cut_or_a_server_error(api, sjostad) -> None:
    long_name = api.post(
        "requests",
        {
            "service_code": "tyck_till",
            "description": "Bra",
            "attribute[typ]": "berom",
            "first_name": "F" * 200,
            "last_name": "L" * 200,
        },
    )
    assert long_name.status_code == 400
    assert "first_name och last_name" in parse(long_name)[0]["description"]
    services = api.post_form(
        "requests",
        {
            "service_code": "tyck_till",
            "description": "Bra",
            "attribute[typ]": "berom",
            "attribute[verksamhet][]": ["V" * 200] * 5,
        },
    )
    assert services.status_code == 400
    assert "attribute[verksamhet]" in parse(services)[0]["description"]
    assert not Case.objects.exists()


def test_errors_follow_the_locale_a_client_sends_in_the_body_or_the_address(api, client, street_lights) -> None:
    refused = api.post("requests", {"service_code": "gatubelysning", "locale": "en"})
    assert parse(refused)[0]["description"].startswith("Give the location")
    missing = client.get(f"{BASE}/nonexistent.json", {"locale": "en"})
    assert missing.status_code == 404
    assert "discovery.json" in parse(missing)[0]["description"]
    assert "Det finns" not in parse(missing)[0]["description"]


def test_the_handler_sees_the_apps_name_its_image_links_and_answers_on_the_case(
    api, login, case_handler, sjostad, street_lights
) -> None:
    response = api.post_form(
        "requests",
        {
            "service_code": "gatubelysning",
            "lat": "58.5035",
            "long": "13.1577",
            "media_url": ["https://app.example/bild/1.jpg", "https://app.example/bild/2.jpg"],
            "attribute[stolpnummer]": "S-1234",
        },
    )
    reference = parse(response)[0]["service_request_id"]
    page = login(case_handler).get(f"/arenden/{sjostad.slug}/{reference}/").content.decode()
    assert "Felanmälningsappen" in page
    assert 'href="https://app.example/bild/2.jpg" rel="noopener noreferrer nofollow"' in page
    assert "<dt>stolpnummer</dt><dd>S-1234</dd>" in page


def test_a_phone_that_is_no_number_is_refused(api, street_lights) -> None:
    refused = api.post(
        "requests", {"service_code": "gatubelysning", "lat": "58.5035", "long": "13.1577", "phone": "ring mig"}
    )
    assert refused.status_code == 400 and "phone" in parse(refused)[0]["description"]
    assert not Case.objects.exists()
