"""Browser tests: `python app.py` on 127.0.0.1 driven by a real headless Chromium (Playwright).

Chromium comes from the system package (`apt-get install chromium fonts-wqy-microhei`, which
`make test` runs); without it these tests fail with that instruction instead of skipping.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import ROOT, serve
from playwright.sync_api import Browser, Dialog, Page, Route, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from answer.answerable import load_model

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER_TIMEOUT = 60_000  # ms; the first question also loads the embedder in the server
SCREENSHOT = ROOT / "docs" / "screenshot-zh.png"
SCREENSHOT_FA = ROOT / "docs" / "screenshot-fa.png"
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "[click](javascript:window.__xss=1)",
)


def capture(page: Page, tmp_path: Path, picture: Path) -> None:
    """Screenshot the whole page from its top; under `make screenshot`
    (REPORTCHAT_UPDATE_SCREENSHOT=1) it replaces `picture`, the README's copy."""
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / picture.name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("REPORTCHAT_UPDATE_SCREENSHOT") == "1":
        picture.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, picture)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless system Chromium, one per module."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. Install it with: "
            "apt-get update && apt-get install -y chromium fonts-wqy-microhei (make test does)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the served app writes its output."""
    return tmp_path_factory.mktemp("browser") / "app.log"


@pytest.fixture(scope="module")
def url(app_log: Path, report_index: Path) -> Iterator[str]:
    """The app served over a private copy of the report index."""
    index = shutil.copytree(report_index, app_log.parent / "index")
    with serve(index, app_log) as served:
        yield served


@pytest.fixture(autouse=True)
def quote_app_log_on_failure(request: pytest.FixtureRequest, app_log: Path) -> Iterator[None]:
    """A failed test prints the end of the server's log (pytest shows it under the failure):
    the temporary folder holding it is gone by the time a CI run is read."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and app_log.exists():
        tail = app_log.read_text(errors="replace").splitlines()[-80:]
        print("--- end of the app's log ---", *tail, sep="\n")


class Session:
    """A page in its own browser context that records dialogs and off-loopback requests."""

    def __init__(self, browser: Browser, url: str, locale: str, query: str = "") -> None:
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 640})
        self.page: Page = self.context.new_page()
        self.dialogs: list[str] = []
        self.external: list[str] = []
        self.loads = 0  # the page's loads: more than one means it reloaded itself
        self.errors: list[str] = []  # the page's script errors, printed under a failure
        self.page.on("load", self._loaded)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.url = url
        self.page.goto(url + query)
        expect(self.page.locator("#rc-status")).to_contain_text("1", timeout=ANSWER_TIMEOUT)

    def _loaded(self, _page: Page) -> None:
        self.loads += 1

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Route) -> None:
        target = route.request.url
        if target.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:  # keep the test on loopback, and notice if the page reaches out
            self.external.append(target)
            route.abort()

    def ask(self, question: str, expected: str) -> None:
        """Type a question, send it, and wait until a new answer holding `expected` is shown."""
        answers = self.page.locator('[data-testid="bot"]')
        before = answers.count()
        self.page.locator("#rc-question textarea").fill(question)
        self.page.locator("#rc-ask").click()
        expect(answers).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)
        expect(answers.last).to_contain_text(expected, timeout=ANSWER_TIMEOUT)
        expect(self.page.locator("#rc-sources mark").first).to_be_visible()

    def close(self) -> None:
        if self.loads > 1:  # printed under a failure: gradio reloads when it loses the server
            print(f"the page loaded {self.loads} times")
        if self.errors:
            print("the page's script errors:", *self.errors[-20:], sep="\n")
        try:  # what the reader saw last, for a failure's report (pytest shows it only then)
            shown = self.page.locator("#rc-chat").inner_text(timeout=1_000)
            print("the chat as shown:", shown[-2_000:], sep="\n")
        except PlaywrightError:
            pass
        self.context.close()


@pytest.fixture
def english(browser: Browser, url: str) -> Iterator[Session]:
    session = Session(browser, url, "en-US")
    yield session
    session.close()


@pytest.fixture
def chinese(browser: Browser, url: str) -> Iterator[Session]:
    session = Session(browser, url, "zh-CN")
    yield session
    session.close()


@pytest.fixture
def persian(browser: Browser, url: str) -> Iterator[Session]:
    session = Session(browser, url, "fa-IR")
    yield session
    session.close()


def remove_document(page: Page, name: str) -> None:
    """Remove `name` through the Documents tab: pick it, Remove, then confirm."""
    page.locator("#rc-remove-choice input").click()
    page.get_by_role("option", name=name).click()
    page.locator("#rc-remove").click()
    expect(page.locator("#rc-notice")).to_contain_text(f"Remove {name} from the index?")
    page.locator("#rc-remove-confirm").click()
    expect(page.locator("#rc-notice")).to_contain_text(f"Removed {name}")


def luminance(css_color: str) -> float:
    """WCAG relative luminance of an opaque `rgb(r, g, b)` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css_color)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def expect_direction(page: Page, selector: str, value: str) -> None:
    """The last element matching `selector` is laid out `value` (`ltr`/`rtl`), as computed.

    Polled: a streamed answer replaces its element until the stream is done."""
    expect(page.locator(selector).last).to_have_css("direction", value)


