"""Build ``sv_lemmas.tsv.gz`` from simplemma's Swedish dictionary (run by hand; not at run time).

simplemma's full table holds ~950,000 forms and takes a second and ~200 MB to load. The engine needs
far less: the set of lemmas (for compound splitting and "is this a word?") plus the forms that our
suffix rules in ``lemma.py`` do not already turn into the right lemma. That is ~180,000 lines,
~1.3 MB gzipped, loaded in well under 0.1 s.

    .venv/bin/python lofte/text/data/build_lemmas.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from lofte.text.lemma import rule_lemma  # noqa: E402

OUT = Path(__file__).with_name("sv_lemmas.tsv.gz")
ALPHA = re.compile(r"^[a-zåäöéü]+$")


def main() -> None:
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    raw = _load_dictionary_from_disk("sv")
    pairs = [(k.decode(), v.decode()) for k, v in raw.items()]
    pairs = [(k, v) for k, v in pairs if ALPHA.match(k) and ALPHA.match(v) and len(v) >= 2]
    lemmas = {v for _, v in pairs}
    pairs.sort(key=lambda p: (len(p[0]), p[0]))
    exceptions: dict[str, str] = {}
    for form, lemma in pairs:
        if rule_lemma(form, lemmas, exceptions) == lemma:
            continue
        exceptions[form] = lemma
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Swedish lemmas and irregular forms, derived from simplemma 2.0.0 (MIT) sv dictionary\n")
        for lemma in sorted(lemmas):
            fh.write(lemma + "\n")
        for form, lemma in sorted(exceptions.items()):
            fh.write(f"{form}\t{lemma}\n")
    print(f"{len(lemmas)} lemmas, {len(exceptions)} exceptions -> {OUT}")


if __name__ == "__main__":
    main()
