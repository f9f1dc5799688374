"""The Stories page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against
`streamlit run app.py`: write a story, see it in the bank and in the coverage, start the study plan, and start
what to practise next from the Practice page. Screenshots go to test-artifacts/stories/."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicemock.sessions.store import Store

from tests.fixtures_stories import story_parts
from tests.test_browser import ARGS, CHROMIUM, _shot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_stories_page_in_a_real_browser(app_server, data_home, real_answers, artifacts_dir):
    if not CHROMIUM.is_file():
        pytest.skip("needs /usr/bin/chromium (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    shots: Path = artifacts_dir / "stories"
    shots.mkdir(parents=True, exist_ok=True)
    parts = story_parts(real_answers[0])

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_server)
            expect(page.get_by_text("What to practise next")).to_be_visible(timeout=60_000)
            page.get_by_role("link", name="Stories").click()
            expect(page.get_by_role("heading", name="Stories")).to_be_visible(timeout=30_000)

            page.get_by_label("Title").fill("CRM migration")
            for part, text in parts.items():
                page.get_by_label(part.capitalize(), exact=True).fill(text)
            page.get_by_role("button", name="Save story").click()
            expect(page.get_by_text("Saved the story")).to_be_visible(timeout=30_000)
            assert [s.title for s in Store.open().list_stories()] == ["CRM migration"]
            _shot(page, shots / "bank.png")

            page.locator("[data-testid=stButtonGroup]").get_by_text("Coverage", exact=True).click()
            expect(page.get_by_text("Stories against the rounds")).to_be_visible()
            _shot(page, shots / "coverage.png")

            page.locator("[data-testid=stButtonGroup]").get_by_text("Study plan", exact=True).click()
            page.get_by_role("button", name="Start the study plan").click()
            expect(page.get_by_text("This week:")).to_be_visible(timeout=30_000)
            _shot(page, shots / "study.png")

            page.get_by_role("link", name="Practice").click()
            page.get_by_text("Check the microphone first").click()  # a first run offers the check: go straight on
            page.wait_for_timeout(1500)
            page.get_by_role("button", name="Practise").first.click()
            expect(page.get_by_text("Question 1 of 1")).to_be_visible(timeout=60_000)
            _shot(page, shots / "practise-next.png")
        finally:
            browser.close()
