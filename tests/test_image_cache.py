"""Listing images against the real sandbox: a merchant pushes each listing's pictures, a creator's catalog sync
and prefetch keep them on disk for offline use, capped in bytes with the least recently used going first."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.catalog import Catalog
from studio.core.errors import InputError
from studio.platform.catalog_sync import sync_catalog
from studio.platform.image_cache import ImageCache, local_image, prefetch_catalog, push_listing_images
from studio.platform.session import PlatformSession
from tests.platform_fixtures import Merchant


def image_of(catalog: Catalog, product_id: str) -> str:
    """The main image the creator's catalog holds for product `product_id`."""
    product = catalog.get(product_id)
    assert product is not None
    return product.image


def picture(path: Path, seed: int, size: int = 96, ext: str = ".png") -> Path:
    """A noisy picture (noise keeps PNGs from compressing to nothing, so sizes are comparable)."""
    rng = np.random.default_rng(seed)
    ok, data = cv2.imencode(ext, rng.integers(0, 255, (size, size, 3), dtype=np.uint8))
    assert ok
    path.write_bytes(data.tobytes())
    return path


@pytest.fixture
def shop(sandbox, tmp_path: Path):
    """Three listings, each with a main picture pushed by the merchant; yields (merchant session, pictures)."""
    merchant = Merchant(sandbox)
    token = merchant.headers["Authorization"].removeprefix("Bearer ")
    pictures = {}
    with PlatformSession(sandbox.url, token) as session:
        for n, sku in enumerate(("SKU-A", "SKU-B", "SKU-C")):
            merchant.put(sku, f"商品{n}", 1990 + n)
            pictures[sku] = picture(tmp_path / f"{sku}.png", n)
            answers = push_listing_images(session, sku, [pictures[sku]])
            assert answers[0]["n"] == 0 and answers[0]["size"] == pictures[sku].stat().st_size
        yield session, pictures


def creator_catalog(sandbox, tmp_path: Path) -> tuple[PlatformSession, Catalog]:
    session = PlatformSession(sandbox.url, sandbox.token("ann", "creator"))
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    sync_catalog(session, catalog)
    return session, catalog


def test_merchant_pictures_reach_the_creators_offline_cache(sandbox, shop, tmp_path: Path) -> None:
    _merchant, pictures = shop
    session, catalog = creator_catalog(sandbox, tmp_path)
    with session, catalog, ImageCache() as cache:
        url = image_of(catalog, "SKU-A")
        assert url == f"{sandbox.url}/v1/listings/SKU-A/images/0"
        assert local_image(url, cache) == url  # not fetched yet: the source as it is
        result = prefetch_catalog(session, catalog, cache)
        assert (result.fetched, result.unchanged, result.failed) == (3, 0, 0)
        for sku, path in pictures.items():
            local = Path(local_image(image_of(catalog, sku), cache))
            assert local.is_file() and local.read_bytes() == path.read_bytes()
        again = prefetch_catalog(session, catalog, cache)
        assert (again.fetched, again.unchanged) == (0, 3)  # each answered 304
        assert local_image("demo:bottle", cache) == "demo:bottle" and local_image("/a/b.jpg", cache) == "/a/b.jpg"
    sandbox.server.stop()  # offline: the files still answer, through a fresh cache object (as another job would)
    assert Path(local_image(url)).read_bytes() == pictures["SKU-A"].read_bytes()


def test_a_changed_picture_is_fetched_again(sandbox, shop, tmp_path: Path) -> None:
    merchant, _pictures = shop
    session, catalog = creator_catalog(sandbox, tmp_path)
    with session, catalog, ImageCache() as cache:
        prefetch_catalog(session, catalog, cache)
        newer = picture(tmp_path / "newer.jpg", 99, ext=".jpg")
        push_listing_images(merchant, "SKU-B", [newer])
        sync_catalog(session, catalog)
        result = prefetch_catalog(session, catalog, cache)
        assert (result.fetched, result.unchanged) == (1, 2)
        local = Path(local_image(image_of(catalog, "SKU-B"), cache))
        assert local.suffix == ".jpg" and local.read_bytes() == newer.read_bytes()
        assert len(list(cache.folder.glob("*.png"))) == 2  # the old picture's file went with it


