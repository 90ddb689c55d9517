"""py3langid's model cache (newsclean.langmodel): the identifier read from the cache
classifies exactly as py3langid's own, the cache is used when present, and a cache
that is off, damaged or unwritable never stops the model from loading."""
from __future__ import annotations

import pytest

langid = pytest.importorskip("py3langid.langid")

from newsclean import langmodel  # noqa: E402

SAMPLES = [
    "Questo è un testo scritto in italiano per provare il modello di lingua.",
    "Dit is een korte tekst in het Nederlands, geschreven om het model te testen.",
    "Tämä on lyhyt suomenkielinen teksti, jolla kielimallia kokeillaan tänään.",
    "Ово је кратак текст на српском језику којим се проверава модел.",
    "これは言語モデルを試すための短い日本語の文章です。",
    "x",
    "",
]


@pytest.fixture(scope="module")
def stock():
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def _files(directory):
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_cached_identifier_classifies_as_py3langids_own(tmp_path, monkeypatch, stock):
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path / "c"))
    first = langmodel.load_identifier()  # unpacks and writes the cache
    written = _files(tmp_path / "c")
    assert len(written) == 1 and written[0].startswith("py3langid-") and written[0].endswith(".npy")

    def no_unpacking(model):
        raise AssertionError("the cache was not used")

    monkeypatch.setattr("py3langid.modelio.load_model", no_unpacking)
    second = langmodel.load_identifier()  # from the cache only
    for text in SAMPLES:
        assert first.classify(text) == stock.classify(text)
        assert second.rank(text) == stock.rank(text)


def test_empty_cache_dir_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert langmodel.cache_dir() is None
    assert langmodel.load_identifier().classify(SAMPLES[0])[0] == "it"
    assert _files(tmp_path) == []


def test_default_cache_dir_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSCLEAN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert langmodel.cache_dir() == tmp_path / "xdg" / "newsclean"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert langmodel.cache_dir() == tmp_path / "home" / ".cache" / "newsclean"


def test_damaged_cache_is_unpacked_again_and_replaced(tmp_path, monkeypatch, stock):
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    langmodel.load_identifier()
    (cached,) = tmp_path.iterdir()
    size = cached.stat().st_size
    cached.write_bytes(cached.read_bytes()[: size // 3])  # cut short, as by a full disk
    again = langmodel.load_identifier()
    assert again.rank(SAMPLES[1]) == stock.rank(SAMPLES[1])
    assert cached.stat().st_size == size
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temporary file left


def test_unwritable_cache_is_passed_over(tmp_path, monkeypatch, stock):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the directory would go\n")
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(blocker / "newsclean"))
    assert langmodel.load_identifier().classify(SAMPLES[2]) == stock.classify(SAMPLES[2])
    assert blocker.read_text() == "a file where the directory would go\n"


def test_unknown_py3langid_version_loads_its_own_way(tmp_path, monkeypatch):
    import py3langid

    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(py3langid, "__version__", "9.0.0", raising=False)
    assert langmodel.load_identifier().classify(SAMPLES[0])[0] == "it"
    assert _files(tmp_path) == []
