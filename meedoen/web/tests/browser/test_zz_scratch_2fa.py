import copy
from pathlib import Path
import pytest
from django.conf import settings as dj
from meedoen.web.tests.browser.conftest import PASSWORD, axe_violations, url
pytestmark = pytest.mark.browser

def test_scratch(page, live_server, world, settings):
    t = copy.deepcopy(dj.TEMPLATES)
    t[0]["DIRS"] = [Path("meedoen/web/templates").resolve()]
    settings.TEMPLATES = t
    settings.MEEDOEN_DEMO_LOGIN_WITHOUT_2FA = False
    page.goto(url(live_server, "login"))
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url(live_server, "two_factor:setup"))
    def dump(label):
        print("=====", label, page.url)
        for v in axe_violations(page):
            print(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        print(page.locator("main").inner_html())
    dump("welcome")
    page.get_by_role("button", name="Next").click()
    dump("qr")
    page.get_by_label("Token").fill("000000")
    page.get_by_role("button", name="Next").click()
    dump("wrong")
