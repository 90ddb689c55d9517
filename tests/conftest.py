import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite fixtures/*/expected.jsonl from the current output (review the diff!)",
    )


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture(autouse=True, scope="session")
def _cache_in_tmp(tmp_path_factory):
    """The suite's py3langid cache goes to a temporary directory, not the user's
    ~/.cache (subprocesses inherit it)."""
    import os

    old = os.environ.get("NEWSCLEAN_CACHE_DIR")
    os.environ["NEWSCLEAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("newsclean-cache"))
    yield
    if old is None:
        os.environ.pop("NEWSCLEAN_CACHE_DIR", None)
    else:
        os.environ["NEWSCLEAN_CACHE_DIR"] = old
