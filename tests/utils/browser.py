# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Open a local HTML file in headless Chromium (Debian's chromium, driven by playwright): what a person sees."""

import os
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# This machine's network is closed: without these, Chromium's own background connections are refused many at a time.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_available():
    return Path(CHROMIUM).is_file()


@contextmanager
def opened(html_path, width=1400, height=900):
    """A playwright page showing `html_path`, offline: any request that would leave the file is aborted and counted."""
    from playwright.sync_api import sync_playwright  # pylint: disable=import-outside-toplevel

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.outside_requests = []

            def refuse(route):
                page.outside_requests.append(route.request.url)
                route.abort()

            page.route(lambda url: not url.startswith("file://"), refuse)
            page.goto(Path(html_path).resolve().as_uri())
            yield page
        finally:
            browser.close()


def visible_summary(html_path, png_path=None):
    """The text of the report's summary as Chromium renders it; with png_path, a screenshot of the whole page too."""
    with opened(html_path) as page:
        if png_path:
            page.screenshot(path=str(png_path), full_page=True)
        return " | ".join(text.strip() for text in page.locator("#summary li").all_inner_texts())