def test_questions_in_both_languages_and_a_marker_brings_its_source_into_view(
    english: Session,
) -> None:
    page = english.page
    expect(page.locator("#rc-ask")).to_have_text("Ask")
    english.ask(
        "How many people from formerly poor households were employed at the end of 2024?",
        "33.05 million",
    )
    english.ask("报告是由哪个机构发布的？", "Xinhua Institute")
    expect(page.locator("#src-1 mark")).to_contain_text("Xinhua Institute")

    # Scroll the panel out of sight, then follow the [1] marker of the last answer (the Chinese
    # answer line carries it, and so does the quote under it).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    mark = page.locator("#src-1 mark")
    expect(mark).not_to_be_in_viewport()
    markers = page.locator('[data-testid="bot"]').last.locator('a[href="#src-1"]')
    expect(markers).to_have_count(2)
    markers.first.dispatch_event("click")
    expect(mark).to_be_in_viewport()

    # A real click on a marker stays on the page (no navigation, no new tab).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator('[data-testid="bot"]').last.locator('a[href^="#src-"]').last
    target = last.get_attribute("href")
    last.click()
    expect(page.locator(f"{target} mark")).to_be_in_viewport()
    assert page.url == english.url
    assert len(english.context.pages) == 1
    assert english.external == [] and english.dialogs == []


def test_questions_sent_while_an_answer_streams_are_all_answered_in_order(
    english: Session,
) -> None:
    """A question sent before the last answer has finished streaming is answered after it. The
    page used to drop it (the answer event skipped a trigger while it was pending) with the box
    already emptied: that was the "first Chinese question never answered" of a clean clone."""
    page = english.page
    answers = page.locator('[data-testid="bot"]')
    box = page.locator("#rc-question textarea")

    def enter() -> None:
        box.press("Enter")

    for question, send in (  # Enter and the Ask button, mixed
        ("报告是由哪个机构发布的？", enter),
        ("Who is Mali's minister that praised the report?", page.locator("#rc-ask").click),
        ("How many people from formerly poor households were employed at the end of 2024?", enter),
    ):
        box.fill(question)
        send()
        expect(box).to_have_value("")  # sent: the box empties, as a reader sees before typing on
    # each answer streams for a while, so the later two were sent while one was arriving
    assert answers.count() < 3
    expect(answers).to_have_count(3, timeout=ANSWER_TIMEOUT)
    expect(page.locator('[data-testid="user"]')).to_have_count(3)
    expect(answers.nth(0)).to_contain_text("Xinhua Institute", timeout=ANSWER_TIMEOUT)
    expect(answers.nth(1)).to_contain_text("Mamou Daffe", timeout=ANSWER_TIMEOUT)
    expect(answers.nth(2)).to_contain_text("33.05 million", timeout=ANSWER_TIMEOUT)
    expect(box).to_have_value("")
    assert english.loads == 1  # answered in the page they were asked in, not after a reload


