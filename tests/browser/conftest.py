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
    from tests.factories.accounts import PASSWORD

    def _login(user, password=PASSWORD):
        page.goto(site("/accounts/login/"))
        page.get_by_label("メールアドレス").fill(user.email)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").last.click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _login
