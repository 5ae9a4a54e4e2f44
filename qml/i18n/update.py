#!/usr/bin/env python3
"""Refreshes the kiosk's .ts files: lupdate extracts every qsTr/translate from qml/ and kiosk/app/,
then each message gets its translation from translations.py (English: the source itself).
Run after changing a patron-facing string:  python3 qml/i18n/update.py
Exits 1, naming them, when a string has no translation yet (the build would show it in English)."""
import os, subprocess, sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, here)
from translations import T

LANGS = ["lv", "lt", "uk", "en", "ru"]
lupdate = os.environ.get("LUPDATE", "/usr/lib/qt6/bin/lupdate")
sources = [os.path.join("qml", f) for f in sorted(os.listdir(os.path.join(root, "qml"))) if f.endswith(".qml")]
sources += [os.path.join("kiosk/app", f) for f in sorted(os.listdir(os.path.join(root, "kiosk/app")))
            if f.endswith((".cpp", ".h"))]
missing = set()
for lang in LANGS:
    ts = os.path.join("qml/i18n", f"lasis_{lang}.ts")
    subprocess.run([lupdate, "-silent", "-locations", "none", "-no-obsolete", "-source-language", "en",
                    "-target-language", lang, *sources, "-ts", ts], cwd=root, check=True)
    tree = ET.parse(os.path.join(root, ts))
    for m in tree.iter("message"):
        src = m.find("source").text
        tr = m.find("translation")
        if lang == "en":
            text = src
        elif src in T:
            text = T[src][["lv", "lt", "uk", "ru"].index(lang)]
        else:
            missing.add(src)
            continue
        tr.text = text
        tr.attrib.pop("type", None)
    tree.write(os.path.join(root, ts), encoding="utf-8", xml_declaration=True)
unused = set(T) - {m.find("source").text for m in ET.parse(os.path.join(root, "qml/i18n/lasis_lv.ts")).iter("message")}
for s in sorted(unused):
    print(f"unused translation: {s!r}")
for s in sorted(missing):
    print(f"missing translation: {s!r}", file=sys.stderr)
sys.exit(1 if missing else 0)
