"""Hostile files are refused with a clear Swedish error at a bounded cost: zip bombs, XML bombs and external
entities in .xlsx (the only XML the product reads), image decompression bombs in the photos residents and
staff upload. Each test measures the time and the peak Python memory of the refusal and holds them to a
bound far below what the attack would cost if it were unpacked (the figures are in the assertion messages)."""

from __future__ import annotations

import contextlib
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from lofte.cases.models import Case
from lofte.lib.images import ImageRejected, clean_photo
from lofte.lib.tabular import TableError, read_table
from tests.cases.conftest import _photos_in_a_temporary_folder, street_lights  # noqa: F401 - fixtures

# Far above the milliseconds a refusal takes (docs/security.md has the figures), so a busy CI machine passes.
MAX_SECONDS = 5.0
MAX_PEAK_BYTES = 40 * 1024 * 1024


@pytest.fixture(scope="module", autouse=True)
def _parsers_imported() -> None:
    """The first xlsx or image of a process imports openpyxl and Pillow's plugins: not the refusal's cost."""
    from lofte.lib.spreadsheet import xlsx_bytes  # noqa: PLC0415

    read_table(xlsx_bytes(["Svar"], [["ja"]]), "warm.xlsx")
    for data in (_png(1, 1), b"not an image"):
        with contextlib.suppress(ImageRejected):
            clean_photo(data)


def measured(call: Callable[[], Any]) -> tuple[BaseException | None, float, int]:
    """The exception `call` raised (or None), its time in seconds and its peak traced memory in bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    raised = None
    try:
        call()
    except Exception as error:
        raised = error
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, seconds, peak


def _xlsx(sheet_xml: bytes, *, workbook_xml: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            workbook_xml
            or b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c></row>
</sheetData></worksheet>"""

REFUSED_XML = "otillåtna XML-konstruktioner"


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


def _many_parts_bomb() -> bytes:
    """Many parts just under the per-part ratio check, adding up to more than a workbook may unpack to."""
    buffer = io.BytesIO()
    part = b" " * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(300):
            archive.writestr(f"xl/media/part{n}.xml", part)
    return buffer.getvalue()


def _understated_zip_bomb() -> bytes:
    """A sheet of 300 MB of zeros whose local header and directory entry both claim 1 000 bytes: the size
    check reads the directory, so unpacking must stop at the claimed size (Python's zipfile does)."""
    sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    data = bytearray(_xlsx(sheet + b" " * (300 * 1024 * 1024) + b"</worksheet>"))
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = int.from_bytes(data[local + 26 : local + 28], "little")
        if data[local + 30 : local + 30 + name_length] == name:
            data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == name:
            data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("zip bomb (300 MB in one part)", _zip_bomb, "orimligt mycket"),
        ("zip bomb (300 MB claiming 1 kB)", _understated_zip_bomb, "Excel-filen"),
        ("zip bomb (300 parts of 1 MB)", _many_parts_bomb, "orimligt mycket"),
        ("billion laughs in a sheet", lambda: _xlsx(BILLION_LAUGHS), REFUSED_XML),
        ("external entity in a sheet", lambda: _xlsx(EXTERNAL_ENTITY), REFUSED_XML),
        (
            "billion laughs in the workbook",
            lambda: _xlsx(b"<worksheet/>", workbook_xml=BILLION_LAUGHS.replace(b"worksheet", b"workbook")),
            REFUSED_XML,
        ),
        (
            "billion laughs in UTF-16",
            lambda: _xlsx(
                BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"').decode().encode("utf-16")
            ),
            REFUSED_XML,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_an_xlsx_bomb_is_refused_with_a_swedish_error_in_bounded_time_and_memory(name, build, message) -> None:
    data = build()
    raised, seconds, peak = measured(lambda: read_table(data, "bomb.xlsx"))
    assert isinstance(raised, TableError), f"{name}: {raised!r}"
    assert message in str(raised.message), f"{name}: {raised.message}"
    figures = f"{name}: {len(data)} bytes refused in {seconds:.3f} s, peak {peak / 1024 / 1024:.1f} MB"
    assert seconds < MAX_SECONDS and peak < MAX_PEAK_BYTES, figures


def _png(width: int, height: int, mode: str = "1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def _lying_png() -> bytes:
    """A real 1×1 PNG whose header declares 100 000 × 100 000 pixels."""
    data = bytearray(_png(1, 1, "RGB"))
    data[16:24] = (100_000).to_bytes(4, "big") * 2  # IHDR width and height (the CRC is wrong too)
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("PNG of 20000 × 20000 pixels", lambda: _png(20_000, 20_000), "för många bildpunkter"),
        ("PNG header declaring 10^10 pixels", _lying_png, "går inte att läsa"),
        ("GIF of 10000 × 10000 pixels", lambda: _gif(10_000, 10_000), "för många bildpunkter"),
        ("truncated JPEG", lambda: _jpeg(800, 600)[:400], "går inte att läsa"),
        (
            "SVG with a script",
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "går inte att läsa",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_an_image_bomb_is_refused_with_a_swedish_error_in_bounded_time_and_memory(name, build, message) -> None:
    data = build()
    raised, seconds, peak = measured(lambda: clean_photo(data))
    assert isinstance(raised, ImageRejected), f"{name}: {raised!r}"
    assert message in str(raised), f"{name}: {raised}"
    figures = f"{name}: {len(data)} bytes refused in {seconds:.3f} s, peak {peak / 1024 / 1024:.1f} MB"
    assert seconds < MAX_SECONDS and peak < MAX_PEAK_BYTES, figures


def _gif(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (width, height)).save(buffer, format="GIF")
    return buffer.getvalue()


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "gray").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_resident_sending_a_decompression_bomb_as_a_photo_gets_a_swedish_error_and_nothing_is_stored(
    client,
    sjostad,
    street_lights,  # noqa: F811
) -> None:
    bomb = io.BytesIO(_png(20_000, 20_000))
    bomb.name = "lampa.png"
    data = {
        "idempotency_key": "6f1c7a52-2f0e-4f55-9d0b-5e1f3f7c2a10",
        "category": str(street_lights.pk),
        "lat": "58.5035",
        "lng": "13.1577",
        "message": "Lampan vid busshållplatsen är släckt.",
        "photo": bomb,
    }
    started = time.perf_counter()
    response = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    seconds = time.perf_counter() - started
    assert response.status_code == 400
    assert "Bilden har för många bildpunkter." in response.content.decode()
    assert "Lampan vid busshållplatsen är släckt." in response.content.decode()  # the typed text is kept
    assert not Case.objects.exists()
    assert seconds < MAX_SECONDS, f"refused in {seconds:.3f} s"
