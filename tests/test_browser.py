"""The published site in a real headless browser (Debian's chromium, driven by selenium through
chromium-driver): what a person sees on a report page, that a click on a quote scrolls to its
highlighted span, and that a report with <script> in its text runs no script. .ci/run installs the
browser; where none is installed these tests are skipped, saying so."""
from __future__ import annotations

import shutil

import pytest

from _site import published_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no headless browser: install Debian's chromium and chromium-driver (apt-get install -y chromium "
           "chromium-driver; .ci/run does) to run the browser tests")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return published_site(tmp_path_factory).site


def _open(browser, site, page: str) -> None:
    browser.get((site / page).as_uri())


def test_a_report_page_shows_its_partnership_agencies_and_evidence(browser, site):
    from selenium.webdriver.common.by import By

    _open(browser, site, "id/report/walsall-2020-06.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Walsall Project Learning Report"
    text = browser.find_element(By.TAG_NAME, "main").text
    # walsall.txt lines 8-11: the partnership, its three core agencies and its region
    for seen in ("Partnership\nWalsall", "Walsall CCG", "Walsall Council", "West Midlands Police", "West Midlands",
                 "walsall.txt, line 9 (Details)"):
        assert seen in text, seen
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "dl.props a")]
    assert {"Walsall CCG", "Walsall Council", "West Midlands Police"} <= set(links)
    assert browser.find_elements(By.CSS_SELECTOR, "link[rel=alternate][type='text/turtle']")


def test_a_click_on_a_quote_scrolls_to_its_highlighted_span(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, site, "id/report/walsall-2020-06.html")
    quote = browser.find_element(By.XPATH, "//figure[@class='quote'][blockquote[text()='June 2020']]")
    link = quote.find_element(By.CSS_SELECTOR, "a.quote-link")
    anchor = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    WebDriverWait(browser, 10).until(EC.url_contains("#" + anchor))
    span = browser.find_element(By.ID, anchor)
    assert span.text == "June 2020"  # walsall.txt line 15: "Date BSP commenced: June 2020"
    background = span.value_of_css_property("background-color")
    assert background in ("rgba(255, 212, 59, 1)", "rgb(255, 212, 59)")
    top, height = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.top, innerHeight]",
                                         span)
    assert 0 <= top < height  # scrolled into view


def test_a_report_with_a_script_in_its_text_runs_no_script(browser, site):
    from selenium.webdriver.common.by import By

    page = next(f for f in site.rglob("id/source/*.html") if "scriptton.txt" in f.read_text(encoding="utf-8"))
    browser.get(page.as_uri())
    assert browser.title != "pwned" and browser.title.endswith("TCE learning reports")
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")
    text = browser.find_element(By.CSS_SELECTOR, ".report-text").text
    assert '<script>document.title="pwned"</script>' in text  # shown as the report's text, not run
    assert "javascript:alert(1)" in text
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    _open(browser, site, "id/report/scriptton-2020-06.html")
    assert browser.title != "pwned"


def test_pages_work_without_javascript_and_search_with_it(browser, site):
    from selenium.webdriver.common.by import By

    _open(browser, site, "index.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys("police")
    hits = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#hits li")]
    assert any(h.startswith("West Midlands Police") for h in hits)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<section class="search" aria-labelledby="h-search" hidden>' in html  # hidden until the script shows it
    assert 'href="classes/tce-LearningReport.html"' in html  # the indexes need no script
