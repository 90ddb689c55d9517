"""The TOML configuration file: extra rules, per-site rules and defaults for CLI options.

Looked up as ``--config FILE``, else ``./newsclean.toml``, else ``newsclean/config.toml``
in the user's config folder (``click.get_app_dir``). Example::

    [defaults]                 # defaults for `newsclean clean` options (flags win)
    format = "jsonl"
    min_words = 40

    [rules]                    # for every page
    chrome_phrases = ["Sponsored by Acme"]
    caption_patterns = ['\\(Photo: [^)]+\\)$']

    [sites."example.com"]      # pages whose URL host is example.com or a subdomain
    chrome_phrases = ["Daily Ledger Weekend Edition"]
    skip = ["stories"]
    drop_selectors = ["div.promo"]   # HTML pages (kept for the HTML reader)

Every mistake is a :class:`~newsclean.errors.ConfigError` naming the file, the key and
its line, so a user can fix a bad file without reading code.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .textutil import phrase_key

#: File name looked for in the working folder and in the user's config folder.
CONFIG_NAME = "newsclean.toml"

#: `[defaults]` keys and the type each must have.
DEFAULT_KEYS: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "min_words": int,
    "keep_captions": bool,
    "split": bool,
    "skip": list,
    "stats": bool,
}
#: Keys of `[rules]` and of each `[sites."host"]` table.
RULE_KEYS = ("chrome_phrases", "caption_patterns")
SITE_KEYS = (*RULE_KEYS, "skip", "drop_selectors")


@dataclass(frozen=True)
class SiteRules:
    """Extra rules for one host (or, for ``[rules]``, for every page)."""

    chrome_phrases: frozenset[str] = frozenset()
    caption_patterns: tuple[str, ...] = ()
    skip: frozenset[str] = frozenset()
    drop_selectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileConfig:
    """What a configuration file says (empty when there is none)."""

    path: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    rules: SiteRules = SiteRules()
    sites: tuple[tuple[str, SiteRules], ...] = ()


def find_config(explicit: str | None, app_dir: str | None) -> str | None:
    """The file to read: ``explicit``, else ./newsclean.toml, else the user's one."""
    if explicit:
        return explicit
    if os.path.isfile(CONFIG_NAME):
        return CONFIG_NAME
    if app_dir:
        candidate = os.path.join(app_dir, "config.toml")
        if os.path.isfile(candidate):
            return candidate
    return None


def load_config(path: str | None, stage_names: tuple[str, ...] = ()) -> FileConfig:
    """Read and check a configuration file (None: no file, an empty configuration)."""
    if path is None:
        return FileConfig()
    try:
        raw_text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration file ({exc})") from None
    import tomllib  # here, not at the top: 9 ms of every run that has no config file

    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    checker = _Checker(path, raw_text, stage_names)
    unknown = set(data) - {"defaults", "rules", "sites"}
    if unknown:
        key = sorted(unknown)[0]
        checker.fail(key, "unknown section; use [defaults], [rules] or [sites.\"host\"]")
    defaults = checker.defaults(data.get("defaults", {}))
    rules = checker.site(data.get("rules", {}), "rules", RULE_KEYS)
    sites_raw = data.get("sites", {})
    if not isinstance(sites_raw, dict):
        checker.fail("sites", 'must be tables like [sites."example.com"]')
    sites = tuple(
        (host.lower().lstrip("."), checker.site(table, f'sites."{host}"', SITE_KEYS))
        for host, table in sites_raw.items()
    )
    return FileConfig(path=path, defaults=defaults, rules=rules, sites=sites)


def site_rules_for(sites: tuple[tuple[str, SiteRules], ...], url: str | None) -> list[SiteRules]:
    """The site tables that apply to a page's URL (host or any parent domain)."""
    host = host_of(url)
    if not host:
        return []
    return [rules for name, rules in sites if host == name or host.endswith("." + name)]


#: A path that is a port and what follows it: "8080", "8080/news" (five digits at most).
PORT_PATH_RE = re.compile(r"\d{1,5}(?:/|$)")


