"""The reviewer console end to end, in a real browser (Debian's chromium, driven by Selenium).

One browser, one real ``grooming-risk serve`` and two real ``grooming-risk console``
processes serve the whole module (the second with a one-second idle timeout). The
conversations carry canary markers in every message; the last test stops everything and
searches every page the browser saw, every log line and every file of the data dir.

Set ``CONSOLE_SCREENSHOTS=DIR`` to save the README's screenshots while the tests run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.auth import add_client
from tests.console.stack import Process, Server, start_console, start_serve, wait_for_event
from tests.server.helpers import BENIGN_LINES, POSITIVE_LINES, find_in_files
from tests.waiting import wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MODERATION = "https://moderation.example/c/{conversation_id}/m/{message_id}"
#: The second console's idle timeout: long enough for a loaded CI machine to sign in.
SHORT_IDLE_S = 3

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoSuchElementException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # the dev extra is not installed
    webdriver = None

pytestmark = [
    pytest.mark.skipif(webdriver is None, reason="selenium is not installed (dev extra)"),
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian chromium and chromium-driver are not installed "
                              "(apt-get install chromium chromium-driver)"),
]


@dataclass
class Flagged:
    """A scored conversation that opened a case: every id it stored."""

    case_id: str
    conversation_id: str
    suspect: str
    partner: str
    message_ids: list[str]

    def ids(self) -> list[str]:
        return [self.case_id, self.conversation_id, self.suspect, self.partner,
                *self.message_ids]


@dataclass
class Stack:
    directory: Path
    server: Server
    console: Process
    console_url: str
    short: Process
    short_url: str
    tokens: dict[str, str]
    cases: list[Flagged]
    canaries: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def _conversation(tag: str, lines: tuple[tuple[str, str], ...], canaries: list[str]
                  ) -> spb.Conversation:
    """Two people; every message text carries a canary; ids hold characters a URL must
    encode."""
    adult, child = f"adult-{tag}", f"child-{tag}"
    start = int(time.time()) - 3600
    messages = []
    for i, (who, text) in enumerate(lines):
        canary = uuid.uuid4().hex
        canaries.append(canary)
        m = spb.ChatMessage(id=f"{tag}/m{i + 1}?x", sender_id=adult if who == "a" else child,
                            text=f"{text} CANARY-{canary}", kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = start + 45 * i
        messages.append(m)
    return spb.Conversation(
        id=f"conv-{tag}", messages=messages,
        participants=[spb.Participant(id=adult, age=34, age_source=spb.AGE_SOURCE_DECLARED),
                      spb.Participant(id=child, age=13, age_source=spb.AGE_SOURCE_DECLARED)])


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    directory = Path(tempfile.mkdtemp(prefix="console-e2e-"))
    credentials = directory / "credentials.json"
    tokens = {name: add_client(credentials, name, [role]) for name, role in
              (("alice", "reviewer"), ("carol", "auditor"), ("plat", "platform"))}
    server = start_serve(directory, credentials)
    console, console_port = start_console(
        directory, "console", server.port, "--moderation-url-template", MODERATION)
    short, short_port = start_console(directory, "console-short", server.port,
                                      "--console-session-idle-s", str(SHORT_IDLE_S))
    processes = [server.process, console, short]
    try:
        wait_for_event(server.process, "serving")
        canaries: list[str] = []
        cases = []
        meta = (("authorization", f"Bearer {tokens['plat']}"),)
        for n in range(5):
            tag = f"{n}-{uuid.uuid4().hex[:8]}"
            conv = _conversation(tag, POSITIVE_LINES, canaries)
            reply = server.scoring.ScoreConversation(
                spb.ScoreConversationRequest(conversation=conv), metadata=meta, timeout=30)
            assert reply.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW, reply
            cases.append(Flagged(reply.case_id, conv.id, conv.participants[0].id,
                                 conv.participants[1].id, [m.id for m in conv.messages]))
        for lines in (BENIGN_LINES, POSITIVE_LINES[:3]):
            conv = _conversation(uuid.uuid4().hex[:8], lines, canaries)
            server.scoring.ScoreConversation(spb.ScoreConversationRequest(conversation=conv),
                                             metadata=meta, timeout=30)
        wait_for_event(console, "console_listening")
        wait_for_event(short, "console_listening")
        yield Stack(directory, server, console, f"http://127.0.0.1:{console_port}", short,
                    f"http://localhost:{short_port}", tokens, cases, canaries)
    finally:
        server.channel.close()
        for process in processes:
            process.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="console-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Console:
    """The browser on one console, remembering every page it saw."""

    def __init__(self, driver: Any, stack: Stack, base: str) -> None:
        self.driver, self.stack, self.base = driver, stack, base

    def seen(self) -> str:
        html = self.driver.page_source
        self.stack.pages.append(html)
        return str(html)

    def get(self, path: str) -> str:
        self.driver.get(self.base + path)
        return self.seen()

    def click(self, css: str) -> str:
        """Click a link or submit button and wait for the page it leads to.

        The page is marked before the click, and the new page is the one without the mark.
        Nothing of the old page is touched after the click: Chromium may answer a question
        about a node of a page it is leaving with "node does not belong to the document"
        rather than "stale element". If Chromium refuses the click itself while the marked
        page is still shown, the click did not happen, so the control is found afresh and
        clicked again; once the mark is gone it never clicks twice.
        """
        mark = uuid.uuid4().hex
        self.driver.execute_script("window.__consolePage = arguments[0];", mark)

        def still_here(d: Any) -> bool:
            return bool(d.execute_script("return window.__consolePage === arguments[0];", mark))

        for attempt in range(5):
            try:
                self.driver.find_element(By.CSS_SELECTOR, css).click()
                break
            except WebDriverException:
                try:
                    refused = still_here(self.driver)
                except WebDriverException:  # the browser is between pages: the click went
                    break
                if not refused:
                    break
                if attempt == 4:
                    raise
                time.sleep(0.2)
        WebDriverWait(self.driver, 30, ignored_exceptions=(WebDriverException,)).until(
            lambda d: not still_here(d)
            and d.execute_script("return document.readyState") == "complete")
        return self.seen()

    def text(self, css: str) -> str:
        return str(self.driver.find_element(By.CSS_SELECTOR, css).text)

    def sign_in(self, who: str) -> str:
        self.get("/signin")
        self.driver.find_element(By.ID, "token").send_keys(self.stack.tokens[who])
        return self.click("main form button[type=submit]")

    def sign_out(self) -> None:
        if self.driver.find_elements(By.CSS_SELECTOR, "form.signout button"):
            self.click("form.signout button")

    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.base)

    def shot(self, name: str) -> None:
        target = os.environ.get("CONSOLE_SCREENSHOTS")
        if target:  # the whole page, at 1280 px wide
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(1280, min(int(height) + 140, 2400))
            self.driver.save_screenshot(str(Path(target) / name))
            self.driver.set_window_size(1280, 900)


@pytest.fixture
def ui(browser: Any, stack: Stack) -> Iterator[Console]:
    console = Console(browser, stack, stack.console_url)
    yield console
    console.sign_out()


def _case_status(stack: Stack, case_id: str) -> int:
    reply = stack.server.review.GetCase(
        rpb.GetCaseRequest(case_id=case_id), timeout=10,
        metadata=(("authorization", f"Bearer {stack.tokens['alice']}"),))
    return int(reply.case.status)


def test_a_platform_token_is_refused(ui: Console) -> None:
    ui.sign_in("plat")
    assert ui.path().startswith("/signin")
    assert "may not use the console" in ui.text("#signin-message")
    ui.get("/queue")
    assert ui.path().startswith("/signin")  # no session was made


def test_sign_in_claim_and_dismiss_erases_the_case(ui: Console, stack: Stack) -> None:
    case = stack.cases[0]
    ui.sign_in("alice")
    assert ui.path() == "/queue"
    assert ui.text("#whoami") == "alice"
    queue = ui.seen()
    for flagged in stack.cases:
        assert flagged.case_id in queue
    ui.shot("console-queue.png")
    ui.click(f'a[href="/cases/{case.case_id}"]')
    # the indicator timeline: explained codes, message ids linked (each id encoded whole)
    assert "Indicator timeline" in ui.seen()
    assert "hides the relationship from adults" in ui.text("dl.explanations")
    links = [a.get_attribute("href") for a in
             ui.driver.find_elements(By.CSS_SELECTOR, "a.message-link")]
    assert links, "no message links"
    expected = {MODERATION.format(conversation_id=quote(case.conversation_id, safe=""),
                                  message_id=quote(mid, safe="")) for mid in case.message_ids}
    assert set(links) <= expected
    assert all("%2F" in link and "%3F" in link for link in links)
    ui.click("#claim")
    assert "Claimed" in ui.text(".flash-ok")
    assert ui.text("#case-status") == "in review"
    countdown = ui.text("#lease-countdown")
    assert re.match(r"1[45] min \d+ s left", countdown), countdown
    ui.shot("console-case.png")
    Select(ui.driver.find_element(By.ID, "dismiss-reason")).select_by_value("not_grooming")
    ui.click("#dismiss")
    assert ui.path() == "/queue"
    assert "Dismissed" in ui.text(".flash-ok")
    assert case.case_id not in ui.get("/queue?status=any")
    ui.get(f"/cases/{case.case_id}")
    assert "Not found" in ui.text("#error-message")
    # gone from the database file's bytes too (and from its WAL and any other file)
    assert find_in_files(stack.server.data_dir, case.ids()) == []
    # the other cases are still there: the scan would find a live case's ids
    assert find_in_files(stack.server.data_dir, [stack.cases[1].case_id])


def test_confirm_then_report(ui: Console, stack: Stack) -> None:
    case = stack.cases[1]
    ui.sign_in("alice")
    ui.get(f"/cases/{case.case_id}")
    ui.click("#claim")
    Select(ui.driver.find_element(By.ID, "confirm-reason")).select_by_value(
        "clear_indicators")
    ui.click("#confirm")
    assert ui.text("#case-status") == "confirmed"
    Select(ui.driver.find_element(By.ID, "recipient")).select_by_value("ncmec")
    ui.click("#report")
    assert "Reported to ncmec" in ui.text(".flash-ok")
    assert ui.text("#case-status") == "reported"
    assert _case_status(stack, case.case_id) == rpb.CASE_STATUS_REPORTED


def test_release_hands_the_case_back(ui: Console, stack: Stack) -> None:
    case = stack.cases[3]
    ui.sign_in("alice")
    ui.get(f"/cases/{case.case_id}")
    ui.click("#claim")
    ui.click("#release")
    assert "back in the queue" in ui.text(".flash-ok")
    assert _case_status(stack, case.case_id) == rpb.CASE_STATUS_OPEN


def test_file_and_resolve_a_complaint(ui: Console, stack: Stack) -> None:
    case = stack.cases[1]
    ui.sign_in("alice")
    ui.get(f"/cases/{case.case_id}")
    ui.click('a[href^="/complaints?case_id="]')
    assert ui.driver.find_element(By.ID, "subject").get_attribute("value") == case.case_id
    Select(ui.driver.find_element(By.ID, "channel")).select_by_value("email")
    Select(ui.driver.find_element(By.ID, "complaint-reason")).select_by_value("wrongly_flagged")
    ui.click("#file-complaint")
    assert "Complaint filed" in ui.text(".flash-ok")
    assert "open" in ui.text("table tbody tr")
    ui.click("button.resolve")  # the first (only) open complaint, upheld by default
    assert "Complaint upheld" in ui.text(".flash-ok")
    assert "upheld" in ui.text("table tbody tr")
    assert "decision overturned" in ui.text("table tbody tr")
    listed = stack.server.review.ListComplaints(
        rpb.ListComplaintsRequest(), timeout=10,
        metadata=(("authorization", f"Bearer {stack.tokens['alice']}"),))
    assert [c.status for c in listed.complaints] == [rpb.COMPLAINT_STATUS_UPHELD]


def test_a_form_without_its_csrf_token_is_refused(ui: Console, stack: Stack) -> None:
    case = stack.cases[2]
    ui.sign_in("alice")
    ui.get(f"/cases/{case.case_id}")
    ui.driver.execute_script(
        "document.querySelectorAll('input[name=csrf_token]').forEach(e => e.remove())")
    ui.click("#claim")
    assert "security token" in ui.text("#error-message")
    assert _case_status(stack, case.case_id) == rpb.CASE_STATUS_OPEN
    assert '"event":"console_csrf_refused"' in stack.console.log_text()


def test_queue_filters(ui: Console, stack: Stack) -> None:
    ui.sign_in("alice")
    Select(ui.driver.find_element(By.ID, "f-status")).select_by_value("reported")
    ui.click("form.filters button")
    assert "status=reported" in ui.path()
    page = ui.seen()
    assert stack.cases[1].case_id in page and stack.cases[2].case_id not in page
    ui.get("/queue?status=open&model_version=no-such-model")
    assert "No cases match" in ui.seen()
    ui.get("/queue?status=open&age=24")  # opened an hour ago: not a day old yet
    assert "No cases match" in ui.seen()
    ui.get("/stats")
    assert "reported" in ui.text("table")


def test_the_auditor_reads_the_audit_log_report_and_model(ui: Console, stack: Stack) -> None:
    ui.sign_in("carol")
    assert ui.path() == "/audit"
    log = ui.text("table")
    for action in ("case.opened", "case.claimed", "case.dismissed", "case.reported"):
        assert action in log
    assert stack.cases[0].case_id not in ui.seen()  # subjects are keyed hashes
    ui.click('nav a[href="/report"]')
    assert ui.driver.find_elements(By.CSS_SELECTOR, "figure svg rect")
    assert "Transparency report" in ui.seen()
    ui.click('nav a[href="/model"]')
    assert ui.text("#model-version").startswith("gr-")
    ui.get("/queue")
    assert "may not use this page" in ui.text("#error-message")


def test_every_page_is_labelled_keyboard_usable_and_fits_1280_and_390(
        ui: Console, stack: Stack) -> None:
    ui.sign_in("alice")
    pages = ["/queue", f"/cases/{stack.cases[2].case_id}", "/complaints", "/stats", "/model"]
    unlabelled = """
        return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
          .map(e => e.name || e.id);"""
    for width in (1280, 390):
        ui.driver.set_window_size(width, 900)
        for path in pages:
            ui.get(path)
            assert ui.driver.execute_script(unlabelled) == [], path
            overflow = ui.driver.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, width, overflow)
    ui.driver.set_window_size(1280, 900)
    ui.get("/queue")
    body = ui.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = ui.driver.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    outline = ui.driver.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # Tab reaches the first case link; Enter opens it.
    for _ in range(30):
        active = ui.driver.switch_to.active_element
        if "case-link" in (active.get_attribute("class") or ""):
            break
        active.send_keys(Keys.TAB)
    else:
        raise AssertionError("no case link reachable by Tab")
    active.send_keys(Keys.ENTER)
    wait_until(lambda: ui.path().startswith("/cases/"), 10, "case page by keyboard")
    ui.seen()


def test_an_idle_session_expires(browser: Any, stack: Stack) -> None:
    short = Console(browser, stack, stack.short_url)
    short.sign_in("alice")
    last_request = time.monotonic()
    assert '"event":"console_signin"' in stack.short.log_text()
    # The thing to wait for is time passing without a request.
    wait_until(lambda: time.monotonic() - last_request > SHORT_IDLE_S + 0.3, 10,
               "the idle timeout")
    short.get("/queue")
    assert short.path().startswith("/signin?expired=1")
    assert "without activity" in short.text("#signin-message")
    assert '"event":"console_session_expired"' in stack.short.log_text()
    with pytest.raises(NoSuchElementException):
        browser.find_element(By.CSS_SELECTOR, "form.signout")


def test_no_canary_in_any_page_log_or_file(ui: Console, stack: Stack) -> None:
    """Runs last: every page once more, then the processes stop and everything is read."""
    ui.sign_in("alice")
    for path in ("/queue?status=any", "/stats", "/complaints", "/model",
                 *(f"/cases/{c.case_id}" for c in stack.cases[1:])):
        ui.get(path)
    ui.sign_out()
    ui.sign_in("carol")
    for path in ("/audit", "/report", "/model"):
        ui.get(path)
    ui.sign_out()
    assert len(stack.pages) > 40
    for process in (stack.console, stack.short, stack.server.process):
        process.stop()
    needles = [form for c in stack.canaries for form in (c, c.upper())]
    assert len(needles) > 100
    pages = "\n".join(stack.pages)
    logs = "\n".join(p.log_text() for p in (stack.console, stack.short, stack.server.process))
    assert '"event":"console_request"' in logs
    assert [n for n in needles if n in pages] == []
    assert [n for n in needles if n in logs] == []
    assert "CANARY" not in pages and "CANARY" not in logs
    for token in stack.tokens.values():  # tokens stay in the console's memory
        assert token not in pages and token not in logs
    assert find_in_files(stack.server.data_dir, needles) == []
    assert find_in_files(stack.directory, needles) == []
