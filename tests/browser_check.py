#!/usr/bin/env python3
"""Checks an HTML brief as a real browser renders it (tests/t_brief.sh).

usage: browser_check.py BRIEF.html PLAN.json OUTDIR [CHROMIUM]

Without CHROMIUM, checks the file as written (html.parser); with it, checks
the DOM headless Chromium rendered (--dump-dom), then saves a PNG screenshot
and a PDF into OUTDIR and checks their magic bytes and size. The expected
values are recomputed here from the plan JSON, never read from the page.
Prints one "PASS what" or "FAIL what: detail" line per check.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser


class Page(HTMLParser):
    """The page's visible text and its charts: per <svg>, its id and the
    attributes of its <rect> and <circle> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.skip = 0  # inside <style>, <script> or <title>
        self.svgs = []
        self.attr_values = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attr_values.extend((tag, k, v or "") for k, v in attrs)
        if tag in ("style", "script", "title"):
            self.skip += 1
        if tag == "svg":
            self.svgs.append({"id": a.get("id"), "role": a.get("role"), "rects": [],
                              "circles": [], "title": False})
        elif tag in ("rect", "circle") and self.svgs:
            self.svgs[-1][tag + "s"].append(a)
        if tag == "title" and self.svgs and not self.svgs[-1]["title"]:
            self.svgs[-1]["title"] = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def usd(cents):
    """As the brief writes money: whole USD, half away from zero, commas."""
    whole = (abs(cents) + 50) // 100
    return ("-" if cents < 0 else "") + "USD {:,}".format(whole)


def cents(v):
    return int(round(v * 100)) if v is not None else 0


results = []


def check(what, ok, detail=""):
    results.append(ok)
    print("PASS " + what if ok else "FAIL %s: %s" % (what, detail))


def bars(svg, key):
    return [r for r in svg["rects"] if "bar" in (r.get("class") or "").split() and key in r]


def check_page(html, plan, where):
    p = Page()
    p.feed(html)
    text = re.sub(r"\s+", " ", " ".join(p.text))
    # no network: no external reference of any kind
    ext = [(t, k, v) for t, k, v in p.attr_values
           if k in ("src", "href", "xlink:href", "action", "srcset") and not v.startswith("#")]
    check(where + ": no src/href outside the page", not ext, repr(ext[:3]))
    check(where + ": no http in any attribute", not any("http" in v for _, _, v in p.attr_values),
          repr([v for _, _, v in p.attr_values if "http" in v][:3]))
    check(where + ": no script, link, img, iframe",
          not set(p.tags) & {"script", "link", "img", "iframe", "object", "embed"},
          repr(set(p.tags) & {"script", "link", "img", "iframe", "object", "embed"}))
    check(where + ": no url() or @import in styles", "url(" not in html and "@import" not in html)
    # every State, by id and by name
    missing = [c["state"] for c in plan["coalitions"]
               if c["state"] not in text or (c.get("name") or c["state"]) not in text]
    check(where + ": every State's id and name appear", not missing, repr(missing))
    # the totals, recomputed from the plan
    req = sum(cents(n["requested"]) for n in plan["needs"])
    got = sum(cents(n["allocated"]) for n in plan["needs"])
    ureq = sum(cents(n["requested"]) for n in plan["needs"] if n["urgency"] > 1)
    ugot = sum(cents(n["allocated"]) for n in plan["needs"] if n["urgency"] > 1)
    for what, s in (("requested", usd(req)), ("allocated", usd(got)),
                    ("unmet", usd(req - got))):
        check(where + ": total %s %s appears" % (what, s), s in text)
    if ureq:
        share = "%.1f%%" % (100.0 * ugot / ureq)
        check(where + ": urgent share %s appears" % share, "Urgent need covered " + share in text,
              text[:300])
    for d in plan["donors"]:
        check(where + ": donor %s budget appears" % d["donor"], usd(cents(d["budget"])) in text)
    # the charts
    svgs = {s["id"]: s for s in p.svgs}
    check(where + ": 3 or more charts", len(p.svgs) >= 3, str(len(p.svgs)))
    check(where + ": every chart has role img and a title",
          all(s["role"] == "img" and s["title"] for s in p.svgs))
    cov = svgs.get("chart-coverage")
    states = [c["state"] for c in plan["coalitions"]]
    check(where + ": coverage chart: one bar per State",
          cov is not None and [b["data-state"] for b in bars(cov, "data-state")] == states,
          repr(cov and [b["data-state"] for b in bars(cov, "data-state")]))
    urgent_states = sorted({n["state"] for n in plan["needs"]
                            if n["urgency"] > 1 and cents(n["requested"]) > 0})
    marked = sorted(r["data-state"] for r in (cov or {"rects": []})["rects"]
                    if "urgent" in (r.get("class") or "").split() and "data-state" in r)
    check(where + ": coverage chart marks the urgent part of each State with urgent needs",
          marked == urgent_states, "%r != %r" % (marked, urgent_states))
    width = float(cov["rects"][0]["width"]) if cov else 0  # the first track is 100%
    bad = []
    for c, b in zip(plan["coalitions"], bars(cov, "data-state") if cov else []):
        r = sum(cents(n["requested"]) for n in plan["needs"] if n["state"] == c["state"])
        a = sum(cents(n["allocated"]) for n in plan["needs"] if n["state"] == c["state"])
        want = width * a / r if r else 0.0
        if abs(float(b["width"]) - want) > 0.11:
            bad.append((c["state"], b["width"], want))
    check(where + ": coverage bar lengths are allocated / requested", not bad, repr(bad))
    ut = svgs.get("chart-utilisation")
    check(where + ": utilisation chart: one bar per donor",
          ut is not None and [b["data-donor"] for b in bars(ut, "data-donor")] ==
          [d["donor"] for d in plan["donors"]])
    tl = svgs.get("chart-timeline")
    with_deadline = [n["need"] for n in plan["needs"] if n.get("deadline")]
    marks = [c.get("data-need") for c in (tl or {"circles": []})["circles"]
             if "mark" in (c.get("class") or "").split()]
    check(where + ": timeline: one mark per need with a deadline", marks == with_deadline,
          "%r != %r" % (marks, with_deadline))
    overdue = [n["need"] for n in plan["needs"] if (n.get("days_left") or 0) < 0]
    red = [c.get("data-need") for c in (tl or {"circles": []})["circles"]
           if "overdue" in (c.get("class") or "").split()]
    check(where + ": timeline: overdue needs in the overdue colour", red == overdue,
          "%r != %r" % (red, overdue))
    return p