def host_of(url: str | None) -> str | None:
    """The host of a URL, lower case, as ``urllib.parse`` reads it:
    "https://User@www.Example.com:8080/a" → "www.example.com", "http://[::1]:8000/x" →
    "::1", "//cdn.example.com/a" → "cdn.example.com". A URL written without its scheme
    ("example.com/news", "localhost:8000/x", as dumps often hold them) is read as
    if it started with "//"; one whose scheme has no host ("mailto:jane@example.com",
    "javascript:…", "data:…") has none: None, as for a URL that cannot be parsed."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        if not parts.netloc and (not parts.scheme or PORT_PATH_RE.match(parts.path)):
            # No scheme, or a host and port read as scheme and path
            # ("example.com:8080/news", "intranet:8080/x": scheme "intranet", path
            # "8080/x"; not "tel:5551234", whose digits are no port): the text starts
            # with the host.
            parts = urlsplit("//" + url)
        return parts.hostname or None
    except ValueError:  # "http://[::1/x": an IPv6 host not closed, a port out of range
        return None


class _Checker:
    """Type checks with messages that name the key and the line it is on."""

    def __init__(self, path: str, text: str, stage_names: tuple[str, ...]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.stage_names = stage_names

    def line_of(self, key: str) -> int | None:
        bare = key.split(".")[-1].strip('"')
        for n, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if stripped.startswith("[") and bare in stripped:
                return n
            if re.match(rf'^"?{re.escape(bare)}"?\s*=', stripped):
                return n
        return None

    def fail(self, key: str, message: str) -> None:
        line = self.line_of(key)
        where = f"{self.path}, line {line}" if line else self.path
        raise ConfigError(f"{where}: {key}: {message}")

    def defaults(self, table: Any) -> dict[str, Any]:
        if not isinstance(table, dict):
            self.fail("defaults", "must be a table")
        for key, value in table.items():
            if key not in DEFAULT_KEYS:
                self.fail(f"defaults.{key}", f"unknown option; known: {', '.join(DEFAULT_KEYS)}")
            want = DEFAULT_KEYS[key]
            if not isinstance(value, want) or (want is int and isinstance(value, bool)):
                self.fail(f"defaults.{key}", f"must be {_type_name(want)}, not {type(value).__name__}")
        if "skip" in table:
            self.stages(table["skip"], "defaults.skip")
        if "format" in table and table["format"] not in ("text", "jsonl", "json"):
            self.fail("defaults.format", "must be one of text, jsonl, json")
        if table.get("min_words", 0) < 0:
            self.fail("defaults.min_words", "must be 0 or more")
        return dict(table)

    def site(self, table: Any, name: str, allowed: tuple[str, ...]) -> SiteRules:
        if not isinstance(table, dict):
            self.fail(name, "must be a table")
        for key in table:
            if key not in allowed:
                self.fail(f"{name}.{key}", f"unknown key; known: {', '.join(allowed)}")
        lists = {}
        for key in allowed:
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(f"{name}.{key}", "must be a list of strings")
            lists[key] = value
        for pattern in lists.get("caption_patterns", []):
            try:
                re.compile(pattern)
            except re.error as exc:
                self.fail(f"{name}.caption_patterns", f"bad regular expression {pattern!r}: {exc}")
        if "skip" in lists:
            self.stages(lists["skip"], f"{name}.skip")
        return SiteRules(
            chrome_phrases=frozenset(phrase_key(p) for p in lists.get("chrome_phrases", [])),
            caption_patterns=tuple(lists.get("caption_patterns", [])),
            skip=frozenset(lists.get("skip", [])),
            drop_selectors=tuple(lists.get("drop_selectors", [])),
        )

    def stages(self, names: Any, key: str) -> None:
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.fail(key, "must be a list of stage names")
        unknown = [n for n in names if self.stage_names and n not in self.stage_names]
        if unknown:
            self.fail(key, f"unknown stage {unknown[0]!r}; stages are: {', '.join(self.stage_names)}")


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", list: "a list"}
    return names.get(t, str(t)) if not isinstance(t, tuple) else " or ".join(names[x] for x in t)
