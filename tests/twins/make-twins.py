#!/usr/bin/python3
"""Make a Word (.docx) and an OpenDocument (.odt) twin of each text report.

    tests/twins/make-twins.py            # from the top of the tree

A text report is a Word table exported to text: a line that starts with a tab
is a table cell, a blank line ends a table row, any other line is a body
paragraph.  Each twin holds the same lines as real tables: each row's cells in
table cells, rows of fewer cells than their table with the last one merged
across the rest (w:gridSpan, table:number-columns-spanned).  The twin of the
sample is then made to look as Word writes it: runs split mid-word, a w:tab,
a w:br, a smart tag, a content control, a table split in two, a tracked
deletion and insertion, a field, bookmarks, a comment and a footnote
reference, a non-breaking space.

Needs Debian's python3-docx and python3-odf, for the generation only: the
twins are checked in, and the tests read them without either.
"""

import io
import os
import re
import sys
import zipfile

import docx
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCES = [os.path.join(TOP, "tests", "fixtures", f) for f in (
    "adliyye-2014.txt", "dim-2013.txt", "dmx-2017.txt", "emsmn-2015.txt",
    "xin-2017.txt")] + [os.path.join(TOP, "samples", "dmx-2016-report.txt")]
WORDLIKE = "dmx-2016-report"