def chromium(binary, args, tmp):
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=" + os.path.join(tmp, "profile"), "--no-first-run"] + args
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)


def main():
    html_path, plan_path, outdir = sys.argv[1:4]
    browser = sys.argv[4] if len(sys.argv) > 4 else None
    plan = json.load(open(plan_path))
    html = open(html_path, encoding="utf-8").read()
    if not browser:
        check_page(html, plan, "file")
        return
    url = "file://" + os.path.abspath(html_path)
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, os.path.splitext(os.path.basename(html_path))[0])
    with tempfile.TemporaryDirectory() as tmp:
        r = chromium(browser, ["--dump-dom", url], tmp)
        dom = r.stdout.decode("utf-8", "replace")
        check("chromium --dump-dom", r.returncode == 0 and "<svg" in dom,
              "exit %d: %s" % (r.returncode, r.stderr.decode()[-300:]))
        check_page(dom, plan, "rendered DOM")
        for kind, arg, magic in (("png", "--screenshot=", b"\x89PNG\r\n\x1a\n"),
                                 ("pdf", "--print-to-pdf=", b"%PDF-")):
            out = base + "." + kind
            if os.path.exists(out):
                os.unlink(out)
            extra = ["--window-size=1200,3000"] if kind == "png" else ["--no-pdf-header-footer"]
            r = chromium(browser, [arg + os.path.abspath(out)] + extra + [url], tmp)
            data = open(out, "rb").read() if os.path.exists(out) else b""
            check("%s written (%d bytes)" % (out, len(data)),
                  data.startswith(magic) and len(data) > 20000,
                  "exit %d, %d bytes: %s" % (r.returncode, len(data), r.stderr.decode()[-300:]))
        if os.path.exists(base + ".pdf"):
            pdf = open(base + ".pdf", "rb").read()
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            # a page per coalition, besides the summary, charts and donors
            check("pdf: a page or more per coalition (%d pages)" % pages,
                  pages >= len(plan["coalitions"]) + 2)


if __name__ == "__main__":
    main()
    sys.exit(0 if all(results) else 1)