def test_the_cap_lets_the_least_recently_used_go_first(sandbox, shop, tmp_path: Path) -> None:
    _merchant, pictures = shop
    sizes = {sku: p.stat().st_size for sku, p in pictures.items()}
    cap = sizes["SKU-A"] + sizes["SKU-B"] + sizes["SKU-C"] // 2  # room for two of the three
    session, catalog = creator_catalog(sandbox, tmp_path)
    urls = {sku: image_of(catalog, sku) for sku in pictures}
    with session, catalog, ImageCache(cap_bytes=cap) as cache:
        cache.fetch(session, urls["SKU-A"])
        cache.fetch(session, urls["SKU-B"])
        assert cache.local_path(urls["SKU-A"]) is not None  # A used again: B is now the least recent
        cache.fetch(session, urls["SKU-C"])
        assert cache.urls() == [urls["SKU-A"], urls["SKU-C"]]
        assert cache.local_path(urls["SKU-B"]) is None and local_image(urls["SKU-B"], cache) == urls["SKU-B"]
        assert cache.total_bytes() == sizes["SKU-A"] + sizes["SKU-C"] <= cap
        files = sorted(p.name for p in cache.folder.iterdir() if p.suffix == ".png")
        assert len(files) == 2  # B's file is gone from the disk, not only from the index
        assert sum((cache.folder / f).stat().st_size for f in files) <= cap
    with session, ImageCache(tmp_path / "tiny", cap_bytes=10) as tiny:
        with pytest.raises(InputError) as refused:
            tiny.fetch(session, urls["SKU-A"])
        assert refused.value.code == "image_too_big" and tiny.total_bytes() == 0


def test_push_checks_every_file_before_sending(sandbox, shop, tmp_path: Path) -> None:
    merchant, pictures = shop
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    with pytest.raises(InputError) as refused:
        push_listing_images(merchant, "SKU-A", [picture(tmp_path / "x.png", 7), text], start=1)
    assert refused.value.code == "not_an_image" and "notes.txt" in str(refused.value)
    listing = merchant.get_json("/v1/listings/SKU-A")
    assert listing["images"] == ["/v1/listings/SKU-A/images/0"]  # nothing was sent
    with pytest.raises(InputError) as too_many:
        push_listing_images(merchant, "SKU-A", [pictures["SKU-A"]] * 2, start=8)
    assert too_many.value.code == "too_many_images"


def test_the_card_the_finder_and_pack_read_the_offline_copy(sandbox, shop, tmp_path: Path) -> None:
    from studio.jobs.find_products import _photo
    from studio.jobs.pack import _snapshot_image
    from studio.render.card import load_product_image

    _merchant, pictures = shop
    session, catalog = creator_catalog(sandbox, tmp_path)
    url = image_of(catalog, "SKU-A")
    project = tmp_path / "project" / "p.gcs"
    assert load_product_image(url) is None  # not cached yet: the card shows its placeholder
    note = _snapshot_image(url, project, tmp_path / "none.jpg", "SKU-A", None)
    assert note is not None and note.code == "image_not_file"
    with session, catalog:
        prefetch_catalog(session, catalog)
    sandbox.server.stop()  # on a plane
    image = load_product_image(url)
    assert image is not None and (image.width(), image.height()) == (96, 96)
    photo, problem = _photo(url, project, "SKU-A")
    assert problem is None and isinstance(photo, Path) and photo.read_bytes() == pictures["SKU-A"].read_bytes()
    out = tmp_path / "snapshot.jpg"
    assert _snapshot_image(url, project, out, "SKU-A", None) is None
    assert out.read_bytes()[:3] == b"\xff\xd8\xff"  # re-encoded as the package's JPEG