def decode(raw):
    """Text of a report in any encoding the fixtures use, with LF ends."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def items(text):
    """The report as ("row", [cells]) and ("para", text), in order."""
    out, row = [], None
    for line in text.split("\n"):
        if line.strip(" ") == "":
            row = None
        elif line.lstrip(" ").startswith("\t"):
            if row is None:
                row = []
                out.append(("row", row))
            row.append(line.lstrip(" ")[1:])
        else:
            row = None
            out.append(("para", line))
    return out


def tables(report):
    """Group rows that follow each other into tables of as many columns as
    their widest row."""
    out = []
    for kind, what in report:
        if kind == "row":
            if out and out[-1][0] == "table":
                out[-1][1].append(what)
            else:
                out.append(("table", [what]))
        else:
            out.append((kind, what))
    return out


def make_docx(report, path, wordlike):
    doc = docx.Document()
    for kind, what in tables(report):
        if kind == "para":
            doc.add_paragraph(what)
            continue
        ncols = max(len(r) for r in what)
        table = doc.add_table(rows=0, cols=ncols)
        for cells in what:
            row = table.add_row()
            if len(cells) < ncols:
                row.cells[len(cells) - 1].merge(row.cells[ncols - 1])
            for i, text in enumerate(cells):
                row.cells[i].text = text
    buf = io.BytesIO()
    doc.save(buf)
    if wordlike:
        buf = as_word_writes(buf)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def rewrite_part(buf, name, edit):
    """A copy of the package with one part edited."""
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return out


RUN = re.compile(r'<w:r><w:t(?: xml:space="preserve")?>([^<]*)</w:t></w:r>')
PRESERVE = '<w:t xml:space="preserve">'
AUTHOR = 'w:author="Redaktor" w:date="2017-01-20T10:00:00Z"'


def run(text, props=""):
    return "<w:r>%s%s%s</w:t></w:r>" % (props, PRESERVE, text)


def nth(pattern, xml, n):
    """The n-th (from 0) match of a pattern."""
    return list(re.finditer(pattern, xml))[n]


def split_mid_word(m):
    """Split a run inside a word, as Word does where spelling or editing
    marks fall: the text must read the same, with no space added."""
    text = m.group(1)
    w = re.search(r"\w{6,}", text)
    if w is None:
        return m.group(0)
    cut = w.start() + 3
    return (run(text[:cut]) + '<w:proofErr w:type="spellStart"/>' +
            run(text[cut:], '<w:rPr><w:lang w:val="az-Latn-AZ"/></w:rPr>') +
            '<w:proofErr w:type="spellEnd"/>')


def word_body(xml):
    """The twin's document.xml made to look as Word writes it."""
    # A content control around the title paragraph.
    p = nth(r"<w:p>.*?</w:p>", xml, 0)
    xml = (xml[:p.start()] + '<w:sdt><w:sdtPr><w:alias w:val="Başlıq"/>'
           '<w:id w:val="-1"/></w:sdtPr><w:sdtContent>' + p.group(0) +
           "</w:sdtContent></w:sdt>" + xml[p.end():])
    # A smart tag around the first deadline cell's run.
    r = re.search(r'<w:r><w:t>(Mütəmadi|\d{4}-c[^<]*)</w:t></w:r>', xml)
    xml = (xml[:r.start()] + '<w:smartTag w:uri="urn:schemas-microsoft-com:'
           'office:smarttags" w:element="metricconverter"><w:smartTagPr>'
           '<w:attr w:name="ProductID" w:val="2016 a"/></w:smartTagPr>' +
           r.group(0) + "</w:smartTag>" + xml[r.end():])
    # Two body paragraphs made one, with a line break between them.
    j = nth(r"</w:t></w:r></w:p><w:p><w:r><w:t>", xml, 4)
    xml = (xml[:j.start()] + '</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>' +
           xml[j.end():])
    # A tab for a space, in a narrative paragraph.
    j = nth(r"<w:p><w:r><w:t>[^<]{200,}", xml, 0)
    k = xml.index(" ", j.start())
    xml = (xml[:k] + '</w:t></w:r><w:r><w:tab/></w:r><w:r>' + PRESERVE +
           xml[k + 1:])
    # A tracked deletion of a sentence that would name an agreement, and a
    # tracked insertion of words the text has; a field whose instructions
    # would name one too, with its result; a bookmark, a comment and a
    # footnote reference.
    j = nth(r"<w:p><w:r><w:t>[^<]{200,}", xml, 2)
    k = xml.index(" ", j.start() + 40)
    xml = (xml[:j.start() + 5] +
           '<w:bookmarkStart w:id="0" w:name="_GoBack"/>'
           '<w:bookmarkEnd w:id="0"/><w:commentRangeStart w:id="0"/>'
           '<w:del w:id="901" ' + AUTHOR + '><w:r><w:delText xml:space='
           '"preserve">“Silinmiş Saziş” 2016-cı il 1 mart tarixində '
           'imzalanmışdır. </w:delText></w:r></w:del>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
           'xml:space="preserve"> DOCPROPERTY “Sahə Sazişi” imzalanmışdır '
           '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
           '</w:r>' + xml[j.start() + 5:k] + '</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
           '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/>'
           '</w:r><w:ins w:id="902" ' + AUTHOR + '><w:r>' + PRESERVE +
           xml[k:xml.index("</w:t>", k)] + '</w:t></w:r></w:ins><w:r>'
           '<w:footnoteReference w:id="1"/></w:r><w:r><w:t>' +
           xml[xml.index("</w:t>", k):])
    # One table split in two, as Word does at a paragraph between its rows.
    t = nth(r"<w:tbl>.*?</w:tbl>", xml, 1)
    head = re.match(r"<w:tbl>(<w:tblPr>.*?</w:tblPr><w:tblGrid>.*?"
                    r"</w:tblGrid>)", t.group(0)).group(1)
    rows = [m.end() for m in re.finditer("</w:tr>", t.group(0))]
    cut = t.start() + rows[len(rows) // 2 - 1]
    xml = xml[:cut] + "</w:tbl><w:p/><w:tbl>" + head + xml[cut:]
    # A non-breaking space in a title cell.
    k = xml.index(" ", nth(r"<w:tc>.*?<w:t>[^<]{40,}", xml, 3).end() - 20)
    xml = xml[:k] + "\u00a0" + xml[k + 1:]
    return RUN.sub(split_mid_word, xml)


def as_word_writes(buf):
    return rewrite_part(buf, "word/document.xml", word_body)


def make_odt(report, path):
    doc = OpenDocumentText()
    n = 0
    for kind, what in tables(report):
        if kind == "para":
            p = P()
            teletype.addTextToElement(p, what)
            doc.text.addElement(p)
            continue
        ncols = max(len(r) for r in what)
        n += 1
        table = Table(name="Cədvəl%d" % n)
        table.addElement(TableColumn(numbercolumnsrepeated=ncols))
        for cells in what:
            row = TableRow()
            for i, text in enumerate(cells):
                span = ncols - i if i == len(cells) - 1 else 1
                cell = TableCell(numbercolumnsspanned=span) if span > 1 \
                    else TableCell()
                p = P()
                teletype.addTextToElement(p, text)
                cell.addElement(p)
                row.addElement(cell)
                for _ in range(span - 1):
                    row.addElement(CoveredTableCell())
            table.addElement(row)
        doc.text.addElement(table)
    doc.save(path)


def main():
    out = os.path.join(TOP, "tests", "twins")
    for src in SOURCES:
        base = os.path.splitext(os.path.basename(src))[0]
        with open(src, "rb") as f:
            report = items(decode(f.read()))
        make_docx(report, os.path.join(out, base + ".docx"), base == WORDLIKE)
        make_odt(report, os.path.join(out, base + ".odt"))
        print(base, file=sys.stderr)


if __name__ == "__main__":
    main()