def test_gradios_footer_follows_the_language_switch(english: Session) -> None:
    """The footer is gradio's own text, in the browser's language (English here) until the
    switch changes the page's language."""
    page = english.page
    footer = page.locator("footer")
    expect(footer).to_contain_text("Use via API")
    for language, footer_text in (("中文", "通过 API 使用"), ("فارسی", "استفاده از طریق API")):
        page.get_by_text(language, exact=True).click()
        expect(footer).to_contain_text(footer_text)
    page.get_by_text("English", exact=True).click()
    expect(footer).to_contain_text("Use via API")


def test_the_settings_show_the_refusal_threshold_of_the_pages_language(
    chinese: Session,
) -> None:
    """Each language is refused at its own calibrated threshold; the settings show the page's."""
    page = chinese.page
    page.locator("#rc-settings").get_by_text("设置").click()
    shown = page.locator("#rc-threshold input[type=number]")
    for language, code in (("中文", "zh"), ("English", "en"), ("فارسی", "fa")):
        page.get_by_text(language, exact=True).click()
        expect(shown).to_have_value(f"{round(load_model().threshold(code), 2):g}")


def test_uploaded_document_with_markup_shows_as_text_and_runs_nothing(
    english: Session, tmp_path: Path
) -> None:
    page = english.page
    fact = "the Lanxi tea cooperative harvested 4,200 kilograms of tea leaves in 2023"
    notes = tmp_path / "lanxi-notes.txt"
    notes.write_text(
        f"Lanxi field notes\nOur records {PAYLOADS[0]} show {PAYLOADS[1]} that {fact}, "
        f"see {PAYLOADS[2]}.\n",
        encoding="utf-8",
    )
    page_html = tmp_path / "lanxi-page.html"
    page_html.write_text(
        "<html><body><h1>Lanxi page</h1><p>Shown as text: "
        "&lt;script&gt;window.__xss=1&lt;/script&gt; and &lt;img src=x "
        "onerror=&quot;window.__xss=1&quot;&gt;, about bamboo rafts on the Lanxi river.</p>"
        '<script>window.__xss=1</script><img src=x onerror="window.__xss=1"></body></html>',
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rc-files input[type=file]").set_input_files([str(notes), str(page_html)])
    page.locator("#rc-upload").click()
    notice = page.locator("#rc-notice")
    expect(notice).to_contain_text("lanxi-notes.txt: added", timeout=ANSWER_TIMEOUT)
    expect(notice).to_contain_text("lanxi-page.html: added")
    expect(page.locator("#rc-documents")).to_contain_text("lanxi-notes.txt")
    expect(page.locator("#rc-status")).to_contain_text("3 documents")

    page.get_by_role("tab", name="Chat").click()
    english.ask(
        "How many kilograms of tea leaves did the Lanxi tea cooperative harvest in 2023?", "4,200"
    )
    answer = page.locator('[data-testid="bot"]').last
    sources = page.locator("#rc-sources")
    for shown in (answer, sources):
        expect(shown).to_contain_text(PAYLOADS[0])
        expect(shown).to_contain_text(PAYLOADS[1])
        expect(shown).to_contain_text(PAYLOADS[2])
    english.ask("What is shown as text about bamboo rafts on the Lanxi river?", "bamboo rafts")
    expect(page.locator("#rc-sources")).to_contain_text("<script>window.__xss=1</script>")

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert english.dialogs == [] and english.external == []

    # Remove both again through the page, leaving the index as the other tests expect it.
    page.get_by_role("tab", name="Documents").click()
    for name in ("lanxi-notes.txt", "lanxi-page.html"):
        remove_document(page, name)
    expect(page.locator("#rc-status")).to_contain_text("1 document ·")
    expect(page.locator("#rc-documents")).not_to_contain_text("lanxi")


def test_chinese_page_answers_and_is_captured(chinese: Session, tmp_path: Path) -> None:
    page = chinese.page
    expect(page.locator("#rc-ask")).to_have_text("提问")  # the browser prefers Chinese
    expect(page.get_by_role("tab", name="文档")).to_be_visible()
    chinese.ask("报告是由哪个机构发布的？", "Xinhua Institute")
    expect(page.locator("#rc-sources")).to_contain_text("出处")
    capture(page, tmp_path, SCREENSHOT)

    page.get_by_text("English", exact=True).click()  # the language switch
    expect(page.locator("#rc-ask")).to_have_text("Ask")
    expect(page.locator("#rc-sources")).to_contain_text("Sources")
    assert chinese.external == [] and chinese.dialogs == []


def test_typing_while_an_answer_streams_keeps_the_next_question(english: Session) -> None:
    page = english.page
    box = page.locator("#rc-question textarea")
    answers = page.locator('[data-testid="bot"]')
    box.fill("How many projects has the Global Development Initiative implemented?")
    page.locator("#rc-ask").click()
    expect(box).to_have_value("")  # emptied once, when the question is sent
    expect(answers).to_have_count(1, timeout=ANSWER_TIMEOUT)  # the stream has begun
    box.fill("Which year is the last year of the transitional period?")

    expect(answers.last).to_contain_text("1,100 projects", timeout=ANSWER_TIMEOUT)
    expect(answers.last).to_contain_text("[1]")  # markers close the answer: the stream is done
    page.wait_for_timeout(500)  # longer than the rest of a stream (6 steps of 30 ms)
    expect(box).to_have_value("Which year is the last year of the transitional period?")


def test_persian_page_answers_right_to_left_with_its_source_label_in_order(
    persian: Session, tmp_path: Path
) -> None:
    page = persian.page
    expect(page.locator("#rc-ask")).to_have_text("بپرس")  # the browser prefers Persian
    expect(page.locator("#rc-question textarea")).to_have_attribute(
        "placeholder", "به فارسی، انگلیسی یا چینی از گزارش بپرسید"
    )
    persian.ask("چند منطقه آزاد تجاری در مازندران فعال می‌شود؟", "منطقه آزاد")
    answer = '[data-testid="bot"] div[dir="auto"]'
    expect_direction(page, answer, "rtl")
    expect_direction(page, '[data-testid="user"] div[dir="auto"]', "rtl")
    expect_direction(page, "#src-1 .rc-passage", "rtl")
    expect(page.locator("#rc-sources h3")).to_have_text("منابع")

    # The label reads left to right in its own order: name, then the quoted title, then ¶n.
    label = page.locator("#src-1 .rc-label")
    expect(label).to_contain_text("۳ منطقه آزاد تجاری")
    boxes = [label.locator(part).bounding_box() for part in (".rc-doc", ".rc-section", ".rc-para")]
    assert all(boxes)
    lefts = [box["x"] for box in boxes if box]
    assert lefts == sorted(lefts), lefts

    # An English answer on the same page still reads left to right.
    persian.ask("Which organisation released the report?", "Xinhua Institute")
    expect_direction(page, answer, "ltr")
    persian.ask("چند منطقه آزاد تجاری در مازندران فعال می‌شود؟", "منطقه آزاد")
    capture(page, tmp_path, SCREENSHOT_FA)
    assert persian.external == [] and persian.dialogs == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_highlight_is_readable_and_a_repeated_passage_is_one_card(
    browser: Browser, url: str, theme: str
) -> None:
    session = Session(browser, url, "en-US", f"?__theme={theme}")
    try:
        page = session.page
        session.ask("Which organisation released the report?", "Xinhua Institute")
        mark = page.locator("#rc-sources mark").first
        color, background = mark.evaluate(
            "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
        )
        assert contrast(color, background) >= 4.5, (theme, color, background)
        # the theme really applied: the passage's own text is light on dark, dark on light
        text = page.locator("#rc-sources .rc-passage").first.evaluate(
            "(el) => getComputedStyle(el).color"
        )
        assert (luminance(text) > 0.5) == (theme == "dark"), text

        # The paragraph the report repeats in two articles is one card naming the other one.
        cards = page.locator("#rc-sources section.rc-src")
        repeat = page.locator("#rc-sources section.rc-src .rc-also")
        expect(repeat.first).to_be_visible()
        assert cards.count() == 2
        expect(repeat.first).to_contain_text("Also, word for word, in")
        expect(page.locator("#rc-sources .rc-score").first).to_have_text(re.compile(r"0\.\d\d"))
    finally:
        session.close()


def test_a_web_address_stays_text_and_copy_and_export_are_plain(
    english: Session, tmp_path: Path
) -> None:
    page = english.page
    english.context.grant_permissions(["clipboard-read", "clipboard-write"])
    addresses = ("https://evilphish/login", "https://evil-phish.example.com/renew-permit")
    notes = tmp_path / "permit-notes.txt"
    notes.write_text(
        "Permit notes\nThe Lanxi permit office said in 2024 that boat permits are renewed "
        f"online at {addresses[0]} or at {addresses[1]} before the end of March.\n",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rc-files input[type=file]").set_input_files([str(notes)])
    page.locator("#rc-upload").click()
    notice = page.locator("#rc-notice")
    expect(notice).to_contain_text("permit-notes.txt: added", timeout=ANSWER_TIMEOUT)

    page.get_by_role("tab", name="Chat").click()
    question = "Where are boat permits renewed online, according to the Lanxi permit office?"
    english.ask(question, addresses[0])
    answer = page.locator('[data-testid="bot"]').last
    for address in addresses:
        expect(answer).to_contain_text(address)
        expect(page.locator("#rc-sources")).to_contain_text(address)
    assert page.locator("a[href*='evilphish'], a[href*='evil-phish']").count() == 0
    assert "\\" not in answer.inner_text()
    assert "\\" not in page.locator("#rc-sources").inner_text()

    page.locator("#rc-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert addresses[0] in copied and addresses[1] in copied
    assert "\\" not in copied and "**" not in copied
    assert "\n\nSources:\n[1] permit-notes.txt › " in copied

    with page.expect_download() as download:
        page.locator("#rc-export").click()
    saved = tmp_path / "chat.md"
    download.value.save_as(saved)
    markdown = saved.read_text(encoding="utf-8")
    assert markdown.startswith("# ReportChat conversation\n\n## 1. Where are boat permits")
    assert "- \\[1\\] permit\\-notes\\.txt › " in markdown
    assert "https\\://evilphish/login" in markdown  # escaped: a viewer shows it as text

    page.get_by_role("tab", name="Documents").click()
    remove_document(page, "permit-notes.txt")
    assert english.dialogs == [] and english.external == []


def test_a_failed_question_is_a_sentence_kept_in_the_chat_and_the_page_goes_on(
    chinese: Session,
) -> None:
    page = chinese.page
    box = page.locator("#rc-question textarea")
    japanese = "レポートを発表したのはどの機関ですか？"
    box.fill(japanese)
    page.locator("#rc-ask").click()
    answers = page.locator('[data-testid="bot"]')
    expect(answers).to_have_count(1, timeout=ANSWER_TIMEOUT)
    expect(answers.last).to_contain_text("⚠️ 这个问题看起来是 Japanese")
    expect(box).to_have_value(japanese)  # back in the box, to be fixed or sent again
    assert page.locator(".toast-body").count() == 0  # no gradio "Error" badge

    chinese.ask("报告是由哪个机构发布的？", "Xinhua Institute")
    expect(answers.first).to_contain_text("⚠️ 这个问题看起来是 Japanese")  # kept
    expect(page.locator('[data-testid="user"]').first).to_contain_text(japanese)
    assert chinese.external == [] and chinese.dialogs == []


def test_a_dotfile_upload_gets_a_message_and_the_box_keeps_working(
    english: Session, tmp_path: Path
) -> None:
    page = english.page
    hidden = tmp_path / ".hidden.md"
    hidden.write_text("Hidden notes\nThe Lanxi ferry carried 300 people in 2023.\n", "utf-8")
    plain = tmp_path / "ferry-notes.txt"
    plain.write_text("Ferry notes\nThe Lanxi ferry has two decks.\n", encoding="utf-8")
    page.get_by_role("tab", name="Documents").click()
    notice = page.locator("#rc-notice")
    sheet = tmp_path / "figures.csv"
    sheet.write_text("year,count\n2023,300\n", encoding="utf-8")
    page.locator("#rc-files input[type=file]").set_input_files([str(sheet)])
    page.locator("#rc-upload").click()
    expect(notice).to_contain_text("Unsupported file type '.csv': 'figures.csv'. Upload one of")
    for upload in (hidden, plain):
        page.locator("#rc-files input[type=file]").set_input_files([str(upload)])
        page.locator("#rc-upload").click()
        expect(notice).to_contain_text(f"{upload.name}: added", timeout=ANSWER_TIMEOUT)
    assert page.locator(".toast-body").count() == 0
    expect(page.locator("#rc-status")).to_contain_text("3 documents")
    for name in (hidden.name, plain.name):
        remove_document(page, name)
    expect(page.locator("#rc-status")).to_contain_text("1 document ·")


def test_replacing_a_document_asks_first(english: Session, tmp_path: Path) -> None:
    page = english.page
    first = tmp_path / "one" / "tea-notes.txt"
    second = tmp_path / "two" / "tea-notes.txt"
    for path, count in ((first, "4,200"), (second, "5,100")):
        path.parent.mkdir()
        path.write_text(f"Tea notes\nThe Lanxi cooperative planted {count} bushes.\n", "utf-8")
    page.get_by_role("tab", name="Documents").click()
    notice = page.locator("#rc-notice")
    page.locator("#rc-files input[type=file]").set_input_files([str(first)])
    page.locator("#rc-upload").click()
    expect(notice).to_contain_text("tea-notes.txt: added", timeout=ANSWER_TIMEOUT)
    page.locator("#rc-files input[type=file]").set_input_files([str(second)])
    page.locator("#rc-upload").click()
    expect(notice).to_contain_text("tea-notes.txt is already indexed")
    page.locator("#rc-upload-confirm").click()
    expect(notice).to_contain_text("tea-notes.txt: updated", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#rc-upload-confirm")).to_be_hidden()
    remove_document(page, "tea-notes.txt")
    expect(page.locator("#rc-status")).to_contain_text("1 document ·")


def test_a_page_open_to_other_machines_without_an_admin_is_read_only(
    browser: Browser, tmp_path: Path, report_index: Path
) -> None:
    index = shutil.copytree(report_index, tmp_path / "index")
    # bound to every address, reached on loopback: the server's rule, not the visitor's address
    with serve(index, tmp_path / "app.log", host="0.0.0.0") as served:
        session = Session(browser, served, "en-US")
        try:
            page = session.page
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#rc-access")).to_contain_text(
                "Adding and removing documents is off: the server listens on 0.0.0.0"
            )
            expect(page.locator("#rc-upload")).to_be_disabled()
            expect(page.locator("#rc-remove")).to_be_disabled()
            assert page.locator("#rc-files input[type=file]").count() == 0
            expect(page.locator("#rc-status")).to_contain_text("1 document ·")
        finally:
            session.close()


def test_with_an_admin_set_only_a_signed_in_session_may_upload(
    browser: Browser, tmp_path: Path, report_index: Path
) -> None:
    index = shutil.copytree(report_index, tmp_path / "index")
    notes = tmp_path / "ferry.txt"
    notes.write_text("Ferry\nThe Lanxi ferry carried 300 people in 2023.\n", encoding="utf-8")
    env = {"REPORTCHAT_ADMIN": "editor:s3cret-pass"}
    with serve(index, tmp_path / "app.log", host="0.0.0.0", env=env) as served:
        session = Session(browser, served, "en-US")
        try:
            page = session.page
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#rc-access")).to_contain_text("Sign in as the admin")
            notice = page.locator("#rc-notice")
            page.locator("#rc-files input[type=file]").set_input_files([str(notes)])
            page.locator("#rc-upload").click()
            expect(notice).to_contain_text("Sign in as the admin to add or remove documents.")
            expect(page.locator("#rc-status")).to_contain_text("1 document ·")

            page.locator("#rc-admin-user textarea").fill("editor")
            page.locator("#rc-admin-password input").fill("wrong")
            page.locator("#rc-sign-in").click()
            expect(notice).to_contain_text("That is not the admin login")
            page.locator("#rc-admin-password input").fill("s3cret-pass")
            page.locator("#rc-sign-in").click()
            expect(notice).to_contain_text("Signed in")
            expect(page.locator("#rc-admin-password input")).to_have_value("")
            page.locator("#rc-files input[type=file]").set_input_files([str(notes)])
            page.locator("#rc-upload").click()
            expect(notice).to_contain_text("ferry.txt: added", timeout=ANSWER_TIMEOUT)
            expect(page.locator("#rc-status")).to_contain_text("2 documents")
        finally:
            session.close()
