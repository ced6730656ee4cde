"""Turkish-aware text helpers.

Folding rule for search (applied on write into an indexed column and on every query):
1. Turkish case first: "I" → "ı" and "İ" → "i", then lower-case.
2. Then the letters people type without a Turkish keyboard: ı→i, ş→s, ğ→g, ü→u, ö→o, ç→c, and the
   circumflexed â, î, û → a, i, u.
So "İSMAİL", "ismail" and "Ismail" all fold to "ismail"; "ILGAZ" and "ılgaz" to "ilgaz"; "ŞÜKRÜ",
"şükrü" and "sukru" to "sukru". Because the folded column is plain ASCII, a LIKE on it behaves the
same on SQLite (which folds ASCII only) and on PostgreSQL.
"""

import unicodedata

_TO_SEARCH_ALPHABET = str.maketrans("ışğüöçâîû", "isguocaiu")


def fold_turkish(text: str) -> str:
    lowered = text.replace("İ", "i").replace("I", "ı").lower()
    folded = lowered.translate(_TO_SEARCH_ALPHABET)
    # Anything else with a diacritic (names from other alphabets) loses it too; "i̇" from
    # decomposed input loses its combining dot.
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def turkish_title(text: str) -> str:
    words = []
    for word in text.split(" "):
        if word:
            words.append(turkish_upper(word[0]) + word[1:].replace("I", "ı").replace("İ", "i").lower())
        else:
            words.append(word)
    return " ".join(words)
