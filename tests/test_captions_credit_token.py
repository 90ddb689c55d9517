"""_credit_token must stay a superset of rules/captions.txt's credit patterns."""
import itertools

from newsclean.stages.captions import _credit_token, _searches

PIECES = ["Jane Roe", "(", ")", ".", " ", ", ", "photo", "foto", "Photo", "Foto", "Photograph", "Picture",
          "Image", "Getty Images", "AFP via Getty Images", "Bild", "Crédit photo", "Crédits", "Credit:",
          "(C)", "©", "/", "via", "Symbolbild", "Archivfoto", "REUTERS", "AP Photo", ":", "by", "Kyodo"]


def _superset(tail: str) -> bool:
    return "/" in tail or "©" in tail or _credit_token(tail)


def test_known_credits_pass():
    credit = _searches()[1]
    for text in ["Crowds gather in the square. (AP Photo/Evan Vucci)", "A tram in Budapest. (Symbolbild).",
                 "A view of the port, photo: Jane Roe", "The harbour at dawn. Credit: Jane Roe",
                 "Crowds in the square. Getty Images", "Crowds in the square. (Jane Roe (C) Agency)",
                 "Protesters march on Monday. Photo by Jane Roe", "A view of the port (Getty)"]:
        assert credit(text), text
        assert _superset(text), text


def test_every_credit_match_passes():
    credit = _searches()[1]
    for parts in itertools.product(PIECES, repeat=3):
        tail = ("Crowds gather in the square. " + "".join(parts)).strip()
        if credit(tail):
            assert _superset(tail), tail
