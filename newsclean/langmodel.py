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
    cached = _cache_file(model, version)
    parts = _read(cached) if cached is not None else None
    if parts is None:
        parts = modelio.load_model(model)  # py3langid's own unpacking
        if cached is not None:
            _store(parts, cached)
    ptc, pc, classes, nextmove, row, output = parts
    import numpy as np

    # As LanguageIdentifier.from_model_file builds it from modelio.load_model's parts.
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                              norm_probs=True, tk_row=row)


def _cache_file(model: Path, version: str) -> Path | None:
    """Where the unpacked ``model`` is kept; None when the cache is off."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        stat = model.stat()
    except OSError:
        return None
    return directory / f"py3langid-{version}-{stat.st_size}-{stat.st_mtime_ns}.npy"


def _read(cached: Path) -> tuple[Any, ...] | None:
    """modelio.load_model's parts from the cache; None when it is not there or damaged."""
    import numpy as np
    from py3langid import modelio

    try:
        with open(cached, "rb") as data:
            ptc, pc, classes, nextmove, row, output = (
                np.load(data, allow_pickle=False) for _ in range(6))
    except FileNotFoundError:
        return None
    except Exception as exc:  # damaged (cut short, not .npy): unpacked again, replaced
        log.debug("langid cache %s unreadable: %s", cached, exc)
        return None
    return (ptc, pc, classes.tolist(), modelio._to_array(nextmove), modelio._to_array(row),
            output.tolist())


def _store(parts: tuple[Any, ...], target: Path) -> None:
    """Write modelio.load_model's parts to ``target`` as .npy records, one after
    another (no zip, no CRC), under a temporary name renamed when whole."""
    import numpy as np

    ptc, pc, classes, nextmove, row, output = parts
    arrays = (ptc, pc, np.array(classes), np.asarray(nextmove), np.asarray(row),
              np.asarray(output, dtype=np.int32))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".py3langid-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                for array in arrays:
                    np.save(out, array, allow_pickle=False)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.debug("langid cache not written to %s: %s", target.parent, exc)
