#!/usr/bin/env python3
"""Check the DOM headless Chromium dumped of napmond's page against
/v1/indicators: the figures shown equal the JSON, every overdue measure is in
the table, and the hostile report's text shows as text, with no element or
handler of its own.

usage: check_dom.py DOM.html INDICATORS.json [--agency NAME]"""
import json
import sys
from html.parser import HTMLParser

FOREIGN = {"script", "img", "injected", "iframe", "object", "embed", "b", "i",
           "base", "link"}
HOSTILE_TEXTS = ["<script>document.title='pwned'",
                 "\"><img src=x onerror=\"document.title='pwned'\">",
                 "javascript:alert(1) <b>sınaq</b> haqqında Saziş",
                 "=HYPERLINK(\"http://example.invalid\",\"bax\")",
                 "ə" * 10000]


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.figures = {}
        self.overdue = set()
        self.handlers = []
        self.hrefs = []
        self.title = ""
        self.stack = []
        self.in_overdue = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.stack.append(tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.handlers.append((tag, k, v))
        if "href" in a:
            self.hrefs.append(a["href"])
        if a.get("id", "").startswith("fig-"):
            self.figures[a["id"][4:]] = a.get("data-value")
        if tag == "table":
            self.in_overdue = a.get("id") == "overdue"
        if tag == "tr" and self.in_overdue and "data-measure" in a:
            self.overdue.add((a.get("data-agency"), a["data-measure"]))

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title" and "svg" not in self.stack:
            self.title += data
        self.text.append(data)


def main():
    dom = Dom()
    dom.feed(open(sys.argv[1], encoding="utf-8").read())
    ind = json.load(open(sys.argv[2], encoding="utf-8"))
    agency = sys.argv[4] if len(sys.argv) > 4 else None
    scope = ind["by_agency"][agency] if agency else ind
    failures = []

    def check(what, ok):
        print(("ok - " if ok else "not ok - ") + what)
        if not ok:
            failures.append(what)

    m, a = scope["measures"], scope["agreements"]
    want = {"measures": m["total"], "completed": m["completed"],
            "in_progress": m["in_progress"], "ongoing": m["ongoing"],
            "not_reported": m["not_reported"], "overdue": m["overdue"],
            "completion_rate": scope["completion_rate"],
            "agreements": a["total"], "stuck": a["stuck"],
            "regressed": a["regressed"]}
    for key, value in want.items():
        shown = dom.figures.get(key)
        ok = shown is not None and value is not None and \
            abs(float(shown) - value) < 1e-6
        check(f"figure {key}: page {shown}, /v1/indicators {value}", ok)
    listed = {(o["agency"], o["id"]) for o in ind["overdue_measures"]
              if agency is None or o["agency"] == agency}
    check(f"{len(listed)} overdue measures of /v1/indicators all in the table",
          len(listed) > 0 and listed <= dom.overdue)
    check("the table lists as many overdue measures as counted",
          len(dom.overdue) == min(m["overdue"], 100))
    foreign = sorted(set(dom.tags) & FOREIGN)
    check(f"no element the reports injected ({foreign})", not foreign)
    check(f"no event handler attribute ({dom.handlers[:3]})", not dom.handlers)
    bad = [h for h in dom.hrefs if not h.startswith("/")]
    check(f"every link is a path of the page ({bad[:3]})", not bad)
    check(f"the document's title is the page's ({dom.title!r})",
          "napmon" in dom.title and "pwned" not in dom.title)
    text = "".join(dom.text)
    for t in HOSTILE_TEXTS:
        check(f"hostile text shown as text: {t[:40]!r}", t in text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
