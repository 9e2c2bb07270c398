import io
from pathlib import Path

import pytest
from PIL import Image

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def sample_text() -> str:
    """A short screenplay with every construct the import must keep (see the fixture's text)."""
    return (FIXTURES / "night_shift.fountain").read_text(encoding="utf-8")


@pytest.fixture
def sample_bytes(sample_text) -> bytes:
    return sample_text.encode("utf-8")


def png(width: int = 320, height: int = 180, colour=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def image_png() -> bytes:
    return png()
