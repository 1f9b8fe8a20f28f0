import pytest


@pytest.fixture
def site(live_server):
    """Absolute URL of a path on the live test server."""
    return lambda path="/": f"{live_server.url}{path}"


@pytest.fixture(autouse=True)
def _fail_fast(page):
    page.set_default_timeout(10_000)


@pytest.fixture
def login(page, site):
    """Sign a user in through the real login form: login(user) or login(user, password)."""
    from tests.factories.accounts import PASSWORD, totp_code

    signed_in = {}

    def _login(user, password=PASSWORD):
        page.goto(site("/accounts/login/"))
        page.get_by_label("メールアドレス").fill(user.email)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").last.click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if "/accounts/2fa/authenticate/" in page.url:
            # A code is good once: a second sign-in of the same account uses the next window's code.
            step = signed_in.get(user.pk, -1) + 1
            signed_in[user.pk] = step
            page.get_by_label("コード").fill(totp_code(step))
            page.get_by_role("button", name="ログイン").first.click()
            page.wait_for_url(lambda url: "/accounts/2fa/" not in url)

    return _login
