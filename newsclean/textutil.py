"""Small text helpers shared by stages: words, stop words, language guess, shapes."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache, lru_cache
from typing import Any, Callable, Iterable, TypeVar

from . import rules

# C0 control characters: every one but tab and newline, the carriage return among them,
# and lone surrogates. NUL is what PostgreSQL text and jsonb refuse; the others are no
# text a reader sees. Must not touch tab, newline, or any other character.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
# What each becomes (see strip_controls): carriage return, vertical tab and form feed a
# line break (the text format separates documents with a form feed line); NUL nothing
# (padding, or the high bytes of UTF-16 read as something else); the others a space, as
# they stand between words ("Intergovernmental\x07 Panel\x07on\x07 Climate" on a dev page).
_CONTROL_TABLE = {c: " " for c in range(32) if c not in (9, 10)}
_CONTROL_TABLE.update({0x00: None, 0x0B: "\n", 0x0C: "\n", 0x0D: "\n"})
# A lone surrogate (JSON's "\ud8a5" escape, which json.loads takes) is no character:
# UTF-8 output cannot encode it, and writing the document would fail. It becomes U+FFFD.
_CONTROL_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})


# The same but for the form feed, which the readers keep until a text dump has been cut
# into pages at its form feed lines (see readers.text.pages_from_text).
_CONTROL_BUT_FF_RE = re.compile("[\x00-\x08\x0b\x0d-\x1f\ud800-\udfff]")
_CONTROL_BUT_FF_TABLE = {**_CONTROL_TABLE, 0x0C: None}
del _CONTROL_BUT_FF_TABLE[0x0C]
# The same, character to text (None: nothing), for re.sub.
_CONTROL_STR_TABLE = {chr(c): r or "" for c, r in _CONTROL_TABLE.items()}
_CONTROL_BUT_FF_STR_TABLE = {chr(c): r or "" for c, r in _CONTROL_BUT_FF_TABLE.items()}


def _control_replacement(m: re.Match) -> str:
    return _CONTROL_STR_TABLE[m.group()]


def _control_replacement_ff(m: re.Match) -> str:
    return _CONTROL_BUT_FF_STR_TABLE[m.group()]


def strip_controls(text: str, keep_form_feed: bool = False) -> str:
    r"""``text`` without C0 control characters but tab and newline, as every text
    entering a page is made: a line break for a carriage return (CRLF too), vertical
    tab or form feed, nothing for NUL, a space for the others. ``keep_form_feed``
    leaves form feeds in (a reader's text, before pages are cut at them).

    >>> strip_controls("Bridge\x00 open\r\nfor bikes\x0cPage\x072")
    'Bridge open\nfor bikes\nPage 2'
    """
    pattern = _CONTROL_BUT_FF_RE if keep_form_feed else CONTROL_RE
    if pattern.search(text) is None:
        return text  # nearly every text: one scan, no copy
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if pattern.search(text) is None:
            return text  # a page with Windows (or old Mac) line ends, the commonest case
    # Only the matches are replaced: str.translate with this table (which deletes and
    # maps to non-ASCII) looks every character up in a dict, 13 ms for a 140 KB page.
    return pattern.sub(_control_replacement_ff if keep_form_feed else _control_replacement, text)


# Words for counting and comparing: letters/digits runs, apostrophes inside words kept
# ("Ukraine's", "aujourd'hui"). Must not split "U.S." into nonsense: dots end a word.
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# A block that ends like a sentence: final . ! ? … possibly followed by closing quotes
# or brackets ("… he said.”", German „… gesagt.“, "(AP Photo/X)" is not, it ends in
# ")" after a letter).
# Or ends in emoji, which informal writing puts where the full stop goes ("… mehr
# Struktur 💁🏻‍♀️"): pictographs, dingbats, skin tones, joiners and variation selectors.
# Either may be followed by a signature in brackets: "… des Bahnumschlags. (cm)".
#: Closing quotes and brackets that may follow a sentence's full stop.
CLOSERS = "\"'”’“‘»«›‹)]」』"
EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF"
# A text ending in emoji, white space aside. Only whether it finds one is asked: the
# match starts where the run of emoji, joiners and white space the text ends in starts,
# which holds an emoji (not at that emoji). A search starts only there (the lookbehind),
# and reads the run once (possessive): "[emoji][emoji\s]*$" read the rest of a run of
# emoji again from each of them.
EMOJI_END_RE = re.compile(f"(?<![{EMOJI}\u200d\ufe0f\\s])[\u200d\ufe0f\\s]*+[{EMOJI}][{EMOJI}\u200d\ufe0f\\s]*+$")
# The last character (white space aside) of a text EMOJI_END_RE finds.
EMOJI_CHAR_RE = re.compile(f"[{EMOJI}\u200d\ufe0f]")
# A writer's initials or agency in brackets after the last full stop: "… (cm)", "(dpa)".
SIGNATURE = r"\s*\([\w/ .-]{1,12}\)"
# Searched: it starts where white space starts, never inside a run of it (where the
# leftmost match never starts), and reads the run once.
SIGNATURE_RE = re.compile(r"(?<!\s)\s*+\([\w/ .-]{1,12}\)\s*+$")
# The emoji branch, like EMOJI_END_RE, starts where a run of emoji and joiners starts
# (only whether there is a match is asked): a search from each emoji of a run read the
# rest of it again. Searched from a position (ends_sentence), the lookbehind sees the
# characters before it: a run that starts further back is found by the whole search.
#: Full stops of other scripts: the danda of Bengali and Hindi, the Urdu full stop,
#: the Arabic question mark.
FULL_STOPS = "\u0964\u0965\u06d4\u061f"
SENTENCE_END_RE = re.compile(
    f"(?:[.!?…:。！？{FULL_STOPS}](?:[\\s\u00a0\u202f]*[{re.escape(CLOSERS)}])*"
    f"|(?<![{EMOJI}\u200d\ufe0f])[\u200d\ufe0f]*+[{EMOJI}][{EMOJI}\u200d\ufe0f]*+)"
    f"(?:{SIGNATURE})?\\s*$")

# ---------------------------------------------------------------------- per-page memo
# Stages ask the same questions about the same texts (a block's words, its stop-word
# density, whether it is a byline): the answers are remembered for as long as one page
# is cleaned. Pipeline.label forgets them when a page starts and Pipeline.run when it
# ends, so nothing is carried from page to page and the memory is that of one page,
# linear in it. A bounded LRU cache shared by all pages did the same until a page had
# more distinct blocks than it held: then every stage's pass over the page evicted what
# the next pass asked for, and a 5 MB page was cleaned four times slower per MB than a
# 2.5 MB one. The answers are pure functions of their arguments, so a page cleaned in
# another thread at the same time can only lose remembered answers, never get wrong
# ones. functools.cache is a plain dict behind a C wrapper: a repeated question costs
# no Python call at all.
_F = TypeVar("_F", bound=Callable[..., Any])
_PAGE_MEMOS: list[Any] = []


def per_page(fn: _F) -> _F:
    """Memoise ``fn`` (a pure function of hashable arguments) for one page."""
    memo = cache(fn)
    _PAGE_MEMOS.append(memo)
    return memo  # type: ignore[return-value]


def forget_page() -> None:
    """Drop every answer :func:`per_page` functions remember (a page is done)."""
    for memo in _PAGE_MEMOS:
        memo.cache_clear()


#: Languages guessed by :func:`detect_lang` (those with a stop-word list).
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl")


# In ASCII text WORD_RE's words are the runs of letters and digits, joined by single
# apostrophes. Every other byte as a space, apostrophes not between two of them too,
# str.split finds the same words five times faster than the regex (which makes a
# match for each of a paragraph's words: 30 us for 300 characters).
_ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() or c == 39 else 32 for c in range(256))
LOOSE_APOSTROPHE_RE = re.compile(r"'(?:(?![A-Za-z0-9])|(?<![A-Za-z0-9]'))")
# The same with the capitals lower-cased (ASCII's lower case is just that): norm_key.
_ASCII_KEY_BYTES = _ASCII_WORD_BYTES.translate(bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz"))
# Other text as UTF-8: its ASCII bytes other than letters, digits and the apostrophe
# as spaces, the bytes of its other characters kept. An ASCII character that
# is neither is in no word, and whether a character is in one depends only on whether
# its neighbours are letters, digits or apostrophes: the text's words stay the same.
_UTF8_WORD_BYTES = bytes(c if c >= 128 or chr(c).isalnum() or c == 39 else 32 for c in range(256))


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``. Not remembered: the words of every block of a page take
    ten times the page in memory, and nearly every question is how many there are
    (:func:`nwords`, remembered)."""
    if text.isascii():
        if "'" in text:
            text = LOOSE_APOSTROPHE_RE.sub(" ", text)
        return tuple(text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split())
    return tuple(_other_words(text))


def _other_words(text: str) -> list[str]:
    """The words of a text that is not all ASCII (see words)."""
    # Its ASCII punctuation as spaces first (bytes.translate, in C; "surrogatepass"
    # carries a lone surrogate through unchanged). No word spans white space, and a
    # piece between spaces made of letters and digits only is one word: when all
    # pieces are (a line of German or Russian without quotes), the pieces are the
    # words. Otherwise the regex reads only the others ("„zweimal“", "wasn’t"), in
    # half the time of reading it all.
    text = text.encode("utf-8", "surrogatepass").translate(_UTF8_WORD_BYTES).decode("utf-8", "surrogatepass")
    pieces = text.split()
    if "".join(pieces).isalnum():
        return pieces
    out: list[str] = []
    for piece in pieces:
        if piece.isalnum():
            out.append(piece)
        else:
            out += _find_words(piece)
    return out


_find_words = WORD_RE.findall


@per_page
def nwords(text: str) -> int:
    """``len(words(text))``, remembered for the page: every stage asks it about the
    same blocks. Counted in the text's norm_key (its words joined by single spaces,
    no word holding one), which the page remembers anyway: a block is cut into words
    once for its count, its key and its stop words."""
    key = norm_key(text)
    return key.count(" ") + 1 if key else 0


# Characters of scripts written without spaces (CJK ideographs, kana, hangul): WORD_RE
# takes a whole run of them as one "word".
UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@per_page
def word_count(text: str) -> float:
    """Words in ``text``; in scripts written without spaces two characters count as one
    word, so a Japanese paragraph weighs about what its English translation would."""
    if text.isascii():  # no such script: one check in C, not a regex run over the text
        return nwords(text)
    unspaced = len(UNSPACED_RE.findall(text))
    if unspaced:
        return len(words(UNSPACED_RE.sub(" ", text))) + unspaced / 2
    return nwords(text)


# Bullets, pipes and punctuation around a chrome phrase: "• Share |", "› Politics".
# Must keep inner punctuation ("e-mail", "U.S.") as it is.
TRIM_RE = re.compile(r"^[\W_]+|[\W_]+$")


@per_page
def phrase_key(text: str) -> str:
    """How a whole line is compared with chrome phrases: lower case, trimmed of
    surrounding punctuation ("• Share |" → "share")."""
    return trim_key(text.strip().lower())


def trim_key(s: str) -> str:
    """phrase_key of a line already stripped and lower-cased (``s``): what asks for the
    key of a line it has lower-cased does not lower-case it again."""
    # Same as TRIM_RE.sub("", …).strip(), without the regex scanning long texts for
    # a trailing run ([\W_] is: not alphanumeric, or "_").
    if s[:1].isalnum() and s[-1:].isalnum():  # most lines: nothing to trim
        return s
    i, j = 0, len(s)
    while i < j and (s[i] == "_" or not s[i].isalnum()):
        i += 1
    while j > i and (s[j - 1] == "_" or not s[j - 1].isalnum()):
        j -= 1
    return s[i:j].strip()


@per_page
def norm_key(text: str) -> str:
    """A comparison key: lower-case words only ("Share  this!" → "share this")."""
    if text.isascii():  # words(), with the capitals lower-cased by the same table
        if "'" in text:
            text = LOOSE_APOSTROPHE_RE.sub(" ", text)
        return " ".join(text.encode("ascii").translate(_ASCII_KEY_BYTES).decode("ascii").split())
    # Lower-cased once joined: the same string (no word ends in a character whose
    # lower case depends on what follows, bar a final sigma, which a space also ends).
    return " ".join(_other_words(text)).lower()


#: How far from its end a text is searched first for SENTENCE_END_RE.
SENTENCE_END_REACH = 64
# What may follow a sentence end's first character: white space, closers, emoji
# (and a signature, of which at most SIGNATURE_OTHERS characters are none of these:
# "(" and twelve inside). Must list every character SENTENCE_END_RE lets follow
# its . ! ? … or emoji, else ends_sentence would miss ends that start far back.
END_TAIL_RE = re.compile(f"[\\s\u00a0\u202f{re.escape(CLOSERS)}{EMOJI}\u200d\ufe0f]+")
SIGNATURE_OTHERS = 13


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends like a sentence (SENTENCE_END_RE).

    A search over a whole paragraph tries the pattern at every character (15 us
    for 500 characters), so the last SENTENCE_END_REACH characters are searched
    first. A match starting further back would leave in them only the characters
    END_TAIL_RE takes and a signature; only then is the whole text searched.
    """
    start = len(text) - SENTENCE_END_REACH
    if start <= 0:
        return bool(SENTENCE_END_RE.search(text))
    if SENTENCE_END_RE.search(text, start):
        return True
    if len(END_TAIL_RE.sub("", text[start:])) > SIGNATURE_OTHERS:
        return False
    return bool(SENTENCE_END_RE.search(text))


@lru_cache(maxsize=1)
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """Stop word → the languages whose list holds it (one lookup per word)."""
    index: dict[str, list[str]] = {}
    for lang in LANGS:
        for w in rules.stopwords(lang):
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def detect_lang(texts: Iterable[str], sample_words: int = 4000) -> str | None:
    """Guess the page language: from stop-word hits in the seven languages with a
    list (:data:`LANGS`), else, when those are not convincing (a page in Japanese
    or Polish, a results table), by py3langid's model (97 languages; 140 in 0.4) on
    a sample of the page (:func:`langid_guess`); None when neither is sure.

    >>> detect_lang(["Der Hund und die Katze sind nicht hier."])
    'de'
    >>> detect_lang(["東京都は十日、新しい防災計画を発表した。住民の避難経路を見直し、学校の耐震工事を急ぐという。"])
    'ja'
    """
    texts = texts if isinstance(texts, (list, tuple)) else list(texts)
    return stopword_lang(texts, sample_words) or langid_guess(texts)


def stopword_lang(texts: Iterable[str], sample_words: int = 4000) -> str | None:
    """The language of :data:`LANGS` whose stop words the first ``sample_words``
    words hit most; None when nothing is convincing."""
    # The keys are those the stages ask for later (norm_key, nwords): reading the
    # sample costs little more than the keys, which for most pages (under 4000
    # words) are those of every block.
    keys: list[str] = []
    seen = 0
    for key in map(norm_key, texts):
        if key:
            keys.append(key)
            seen += key.count(" ") + 1  # its words, single spaces between them
            if seen >= sample_words:
                break
    # The languages of each stop word, in text order, the loop kept in C: one split
    # of the sample, not one per block. Counted in that order, so that a tie goes to
    # the language hit first, as before.
    index = _stopword_index()
    counts: Counter[str] = Counter(itertools.chain.from_iterable(
        filter(None, map(index.get, " ".join(keys).split(" ")))))
    if not counts:
        return None
    lang, hits = counts.most_common(1)[0]
    return lang if hits >= 5 and hits >= 0.08 * seen else None


#: How much of a page the fallback guess reads: its longest blocks (the story's
#: paragraphs, not the menu's one-word lines) up to this many characters. The model
#: costs about 1 ms for it; a whole page would cost up to 10.
LANGID_SAMPLE_CHARS = 1500
#: Fewer letters than this in the sample: too little to tell ("12 3 - 4", a title).
LANGID_MIN_LETTERS = 40
#: The model's probability (py3langid's normalised scores) below which it is not
#: believed.
LANGID_MIN_CONFIDENCE = 0.5


def langid_guess(texts: list[str] | tuple[str, ...]) -> str | None:
    """The language py3langid reads in the page's longest blocks (together up to
    LANGID_SAMPLE_CHARS characters), None when the sample is too short or the model
    unsure. py3langid is langid.py's model (97 languages, 140 from py3langid 0.4;
    trained offline and shipped in the package: no network), which the field's
    corpus tools run.

    Loads the model on first use (about a second, once per process): most pages
    never need it, as their stop words tell."""
    parts, size = [], 0
    for text in sorted(texts, key=len, reverse=True):
        parts.append(text)
        size += len(text)
        if size >= LANGID_SAMPLE_CHARS:
            break
    sample = "\n".join(parts)[:LANGID_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < LANGID_MIN_LETTERS:
        return None
    model = _langid_model()
    if model is None:
        return None
    lang, confidence = model.classify(sample)
    return lang if confidence >= LANGID_MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def _langid_model() -> Any:
    """py3langid's identifier with probabilities as scores; None when the package
    is missing (an install without its dependencies): the stop-word guess alone."""
    from .langmodel import load_identifier

    return load_identifier()


def lang_borne_out(texts: Iterable[str], lang: str) -> bool:
    """False when the page's text plainly is not in ``lang``, a language with a list
    of function words (all written in Latin letters): most letters of its first
    DECLARED_LANG_SAMPLE characters are of another script, and under
    DECLARED_LANG_HITS of its words are those function words (a template's
    <html lang="en"> on a page in Bengali). True for a language without a list, and
    for a page with too little text to tell. Most pages are settled by their letters
    alone, in C (str.isascii, one regex).

    >>> lang_borne_out(["এ সময় জব্বার নামে আরেকজন আহত হন।"] * 30, "en")
    False
    """
    parts, size = [], 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= DECLARED_LANG_SAMPLE:
            break
    sample = " ".join(parts)[:DECLARED_LANG_SAMPLE]  # the first text may be the whole page
    if sample.isascii() or not rules.stopwords(lang) or not OTHER_SCRIPT_RE.search(sample):
        return True
    other = len(OTHER_SCRIPT_RE.findall(sample))
    if other <= len(LATIN_LETTER_RE.findall(sample)):
        return True
    ws = sample.lower().split()
    if len(ws) < DECLARED_LANG_MIN_WORDS:
        return True
    sw = rules.stopwords(lang)
    return sum(map(sw.__contains__, ws)) >= DECLARED_LANG_HITS * len(ws)


#: A declared language is believed unless, in the first DECLARED_LANG_SAMPLE
#: characters, most letters are of a script other than Latin, at least
#: DECLARED_LANG_MIN_WORDS words are read, and under DECLARED_LANG_HITS of them are
#: its function words (prose has 30-50%).
DECLARED_LANG_SAMPLE = 4000
DECLARED_LANG_HITS = 0.03
DECLARED_LANG_MIN_WORDS = 100
#: Letters of the Latin blocks, and letters of any other script.
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
OTHER_SCRIPT_RE = re.compile(r"[^\W\d_\x00-\u024f]")


@per_page
def stopword_density(text: str, lang: str | None) -> float:
    """Share of the words of ``text`` that are function words of ``lang`` (English
    when None). A language without a list (Polish, Czech, ...) gives 1.0: there is no
    evidence against prose, as for a page whose language is unknown.

    Remembered for the page: the content and headline stages ask about the same blocks."""
    key = norm_key(text)  # the lower-cased words, remembered for the page
    if not key:
        return 0.0
    sw = rules.stopwords(lang or "en")
    if not sw:
        return 1.0
    ws = key.split(" ")
    # map() keeps the per-word loop in C.
    return sum(map(sw.__contains__, ws)) / len(ws)


# A dateline opening a story paragraph: "KYIV, Ukraine (AP) — ", "LONDON (Reuters) - ",
# "CLEVELAND, Ohio – ", "NEW DELHI: ", "BERLIN (dpa) - ". The place starts with a
# word in capitals; an optional region follows a comma. Must not touch a sentence
# that starts with a capitalised acronym ("NATO said …": no dash or colon follows).
DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ.'’-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ.'’-]+){0,3}"
    r"(?:, [A-ZÀ-Þ][\w.'’-]*(?: [A-ZÀ-Þ][\w.'’-]*){0,3}\.?)?)"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?"
    r"\s*(?P<dash>—|–|--|-|:)\s+(?=\S)"
)


#: A paragraph opening with a dateline is a story's first paragraph, never a heading.
DATELINE_MIN_WORDS = 12


def dateline_of(text: str) -> str | None:
    """The dateline a paragraph opens with, without the dash; None when there is none.

    >>> dateline_of("KYIV, Ukraine (AP) — French President Emmanuel Macron said on Tuesday that talks would go on.")
    'KYIV, Ukraine (AP)'
    >>> dateline_of("NATO said on Thursday that …") is None
    True
    """
    m = DATELINE_RE.match(text)
    if not m or nwords(text) < DATELINE_MIN_WORDS:
        return None
    place, agency, dash = m.group("place"), m.group("agency"), m.group("dash")
    if place.split(",")[0].strip().upper() in rules.dateline_non_places():
        return None
    letters = [c for c in place.split(",")[0] if c.isalpha()]
    if len(letters) < 3:
        return None
    if dash == ":" and not agency and (len(letters) < 5 or not place.replace(" ", "").isupper()):
        return None
    if agency and not (agency.strip() in rules.agencies() or agency.isupper() or len(agency.split()) <= 3):
        return None
    if dash == "-" and not agency and "," not in place and len(place.split()) == 1 and len(letters) < 4:
        return None
    return text[: m.start("dash")].strip()


# The closing line of a story: "… contributed to this report.", "Jane Doe contributed
# reporting.", "Reporting by X; Editing by Y", "(Additional reporting by …)", "With
# reporting by X in Y.", "Additional writing by X.", "This story was reported by X in
# Y.", "Roe contributed from Oslo.", "With files from X", "AP writers X and Y
# contributed." It ends a story and belongs to its body. Must not touch "He contributed
# to the campaign.": the words after "contributed" must be about reporting, or a place
# ("from"), or nothing.
# Only whether it finds one is asked. "AP writers … contributed" starts at the full stop
# (or the start) before the first such word of the text's last sentence, and takes that
# word only (atomic): when it fails, a later word of the same sentence fails too. A
# search from each such word read the rest of the sentence again.
CREDIT_LINE_RE = re.compile(
    r"(contributed (additional )?(reporting|to this (report|story|article))|contributed from (?-i:[A-Z])|"
    r"^\(?(additional |with |further )?(reporting|writing) by (?-i:[A-Z])|\bediting by (?-i:[A-Z])|"
    r"^this (story|report|article) was (reported|written) by\b|^with files from (?-i:[A-Z])|"
    r"^compiled by (?-i:[A-Z])|(?:^|\.)(?>[^.]*?\b(writers?|reporters?|correspondents?|staff)\b)[^.]*\bcontributed\.?$|"
    r"^(mit material von|avec|con información de)\b)",
    re.IGNORECASE,
)
# "Petrequin reported from London.", "Garcia Cano reported from Caracas, and Janetsky
# from Mexico City.", "Van der Berg reported from Lagos.": a wire story's closing line
# naming where its reporters were. Case-sensitive: the subject is a surname or two,
# never a pronoun ("He reported from the front for years." is story text).
_SURNAME = r"[A-Z][\w'’-]+(?: (?:(?:van|von|de|der|den|da|del|di|la|le|du|dos|das|al|bin) )*[A-Z][\w'’-]+){0,2}"
REPORTED_FROM_RE = re.compile(
    r"^(?!(?:He|She|They|It|We|I|You|Who|This|That)\b)" + _SURNAME
    + r"(?:(?:,| and) " + _SURNAME + r")* reported from [A-Z]")


# Letters every match of CREDIT_LINE_RE holds, in any case: "by", "(contri)buted",
# "avec", "(mit) mater(ial)", "(i)nform(ación)"; and REPORTED_FROM_RE's words. Chosen
# without i, k and s, which re.IGNORECASE also matches in other scripts' letters ("ı",
# "K", "ſ"). is_credit_line spells them out: keep the two the same.
CREDIT_HINTS = ("by", "buted", "avec", "mater", "nform", "reported from", "with files")


@per_page
def is_credit_line(text: str) -> bool:
    if len(text) >= 400:
        return False
    # The hints first: the pattern's search costs more. Looked for in norm_key(text),
    # which the page remembers (word_count asked for it), not in a lower-cased copy
    # of the text: a hint's letters, lower-cased, stand in one word of the text, and
    # the key holds its words lower-cased, joined by single spaces, so every hint in
    # the lower-cased text (the two-word ones with a single space) is in the key.
    # CREDIT_HINTS as substring tests: each is str's fast search in C, together half
    # the time of one regex alternation of them, which is tried at every character.
    key = norm_key(text)
    if not ("by" in key or "buted" in key or "avec" in key or "mater" in key
            or "nform" in key or "reported from" in key or "with files" in key):
        return False
    low = text.lower()
    return bool(CREDIT_LINE_RE.search(text) or ("reported from" in low and REPORTED_FROM_RE.match(text)))
