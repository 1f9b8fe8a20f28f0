import pytest


@pytest.fixture
def site(live_server):
    """Absolute URL of a path on the live test server."""
    return lambda path="/": f"{live_server.url}{path}"


@pytest.fixture(autouse=True)
def _fail_fast(page):
    page.set_default_timeout(10_000)
