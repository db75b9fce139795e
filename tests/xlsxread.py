#!/usr/bin/env python3
"""tests/xlsxread.py: reads an .xlsx workbook back with the standard library
only (zipfile, xml.etree), independently of the library that wrote it.

read(path) returns [(sheet name, rows)] in the workbook's order; a row is a
list of Cell(value, type, fmt): value a str, float or bool (None for an
empty cell), type the cell's t attribute ("n" when it has none), fmt the
number format code of its style ("General" when none).

Run as a script, it prints the sheets as JSON: {"Sheet": [[value, ...]]}.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import namedtuple

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
RID = "{%s}id" % NS["r"]
# ECMA-376 Part 1, 18.8.30: the built-in number formats a writer may use
# by id alone, without a numFmt element
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%",
           10: "0.00%", 11: "0.00E+00", 14: "mm-dd-yy", 49: "@"}

Cell = namedtuple("Cell", "value type fmt")


def _col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _text(si):
    return "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))


def read(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    strings = []
    if "xl/sharedStrings.xml" in names:
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        strings = [_text(si) for si in sst.findall("m:si", NS)]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = dict(BUILTIN)
    for nf in styles.findall("m:numFmts/m:numFmt", NS):
        fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xf_fmt = [fmts.get(int(xf.get("numFmtId", "0")), "?")
              for xf in styles.findall("m:cellXfs/m:xf", NS)]
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", NS)}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    out = []
    for sh in wb.findall("m:sheets/m:sheet", NS):
        t = target[sh.get(RID)]
        t = t.lstrip("/") if t.startswith("/") else "xl/" + t
        ws = ET.fromstring(z.read(t))
        rows = []
        for row in ws.findall("m:sheetData/m:row", NS):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            cells = rows[r]
            for c in row.findall("m:c", NS):
                i = _col_index(c.get("r"))
                while len(cells) <= i:
                    cells.append(Cell(None, None, "General"))
                typ = c.get("t", "n")
                v = c.find("m:v", NS)
                raw = v.text if v is not None else None
                if typ == "s":
                    val = strings[int(raw)]
                elif typ == "inlineStr":
                    val = _text(c.find("m:is", NS))
                elif typ == "b":
                    val = raw == "1"
                elif typ in ("str", "e"):
                    val = raw
                else:
                    val = float(raw) if raw is not None else None
                cells[i] = Cell(val, typ, xf_fmt[int(c.get("s", "0"))])
        out.append((sh.get("name"), rows))
    return out


if __name__ == "__main__":
    book = read(sys.argv[1])
    print(json.dumps({name: [[c.value for c in row] for row in rows] for name, rows in book},
                     indent=1))
