"""The page, the PDF and the JSON show the same numbers, from the one stored dataset; a draft never shows
publicly; both pages name their PDF and JSON in their head."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.situation import draft
from lofte.situation.services import report_agree, report_publish, report_version_draft

# Decimals and percentages (pdftotext's layout mode may drop the space before a right-aligned "%").
FIGURE = re.compile(r"\d+,\d+|\d+[\s\u00a0]?%")
INTEGER = re.compile(r"(?<![\d,])\d+(?![\d,])")


class _Text(HTMLParser):
    """The visible text of the page's <article id="report">, as a reader (and pdftotext) gets it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and attrs.get("id") == "report":
            self.depth = 1
        elif self.depth:
            self.depth += tag not in ("br", "img", "input", "line", "rect", "polyline")
            if "visually-hidden" in (attrs.get("class") or "") or attrs.get("class") == "section-tools":
                self.skip = self.depth
            if tag in ("svg",):
                self.skip = self.skip or self.depth

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "img", "input", "line", "rect", "polyline"):
            if self.skip == self.depth:
                self.skip = 0
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_text(data: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pytest.skip("pdftotext (poppler-utils) is not installed")


def figures(text: str) -> set[str]:
    return {re.sub(r"[\s\u00a0]", "", f) for f in FIGURE.findall(text)}


def integers(text: str) -> set[str]:
    return set(INTEGER.findall(FIGURE.sub(" ", text)))


@pytest.fixture
def agreed(report, sjostad_analyst, police_analyst):
    version = report_version_draft(report=report, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=report.partnership.municipality, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=report.partnership.police_area, by=police_analyst)
    return version


def test_a_draft_is_never_public(client, report, sjostad_analyst, police_analyst) -> None:
    urls = [
        reverse(f"situation_public:{name}", args=["sjostad", 2020])
        for name in ("report", "report_pdf", "report_json", "rows")
    ]
    version = report_version_draft(report=report, by=sjostad_analyst)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Published by hand without agreement (as a bug or an old row might): still nothing shows.
    type(report).objects.filter(pk=report.pk).update(published_at="2021-01-01T00:00:00Z")
    for url in urls:
        assert client.get(url).status_code == 404, url
    report_agree(report=report, version=version, organisation=report.partnership.municipality, by=sjostad_analyst)
    for url in urls:
        assert client.get(url).status_code == 404, url
    report_agree(report=report, version=version, organisation=report.partnership.police_area, by=police_analyst)
    assert client.get(urls[0]).status_code == 200


def test_the_public_page_shows_the_agreed_version_not_a_later_draft(client, report, agreed, sjostad_analyst) -> None:
    from lofte.situation.services import report_section_save

    report_publish(report=report, by=sjostad_analyst)
    report_section_save(
        report=report, key="polisen", text="HEMLIGT UTKAST 77 händelser.", based_on=1, by=sjostad_analyst
    )
    for name in ("report", "report_json"):
        body = client.get(reverse(f"situation_public:{name}", args=["sjostad", 2020])).content.decode()
        assert "HEMLIGT UTKAST" not in body


def _alternates(html: str) -> dict[str, str]:
    links = re.findall(r"<link\b[^>]*>", html.split("</head>")[0])
    out = {}
    for link in links:
        if 'rel="alternate"' in link:
            kind = re.search(r'type="([^"]+)"', link).group(1)
            out[kind] = re.search(r'href="([^"]+)"', link).group(1)
    return out


def _compare(page_html: str, pdf_bytes: bytes, document: dict, tmp_path) -> None:
    page = article_text(page_html)
    pdf = pdf_text(pdf_bytes, tmp_path)
    assert figures(page) and figures(page) == figures(pdf)
    assert integers(page) <= integers(pdf)
    # The JSON's sentences are the page's sentences, and its dataset holds the figures of the tables.
    for section in document["sections"]:
        for sentence in section["sentences"]:
            assert " ".join(sentence["text"].split()) in " ".join(page.split())
    kommun = {c["theme"]: c for c in document["dataset"]["matrix"] if c["area"] is None}
    for cell in kommun.values():
        assert draft.percent(cell["dialogues"]["share"]).replace("\u00a0", "") in figures(pdf)
        assert draft.number(cell["incidents"]["per_1000"], 2) in figures(page)


def test_staff_page_pdf_and_json_have_identical_numbers(login, report, agreed, sjostad_analyst, tmp_path) -> None:
    client = login(sjostad_analyst)
    response = client.get(reverse("situation:report", args=["sjostad", 2020]))
    html = response.content.decode()
    alternates = _alternates(html)
    assert set(alternates) == {"application/pdf", "application/json"}
    pdf = client.get(alternates["application/pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    document = client.get(alternates["application/json"]).json()
    assert document["schema"] == "lofte.lagesbild-report/1"
    assert document["dataset"] == report.dataset
    assert [a["agreed"] for a in document["agreements"]] == [True, True]
    _compare(html, b"".join(pdf.streaming_content), document, tmp_path)


def test_public_page_pdf_and_json_have_identical_numbers(client, report, agreed, sjostad_analyst, tmp_path) -> None:
    report_publish(report=report, by=sjostad_analyst)
    html = client.get(reverse("situation_public:report", args=["sjostad", 2020])).content.decode()
    alternates = _alternates(html)
    assert alternates == {
        "application/pdf": reverse("situation_public:report_pdf", args=["sjostad", 2020]),
        "application/json": reverse("situation_public:report_json", args=["sjostad", 2020]),
    }
    document = client.get(alternates["application/json"]).json()
    assert document["status"] == "published"
    assert all("agreed_by" not in a for a in document["agreements"])
    pdf = b"".join(client.get(alternates["application/pdf"]).streaming_content)
    _compare(html, pdf, document, tmp_path)


def test_the_pdf_is_made_once_and_served_from_storage_until_something_in_it_changes(
    login, report, agreed, sjostad_analyst
) -> None:
    client = login(sjostad_analyst)
    url = reverse("situation:report_pdf", args=["sjostad", 2020])
    client.get(url)
    _dirs, files = default_storage.listdir("lagesbild/pdf")
    assert len(files) == 1
    client.get(url)
    assert len(default_storage.listdir("lagesbild/pdf")[1]) == 1
    report_publish(report=report, by=sjostad_analyst)
    client.get(reverse("situation_public:report_pdf", args=["sjostad", 2020]))
    assert len(default_storage.listdir("lagesbild/pdf")[1]) == 2


def test_every_ref_link_leads_to_rows_of_the_dataset(login, report, agreed, sjostad_analyst) -> None:
    client = login(sjostad_analyst)
    html = client.get(reverse("situation:report", args=["sjostad", 2020])).content.decode()
    hrefs = set(re.findall(r'href="(/lagesbild/sjostad/2020/rader/\?ref=[^"]+)"', html))
    assert len(hrefs) > 10
    for href in hrefs:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
    assert client.get(reverse("situation:rows", args=["sjostad", 2020]), {"ref": "cell:nope:1"}).status_code == 404


def test_the_pdf_has_the_organisations_tagged_headings_and_page_numbers(
    login, report, agreed, sjostad_analyst, tmp_path
) -> None:
    client = login(sjostad_analyst)
    data = b"".join(client.get(reverse("situation:report_pdf", args=["sjostad", 2020])).streaming_content)
    raw = data + b"".join(
        zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S) if m[:1] == b"x"
    )
    for tag in (b"/StructTreeRoot", b"/H1", b"/H2", b"/H3", b"/Figure", b"/Table", b"/Alt"):
        assert tag in raw, tag
    text = pdf_text(data, tmp_path)
    assert "Sjöstad kommun" in text and "LPO Sjöstad" in text
    assert re.search(r"\b1 ?/ ?\d+", text)


def test_a_logo_uploaded_on_the_organisation_form_is_printed_on_the_pdf(
    login, report, agreed, sjostad_admin, sjostad_analyst
) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#1f5f8b").save(buffer, "PNG")
    logo = SimpleUploadedFile("sjostad.png", buffer.getvalue(), content_type="image/png")
    client = login(sjostad_admin)
    response = client.post(
        reverse("core:organisation_edit", args=["sjostad"]),
        {"name": "Sjöstad kommun", "kommunkod": "9901", "website": "", "logo": logo},
    )
    assert response.status_code == 302
    report.partnership.municipality.refresh_from_db()
    assert report.partnership.municipality.logo.name.startswith("logos/")
    client = login(sjostad_analyst)
    data = b"".join(client.get(reverse("situation:report_pdf", args=["sjostad", 2020])).streaming_content)
    raw = data + b"".join(
        zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S) if m[:1] == b"x"
    )
    assert b"/Subtype /Image" in raw or b"/Subtype/Image" in raw
    # The logo's alt text, as WeasyPrint writes a tagged figure's /Alt (UTF-16 with a byte-order mark, in hex).
    alt = "\ufeffSjöstad kommun, logotyp".encode("utf-16-be").hex().encode()
    assert alt in raw.lower()


def test_the_english_public_page_links_its_pdf_and_json_in_english(client, report, agreed, sjostad_analyst) -> None:
    report_publish(report=report, by=sjostad_analyst)
    html = client.get(reverse("situation_public:report", args=["sjostad", 2020]), {"lang": "en"}).content.decode()
    pdf = reverse("situation_public:report_pdf", args=["sjostad", 2020]) + "?lang=en"
    json_url = reverse("situation_public:report_json", args=["sjostad", 2020]) + "?lang=en"
    assert _alternates(html) == {"application/pdf": pdf, "application/json": json_url}
    assert f'<a href="{pdf}">' in html and f'<a href="{json_url}">' in html
    assert client.get(pdf)["Content-Language"] == "en"
    assert client.get(json_url)["Content-Language"] == "en"


def test_the_swedish_public_page_links_its_pdf_without_a_language(client, report, agreed, sjostad_analyst) -> None:
    report_publish(report=report, by=sjostad_analyst)
    html = client.get(reverse("situation_public:report", args=["sjostad", 2020])).content.decode()
    assert _alternates(html)["application/pdf"] == reverse("situation_public:report_pdf", args=["sjostad", 2020])


def test_the_staff_page_opened_in_english_in_the_address_links_its_pdf_in_english(
    login, report, agreed, sjostad_analyst
) -> None:
    client = login(sjostad_analyst)
    html = client.get(reverse("situation:report", args=["sjostad", 2020]), {"lang": "en"}).content.decode()
    pdf = reverse("situation:report_pdf", args=["sjostad", 2020]) + "?lang=en"
    assert _alternates(html)["application/pdf"] == pdf and f'<a href="{pdf}">' in html
    assert client.get(pdf)["Content-Language"] == "en"
