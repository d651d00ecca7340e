"""Write the seed article (fr.txt + en-mt.txt, en-ref.txt) in every bilingual format mtqa reads.

Run from anywhere: `python corpora/lapresse-canada-japan/formats/generate.py`.
Unit ids are the line numbers 1..18, so each format's report lines up with the
plain pair's. The documents (article-*.txt: paragraphs separated by blank
lines; running-*.txt: the whole article on one line) test the aligner.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
SEED = HERE.parent


def lines(name: str) -> list[str]:
    return (SEED / name).read_text(encoding="utf-8").split("\n")


def main() -> None:
    fr, en, ref = lines("fr.txt"), lines("en-mt.txt"), lines("en-ref.txt")
    assert len(fr) == len(en) == len(ref) == 18
    rows = list(zip(range(1, 19), fr, en, ref))
    note = "Dateline: keep the time in the reader's convention."

    with open(HERE / "seed.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for i, s, t, r in rows:
            fh.write(json.dumps({"id": str(i), "source": s, "target": t, "reference": r}, ensure_ascii=False) + "\n")

    with open(HERE / "seed.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("id\tsource\ttarget\n")
        for i, s, t, _ in rows:
            fh.write(f"{i}\t{s}\t{t}\n")

    with open(HERE / "seed.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "source", "target", "reference"])
        for row in rows:
            w.writerow(row)

    units = []
    for i, s, t, _ in rows:
        extra = f"\n        <note>{escape(note)}</note>" if i == 2 else ""
        units.append(
            f'      <trans-unit id="{i}">\n        <source>{escape(s)}</source>\n'
            f'        <target state="translated">{escape(t)}</target>{extra}\n      </trans-unit>'
        )
    (HERE / "seed-1.2.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '  <file original="lapresse-canada-japan" source-language="fr-CA" target-language="en-US" datatype="plaintext">\n'
        "    <body>\n" + "\n".join(units) + "\n    </body>\n  </file>\n</xliff>\n",
        encoding="utf-8",
    )

    units = []
    for i, s, t, _ in rows:
        notes = f"\n      <notes><note>{escape(note)}</note></notes>" if i == 2 else ""
        units.append(
            f'    <unit id="{i}">{notes}\n      <segment state="translated">\n        <source>{escape(s)}</source>\n'
            f"        <target>{escape(t)}</target>\n      </segment>\n    </unit>"
        )
    (HERE / "seed-2.0.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr-CA" trgLang="en-US">\n'
        '  <file id="lapresse-canada-japan">\n' + "\n".join(units) + "\n  </file>\n</xliff>\n",
        encoding="utf-8",
    )

    tus = []
    for i, s, t, _ in rows:
        tus.append(
            f'    <tu tuid="{i}">\n      <tuv xml:lang="fr-CA"><seg>{escape(s)}</seg></tuv>\n'
            f'      <tuv xml:lang="en-US"><seg>{escape(t)}</seg></tuv>\n    </tu>'
        )
    (HERE / "seed.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
        '  <header creationtool="mtqa-generate" creationtoolversion="1" segtype="paragraph" o-tmf="plain"'
        ' adminlang="en" srclang="fr-CA" datatype="plaintext"/>\n  <body>\n' + "\n".join(tus) + "\n  </body>\n</tmx>\n",
        encoding="utf-8",
    )

    def po_str(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    entries = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n']
    for i, s, t, _ in rows:
        comment = f"# {note}\n" if i == 2 else ""
        entries.append(f"{comment}#: lapresse-canada-japan:{i}\nmsgctxt \"{i}\"\nmsgid {po_str(s)}\nmsgstr {po_str(t)}\n")
    (HERE / "seed.po").write_text("\n".join(entries), encoding="utf-8")

    (HERE / "article-fr.txt").write_text("\n\n".join(fr) + "\n", encoding="utf-8")
    (HERE / "article-en-mt.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    (HERE / "running-fr.txt").write_text(" ".join(fr) + "\n", encoding="utf-8")
    (HERE / "running-en-mt.txt").write_text(" ".join(en) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
