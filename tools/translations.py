"""Keep the Qt catalogues in resources/i18n in step with the source.

    python tools/translations.py update     # lupdate: collect strings from ui/ into the .ts files
    python tools/translations.py fill F.json # apply {English source: Vietnamese} to unfinished entries
    python tools/translations.py release    # lrelease: compile .ts → .qm (committed, so no build step)
    python tools/translations.py check      # exit 1 if a string is untranslated or a .qm is stale

English is the source language: songmay_en.ts holds the plural forms and marks every entry
finished; songmay_vi.ts is the Vietnamese catalogue a translator edits (Qt Linguist works).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGS = ("vi", "en")


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    return str(exe) if exe.exists() else (shutil.which(f"pyside6-{name}") or f"pyside6-{name}")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def ts_path(lang: str, folder: Path = I18N) -> Path:
    return folder / f"songmay_{lang}.ts"


def lupdate(folder: Path = I18N) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        args = [_tool("lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                "-source-language", "en", "-target-language", lang, "-ts", str(ts_path(lang, folder))]
        if lang == "en":
            args.insert(-2, "-pluralonly")
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True)
    finish_english(ts_path("en", folder))


def finish_english(path: Path) -> None:
    """English needs no translation except plural forms: fill those, mark all finished."""
    tree = ET.parse(path)
    for msg in tree.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if msg.get("numerus") == "yes":
            forms = tr.findall("numerusform")
            while len(forms) < 2:
                forms.append(ET.SubElement(tr, "numerusform"))
            singular = src.replace("(s)", "").replace("(es)", "").replace("(ren)", "")
            plural = src.replace("(s)", "s").replace("(es)", "es").replace("(ren)", "ren")
            forms[0].text, forms[1].text = singular, plural
        elif not (tr.text or "").strip():
            tr.text = src
        tr.attrib.pop("type", None)
    _write(tree, path)


def fill(mapping_file: Path, lang: str = "vi") -> int:
    mapping = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    path = ts_path(lang)
    tree = ET.parse(path)
    done = 0
    for msg in tree.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if src in mapping and (tr.get("type") == "unfinished" or not (tr.text or "").strip()):
            value = mapping[src]
            if msg.get("numerus") == "yes":
                for f in tr.findall("numerusform"):
                    tr.remove(f)
                ET.SubElement(tr, "numerusform").text = value  # Vietnamese has one form
            else:
                tr.text = value
            tr.attrib.pop("type", None)
            done += 1
    _write(tree, path)
    return done


def _write(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, "    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def lrelease(folder: Path = I18N, out: Path | None = None) -> None:
    out = out or folder
    for lang in LANGS:
        subprocess.run([_tool("lrelease"), str(ts_path(lang, folder)), "-qm", str(out / f"songmay_{lang}.qm")],
                       check=True, capture_output=True, text=True)


def unfinished(path: Path) -> list[str]:
    tree = ET.parse(path)
    out = []
    for msg in tree.iter("message"):
        tr = msg.find("translation")
        empty = not (tr.text or "").strip() and not any((f.text or "").strip() for f in tr.findall("numerusform"))
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or empty:
            out.append(msg.findtext("source") or "")
    return out


def check() -> list[str]:
    """Problems: strings in the code missing from or untranslated in a catalogue, stale .qm."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for lang in LANGS:
            shutil.copy(ts_path(lang), ts_path(lang, t))
        lupdate(t)  # merges the current code's strings into copies of the catalogues
        for lang in LANGS:
            problems += [f"{lang}: untranslated: {s!r}" for s in unfinished(ts_path(lang, t))]
        lrelease(I18N, t)
        for lang in LANGS:
            qm = f"songmay_{lang}.qm"
            if not (I18N / qm).exists() or (I18N / qm).read_bytes() != (t / qm).read_bytes():
                problems.append(f"{qm} is stale: run python tools/translations.py release")
    return problems


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "check"
    if cmd == "update":
        lupdate()
    elif cmd == "fill":
        print(f"filled {fill(Path(argv[1]))} entries")
    elif cmd == "release":
        lrelease()
    elif cmd == "check":
        problems = check()
        print("\n".join(problems) or "catalogues complete and compiled")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
