"""py3langid's model, loaded in a tenth of the time after the first run.

py3langid ships its model as an xz-compressed npz (4.5 MB). Unpacking it takes about
half a second of CPU, once per process, the first time a page's language is none the
stop-word guess knows: for a shell pipeline that cleans one page per run that is most
of the run. The unpacked arrays are the same every time, so the first process keeps
them, uncompressed, in newsclean's cache directory, and later processes read them from
there (about 0.05 s).

- Where: ``$NEWSCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsclean``, else
  ``~/.cache/newsclean``. ``NEWSCLEAN_CACHE_DIR=""`` turns the cache off.
- What: one file, ``py3langid-<version>-<size>-<mtime>.npy`` (about 68 MB: the six
  arrays as .npy records, one after another), named
  after the model file it was unpacked from, so an upgraded py3langid gets its own.
  Nothing else in the directory is written or replaced.
- Safety: the file is written under a temporary name and renamed when complete, so a
  reader never sees half of it; it is read with ``allow_pickle=False`` (data, never
  code). A cache that cannot be written or read is passed over: the model is then
  unpacked as before. The identifier is built exactly as py3langid's own
  ``LanguageIdentifier.from_model_file`` builds it, from the same arrays, so it
  classifies identically (``tests/test_langmodel.py`` compares the two).

Only py3langid 0.4's model layout (``py3langid.modelio``) is cached; with another
version py3langid loads its model itself.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: py3langid versions whose model is the npz layout read here (``py3langid.modelio``).
KNOWN_LAYOUT = ("0.4.",)
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_dir() -> Path | None:
    """newsclean's cache directory, None when the user turned it off."""
    given = os.environ.get("NEWSCLEAN_CACHE_DIR")
    if given is not None:
        return Path(given).expanduser() if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if base.strip() else Path.home() / ".cache") / "newsclean"


def load_identifier() -> Any:
    """py3langid's LanguageIdentifier (probabilities as scores), None without py3langid."""
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    import py3langid

    version = str(getattr(py3langid, "__version__", ""))
    if not version.startswith(KNOWN_LAYOUT):  # another loader: py3langid's own
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    from py3langid import modelio

    model = Path(MODEL_FILE)
    model = model if model.is_absolute() else Path(MODEL_DIR) / model
    arrays = _cached_arrays(model, version)
    if arrays is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # What modelio.load_model returns and from_model_file does with it, from the same arrays.
    import numpy as np

    return LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
        modelio._to_array(arrays["nextmove"]), arrays["out_feat"].tolist(),
        norm_probs=True, tk_row=modelio._to_array(arrays["nextmove_row"]))


def _cached_arrays(model: Path, version: str) -> dict[str, Any] | None:
    """The model's arrays from the cache, unpacking and caching them first if needed;
    None when the model's layout is not the one known here."""
    import numpy as np

    directory = cache_dir()
    cached = None
    if directory is not None:
        try:
            stat = model.stat()
        except OSError:
            return None
        cached = directory / f"py3langid-{version}-{stat.st_size}-{stat.st_mtime_ns}.npy"
        try:
            with open(cached, "rb") as data:
                return {name: np.load(data, allow_pickle=False) for name in _ARRAYS}
        except FileNotFoundError:
            pass
        except Exception as exc:  # damaged (not a zip, cut short): unpacked again, replaced
            log.debug("langid cache %s unreadable: %s", cached, exc)
    arrays = _unpack(model)
    if arrays is not None and directory is not None and cached is not None:
        _store(arrays, directory, cached)
    return arrays


def _unpack(model: Path) -> dict[str, Any] | None:
    import lzma

    import numpy as np

    with lzma.open(model) as raw, tempfile.TemporaryFile(suffix=".npz") as tmp:
        while chunk := raw.read(1 << 20):
            tmp.write(chunk)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            if not set(_ARRAYS) <= set(data.files):
                return None
            return {name: data[name] for name in _ARRAYS}


def _store(arrays: dict[str, Any], directory: Path, target: Path) -> None:
    import numpy as np

    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".py3langid-", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as out:
                for name in _ARRAYS:  # .npy records one after another: no zip, no CRC
                    np.save(out, arrays[name], allow_pickle=False)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.debug("langid cache not written to %s: %s", directory, exc)
