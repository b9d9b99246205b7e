import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_settings_cache():
    """Settings are cached; each test starts from what its database says."""
    cache.clear()
    yield
    cache.clear()
