"""Copy the primary texts of the project's shared sources into seeds/texts/ and write texts.yaml.

    python seeds/texts/make_register.py ../shared/sources/primary

Run once per import: the files are copied byte for byte, and texts.yaml records for each one
the document it is the text of, its origin, licence, how it was made and its SHA-256. Ignore
patterns and corrections are curation: add them to texts.yaml by hand, each with its reason.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent

US = {
    "language": "en",
    "origin": {"repository": "https://github.com/ulfelder/national-security-strategy",
               "commit": "0075c0b6a5b77cde6006bff1d32461ea5934d5b4"},
    "licence": "https://creativecommons.org/publicdomain/mark/1.0/",
    "rights": "A work of the United States Government, not subject to copyright in the United States "
              "(17 U.S.C. 105); the OCR copy comes from a repository under the MIT licence.",
    "made": "OCR of the official PDF (archived at nssarchive.us) by the repository's author. Running heads, "
            "page numbers, line-break hyphens and misread characters remain.",
}
PRK = {
    "language": "ko",
    "origin": {"repository": "https://github.com/e9t/north-korea-new-years-speechs", "commit": "dd3ae53"},
    "licence": "https://creativecommons.org/publicdomain/zero/1.0/",
    "rights": "Published under CC0 1.0 by the corpus's compilers (Park, Park and Jo 2015, from South Korean "
              "archival sources).",
    "made": "Digitised text of the address or joint editorial as printed, compiled from South Korean archival "
            "sources; a compiler's title, date and summary (해제) may precede the address. Line breaks inside "
            "sentences and stray spaces inside words come from the digitisation.",
}
BGR = {
    "language": "en",
    "origin": {"repository": "https://github.com/julHristov/national-security-analysis", "commit": "36afedf"},
    "licence": "https://creativecommons.org/publicdomain/mark/1.0/",
    "rights": "An official act of the Republic of Bulgaria, which the Copyright and Neighbouring Rights Act "
              "(art. 4) leaves outside copyright; the repository states no licence of its own.",
    "made": "English version as published by the Bulgarian authorities, translator not stated; text extracted "
            "from a PDF (hard line breaks, page headers inside the text, '11.2' for 'II.2').",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry(doc: str, file: str, meta: dict, path: Path, title: str, source: str | None = None,
          origin_path: str | None = None, words_from: str | None = None) -> list[str]:
    lines = [f"  - document: {doc}", f"    issuer: {doc.split('-')[0].upper()}", f"    file: {file}", f"    title: {q(title)}", f"    language: {meta['language']}"]
    if source:
        lines.append(f"    source: {source}")
    origin = dict(meta["origin"], **({"path": origin_path} if origin_path else {}))
    lines.append("    origin: {" + ", ".join(f"{k}: {v}" for k, v in origin.items()) + "}")
    lines += [f"    licence: {meta['licence']}", f"    rights: {q(meta['rights'])}", f"    made: {q(meta['made'])}",
              f"    sha256: {sha256(path)}"]
    if words_from:
        lines.append(f"    words_from: {q(words_from)}")
    return lines


def main(primary: Path) -> None:
    out = ["# The texts the project holds, one entry per document (seeds/texts/README.md says what each field is).",
           "# Written by make_register.py; ignore patterns and corrections are added by hand, with their reasons.",
           "texts:"]
    for src in sorted((primary / "us-nss").glob("*_national_security_strategy.txt")):
        year = src.name[:4]
        dest = HERE / "usa" / f"nss-{year}.txt"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dest)
        out += entry(f"usa-nss-{year}", f"usa/nss-{year}.txt", US, dest,
                     f"National Security Strategy of the United States, {year}: plain text",
                     source=f"ulfelder-nss-{year}", origin_path=f"texts/{src.name}")
    for src in sorted((primary / "prk-new-year").glob("*_new-year-address.ko.txt")):
        year = src.name[:4]
        dest = HERE / "prk" / f"new-year-{year}.txt"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dest)
        heading = re.search(r"^[ \t]*원[ \t]*문[ \t]*$", dest.read_text(encoding="utf-8"), re.MULTILINE)
        out += entry(f"prk-new-year-{year}", f"prk/new-year-{year}.txt", PRK, dest,
                     f"New Year address or joint New Year editorial, {year}: Korean text",
                     origin_path=f"data/{year}.txt", words_from=heading.group(0).strip() if heading else None)
    for name, doc, title in (("1998_national-security-concept.en.txt", "bgr-nsc-1998",
                              "National Security Concept of the Republic of Bulgaria, 1998: English version"),
                             ("2011_national-security-strategy.en.txt", "bgr-nss-2011",
                              "National Security Strategy of the Republic of Bulgaria, 2011: English version")):
        dest = HERE / "bgr" / f"{doc.removeprefix('bgr-')}.txt"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(primary / "bgr-nss" / name, dest)
        out += entry(doc, f"bgr/{dest.name}", BGR, dest, title, origin_path="data/raw_texts/")
    (HERE / "texts.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
