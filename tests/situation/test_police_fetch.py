"""The scheduled fetch of the events list: the feed's rules, the archived capture; a fake opener, no network."""

from __future__ import annotations

import io
import urllib.error
from email.message import Message
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lofte.situation.models import PoliceEvent, PoliceEventImport
from lofte.situation.services import PoliceFetchRefused, police_events_fetch

MORNING = Path(__file__).with_name("data") / "events-2020-03-29T0900Z.json"
URL = "https://polisen.example/api/events"


class FakeFeed:
    """Stands in for urlopen: records each request, answers with a capture or an HTTP error."""

    def __init__(self, *answers) -> None:  # type: ignore[no-untyped-def]
        self.answers = list(answers)
        self.requests: list = []

    def __call__(self, request, timeout):  # type: ignore[no-untyped-def]
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(answer)


class Clock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _too_many(retry_after: str | None = None) -> urllib.error.HTTPError:
    headers = Message()
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return urllib.error.HTTPError(URL, 429, "Too Many Requests", headers, None)


def _fake_network(monkeypatch, feed: FakeFeed) -> None:
    clock = Clock()
    fetch = partial(police_events_fetch, opener=feed, clock=clock, sleep=clock.sleep)
    monkeypatch.setattr("lofte.situation.management.commands.fetch_police_events.police_events_fetch", fetch)


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    settings.VAR_DIR = tmp_path
    settings.SITE_URL = "https://lofte.sjostad.se"
    return tmp_path


@pytest.mark.django_db
def test_a_fetch_names_lofte_keeps_the_raw_capture_and_imports_it(var_dir) -> None:
    feed, clock = FakeFeed(MORNING.read_bytes()), Clock()
    result = police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    agent = feed.requests[0].get_header("User-agent")
    assert "Löfte" in agent and "https://lofte.sjostad.se" in agent
    captures = list((var_dir / "police_events").rglob("events-*.json"))
    assert len(captures) == 1
    assert captures[0].read_bytes() == MORNING.read_bytes()
    assert result.new == 11
    assert PoliceEvent.objects.count() == 11
    assert PoliceEventImport.objects.get().via == PoliceEventImport.Via.FETCH


@pytest.mark.django_db
def test_two_fetches_are_at_least_ten_seconds_apart(var_dir) -> None:
    feed, clock = FakeFeed(MORNING.read_bytes(), MORNING.read_bytes()), Clock()
    police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    clock.now += 3
    second = police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    assert clock.slept == [pytest.approx(7.0)]
    assert (second.new, second.unchanged) == (0, 11)


@pytest.mark.django_db
def test_a_429_stops_the_fetch_and_no_call_is_made_until_retry_after(var_dir) -> None:
    feed, clock = FakeFeed(_too_many("120"), MORNING.read_bytes()), Clock()
    with pytest.raises(PoliceFetchRefused, match="429"):
        police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    clock.now += 60
    with pytest.raises(PoliceFetchRefused, match="vänta"):
        police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    assert len(feed.requests) == 1
    assert not PoliceEvent.objects.exists()
    clock.now += 61
    police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    assert len(feed.requests) == 2
    assert PoliceEvent.objects.count() == 11


@pytest.mark.django_db
def test_a_429_without_retry_after_waits_an_hour(var_dir) -> None:
    feed, clock = FakeFeed(_too_many()), Clock()
    with pytest.raises(PoliceFetchRefused, match="3600"):
        police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)


@pytest.mark.django_db
def test_the_fetch_command_is_off_without_a_url(settings) -> None:
    settings.LOFTE_POLICE_EVENTS_URL = ""
    out = StringIO()
    call_command("fetch_police_events", stdout=out)
    assert "inte satt" in out.getvalue()
    assert not PoliceEventImport.objects.exists()


@pytest.mark.django_db
def test_the_fetch_command_imports_and_ends_with_the_summary_line(settings, var_dir, monkeypatch) -> None:
    settings.LOFTE_POLICE_EVENTS_URL = URL
    _fake_network(monkeypatch, FakeFeed(MORNING.read_bytes()))
    out = StringIO()
    call_command("fetch_police_events", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "police events: 11 new, 0 updated, 0 unchanged, 1 rejected"


@pytest.mark.django_db
def test_the_fetch_command_fails_loudly_on_429(settings, var_dir, monkeypatch) -> None:
    settings.LOFTE_POLICE_EVENTS_URL = URL
    _fake_network(monkeypatch, FakeFeed(_too_many("30")))
    with pytest.raises(CommandError, match="429"):
        call_command("fetch_police_events", stdout=StringIO())


@pytest.mark.django_db
def test_an_answer_far_larger_than_the_list_is_refused_and_not_stored(settings, var_dir) -> None:
    settings.LOFTE_MAX_UPLOAD_BYTES = 1000
    feed, clock = FakeFeed(b"[" + b" " * 5000 + b"]"), Clock()
    with pytest.raises(PoliceFetchRefused, match="större"):
        police_events_fetch(url=URL, opener=feed, clock=clock, sleep=clock.sleep)
    assert not list((var_dir / "police_events").rglob("events-*.json"))
    assert not PoliceEventImport.objects.exists()
