"""The lottery method, as plain functions with no Django and no random module, so that the office's
draw and anyone's re-derivation (`manage.py lottery_draw`, or these dozen lines rewritten in any
language) give the same lists. The method is described for the public in LOTTERY.md.

1. The list: the references of the eligible applicants (ASCII, e.g. "HG2025-0007"), sorted by
   code point, joined with "\\n". Its SHA-256 is published when the list is closed.
2. The public value: a value nobody could know when the list was closed (a lottery result, a
   newspaper headline of a named later date). Normalised: Unicode NFC, runs of white space made one
   space, trimmed.
3. The seed: SHA-256 of  list + "\\n--\\n" + value  (UTF-8), in hex.
4. Each applicant's score: HMAC-SHA256 with the seed's 32 bytes as key and the reference as the
   message, in hex. Applicants are ordered by (score, reference); the first `places` form the main
   list and the next `reserves` the reserve list, in that order.

HMAC-SHA256 and SHA-256 are defined by FIPS 198-1 and FIPS 180-4 and give the same bytes on every
machine and Python version; random.Random's algorithm and seeding are implementation details."""

import csv
import hashlib
import hmac
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

METHOD_VERSION = "omur-lottery-1"
_SPACES = re.compile(r"\s+")
REF_PATTERN = re.compile(r"^[A-Za-z0-9-]+$")


def normalise_value(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def canonical_list(refs: Iterable[str]) -> str:
    cleaned = [ref.strip() for ref in refs]
    for ref in cleaned:
        if not REF_PATTERN.match(ref):
            raise ValueError(f"invalid applicant reference {ref!r}")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError("an applicant reference is listed twice")
    return "\n".join(sorted(cleaned))


def list_digest(refs: Iterable[str]) -> str:
    return hashlib.sha256(canonical_list(refs).encode("utf-8")).hexdigest()


def seed_for(refs: Iterable[str], public_value: str) -> str:
    value = normalise_value(public_value)
    if not value:
        raise ValueError("the public value is empty")
    text = canonical_list(refs) + "\n--\n" + value
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def score(seed: str, ref: str) -> str:
    return hmac.new(bytes.fromhex(seed), ref.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class DrawResult:
    seed: str
    order: tuple[str, ...]  # every eligible reference, in drawn order
    main: tuple[str, ...]
    reserve: tuple[str, ...]


def draw(refs: Sequence[str], *, public_value: str, places: int, reserves: int) -> DrawResult:
    """The main and reserve lists among `refs` (the eligible applicants)."""
    if places < 0 or reserves < 0:
        raise ValueError("places and reserves must not be negative")
    seed = seed_for(refs, public_value)
    order = tuple(sorted((ref.strip() for ref in refs), key=lambda ref: (score(seed, ref), ref)))
    return DrawResult(seed=seed, order=order, main=order[:places], reserve=order[places : places + reserves])


# --- the published applicant list (CSV) ----------------------------------------------------------

CSV_HEADER = ("ref", "eligible", "name", "reason")


def eligible_refs_from_csv(text: str) -> list[str]:
    """The references marked eligible in an exported applicant list (columns: ref, eligible, ...)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or "ref" not in reader.fieldnames or "eligible" not in reader.fieldnames:
        raise ValueError("the file needs the columns 'ref' and 'eligible'")
    refs = []
    for row in reader:
        flag = (row.get("eligible") or "").strip().lower()
        if flag in ("1", "yes", "true", "evet"):
            refs.append((row.get("ref") or "").strip())
    return refs


def mask_name(given: str, family: str) -> str:
    """ "Ayşe Yılmaz" → "A*** Y***": enough for an applicant to find their line, not to identify them."""
    parts = [p for p in f"{given} {family}".split() if p]
    return " ".join(p[0] + "***" for p in parts)
