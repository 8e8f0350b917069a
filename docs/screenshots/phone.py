"""Takes docs/screenshots/phone.png: the demo article in the reader on a 390 px phone.

Run it against `make run` (the demo loaded, demo / demo-password):
    .venv/bin/python docs/screenshots/phone.py [http://127.0.0.1:8000]
Needs Chromium (CHROMIUM_PATH, or chromium on PATH) and Playwright."""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).with_name("phone.png")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo-password")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    page.goto(f"{BASE}/articles/")
    page.get_by_role("link", name="Iran denies airstrikes").first.click()
    page.wait_for_selector("#article-body mark")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(OUT))
    browser.close()
print(f"wrote {OUT}")
