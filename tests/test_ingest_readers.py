"""Reading documents: formats, detection, directories, stdin, ids and bad inputs."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from conftest import shared_path
from cormorant.errors import ConfigError
from cormorant.ingest import INPUT_FORMATS, read_documents
from cormorant.records import Document, Skipped

ARTICLE = (
    "Rebel fighters seized a border post in the eastern hills after a night of fighting, "
    "a spokesman for the provincial governor said.\n\n"
    "The governor appealed to the national army for reinforcements.\n"
)
HTML = """<!DOCTYPE html><html><head><title>Rebels seize border post | The Daily Quill</title>
<meta property="article:published_time" content="2011-07-14T08:30:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Rebels seize border post</h1>
<p>Rebel fighters seized a border post in the eastern hills on Wednesday after a night of
fighting, a spokesman for the provincial governor said.</p>
<p>The governor appealed to the national army for reinforcements and accused a neighbouring
state of arming the rebels.</p></article>
<footer><p>Copyright 2011 The Daily Quill. All rights reserved.</p></footer></body></html>
"""


def read(*paths: str | Path, **kw: object) -> list[Document | Skipped]:
    kw.setdefault("file_dates", False)
    return list(read_documents(list(paths), **kw))  # type: ignore[arg-type]


def one_doc(*paths: str | Path, **kw: object) -> Document:
    (doc,) = read(*paths, **kw)
    assert isinstance(doc, Document), doc
    return doc


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def test_ingest_input_formats_listed() -> None:
    assert INPUT_FORMATS == ("auto", "text", "html", "jsonl")


def test_ingest_plain_text_file(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "story.txt", ARTICLE))
    assert doc.id == "story"
    assert doc.text.startswith("Rebel fighters seized")
    assert doc.text.endswith("reinforcements.")
    assert doc.source == str(tmp_path / "story.txt")
    assert doc.date is None and doc.date_source is None


def test_ingest_html_file_extracts_article(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "page.html", HTML))
    assert doc.title == "Rebels seize border post"
    assert doc.text.startswith("Rebel fighters seized")
    assert "neighbouring" in doc.text
    for junk in ("Home", "Copyright", "<p>", "Daily Quill"):
        assert junk not in doc.text
    assert doc.date == dt.date(2011, 7, 14)
    assert doc.date_source == "html-meta"


def test_ingest_tiny_html_page_still_read(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "t.htm", "<html><body><p>Troops left the town.</p></body></html>"))
    assert doc.text == "Troops left the town."


def test_ingest_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {"id": "a1", "text": "The minister visited the flooded valley.", "date": "2004-03-02",
         "title": "Minister visits", "url": "https://example.org/a1"},
        {"id": "a2", "text": "Police arrested three smugglers.", "date": "26-FEB-1987 15:01:01.79"},
        {"text": "Talks resumed in the capital."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    docs = read(path)
    assert [d.id for d in docs] == ["a1", "a2", "batch-3"]
    a1, a2, a3 = docs
    assert isinstance(a1, Document) and isinstance(a2, Document) and isinstance(a3, Document)
    assert a1.date == dt.date(2004, 3, 2) and a1.date_source == "given"
    assert a1.title == "Minister visits" and a1.url == "https://example.org/a1"
    assert a2.date == dt.date(1987, 2, 26)
    assert a3.date is None
    assert a1.source == f"{path}:1"


def test_ingest_jsonl_bad_lines_do_not_stop_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.jsonl", "\n".join([
        json.dumps({"id": "ok1", "text": "Workers went on strike."}),
        '{"id": "broken", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "notext", "title": "only a title"}),
        json.dumps({"id": "numtext", "text": 42}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "ok2", "text": "The envoy left for talks."}),
    ]))
    docs = read(path)
    assert [type(d).__name__ for d in docs] == [
        "Document", "Skipped", "Skipped", "Skipped", "Skipped", "Skipped", "Document"]
    reasons = [d.reason for d in docs if isinstance(d, Skipped)]
    assert reasons == ["format", "format", "format", "format", "empty"]
    bad = docs[1]
    assert isinstance(bad, Skipped) and bad.source == f"{path}:2" and "line 2" in bad.detail
    notext = docs[3]
    assert isinstance(notext, Skipped) and notext.doc_id == "notext"


def test_ingest_json_array_file(tmp_path: Path) -> None:
    path = write(tmp_path / "arr.json", json.dumps([
        {"id": "x", "text": "The army shelled the town."}, {"text": "Leaders met."}]))
    docs = read(path)
    assert [d.id for d in docs if isinstance(d, Document)] == ["x", "arr-2"]


def test_ingest_directory_recursive_sorted_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Second story about a ceasefire agreed by both sides.")
    write(root / "a.txt", "First story about a protest outside parliament.")
    write(root / "sub" / "c.html", HTML)
    write(root / ".hidden.txt", "Never read.")
    write(root / ".git" / "x.txt", "Never read either.")
    docs = read(root)
    assert [d.id for d in docs] == ["a", "b", "sub/c"]
    assert all(isinstance(d, Document) for d in docs)


def test_ingest_empty_directory_reported(tmp_path: Path) -> None:
    write(tmp_path / "d" / ".only-hidden", "x")
    (s,) = read(tmp_path / "d")
    assert isinstance(s, Skipped) and s.reason == "empty"


def test_ingest_ids_unique_within_run(tmp_path: Path) -> None:
    one = write(tmp_path / "x" / "story.txt", "Rain fell on the capital.")
    two = write(tmp_path / "y" / "story.txt", "Snow fell on the hills.")
    rec = write(tmp_path / "r.jsonl", json.dumps({"id": "story", "text": "Fog came."}))
    ids = [d.id for d in read(one, two, rec, one)]
    assert ids == ["story", "story-2", "story-3", "story-4"]


def test_ingest_stdin_text() -> None:
    doc = one_doc("-", stdin=io.StringIO("Protesters marched to the ministry on Friday."))
    assert doc.id == "stdin" and doc.source == "-"
    assert doc.text == "Protesters marched to the ministry on Friday."


def test_ingest_stdin_bytes_buffer_detects_jsonl() -> None:
    class Stream(io.TextIOWrapper):
        pass

    data = (json.dumps({"id": "s1", "text": "Envoys met."}) + "\n"
            + json.dumps({"text": "Troops withdrew."}) + "\n").encode()
    docs = read("-", stdin=Stream(io.BytesIO(data), encoding="utf-8"))
    assert [d.id for d in docs] == ["s1", "stdin-2"]


def test_ingest_stdin_html_detected() -> None:
    doc = one_doc("-", stdin=io.StringIO(HTML))
    assert doc.title == "Rebels seize border post"
    assert "<p>" not in doc.text


def test_ingest_stdin_empty() -> None:
    (s,) = read("-", stdin=io.StringIO("  \n"))
    assert isinstance(s, Skipped) and s.reason == "empty"


def test_ingest_detects_by_content_without_extension(tmp_path: Path) -> None:
    j = write(tmp_path / "records", json.dumps({"id": "r", "text": "Leaders met."}) + "\n")
    h = write(tmp_path / "page", HTML)
    t = write(tmp_path / "notes", "Leaders met in the capital.")
    docs = read(j, h, t)
    assert [d.id for d in docs] == ["r", "page", "notes"]
    assert isinstance(docs[1], Document) and docs[1].title == "Rebels seize border post"


def test_ingest_txt_with_html_content_is_html(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "saved.txt", HTML))
    assert "<" not in doc.text and doc.title == "Rebels seize border post"


def test_ingest_forced_format(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", HTML)
    doc = one_doc(path, input_format="text")
    assert "<p>" in doc.text
    forced = one_doc(write(tmp_path / "data.txt", json.dumps({"id": "q", "text": "Hi."})),
                     input_format="jsonl")
    assert forced.id == "q" and forced.text == "Hi."


def test_ingest_unknown_format_raises() -> None:
    with pytest.raises(ConfigError):
        read("x.txt", input_format="pdf")


def test_ingest_missing_path_is_unreadable(tmp_path: Path) -> None:
    (s,) = read(tmp_path / "nope.txt")
    assert isinstance(s, Skipped) and s.reason == "unreadable"


def test_ingest_url_is_not_fetched() -> None:
    (s,) = read("https://example.org/story")
    assert isinstance(s, Skipped) and s.reason == "unreadable" and "not fetched" in s.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_ingest_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Hidden.")
    path.chmod(0)
    (s,) = read(path)
    assert isinstance(s, Skipped) and s.reason == "unreadable"


def test_ingest_special_paths_are_unreadable(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    docs = read(loop, fifo, "bad\x00name.txt")
    assert [getattr(d, "reason", None) for d in docs] == ["unreadable"] * 3, docs


def test_ingest_empty_files(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "\n  \n")
    only_junk = write(tmp_path / "junk.txt", "Accessibility links\n\nBreaking News\n")
    no_article = write(tmp_path / "n.html", "<html><body><nav></nav></body></html>")
    docs = read(empty, blank, only_junk, no_article)
    assert [(type(d).__name__, getattr(d, "reason", None)) for d in docs] == [("Skipped", "empty")] * 4


def test_ingest_binary_files(tmp_path: Path) -> None:
    nul = write(tmp_path / "blob.txt", b"abc\x00\x01\x02def" * 10)
    pdf = write(tmp_path / "doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    png = write(tmp_path / "img", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    docs = read(nul, pdf, png)
    assert all(isinstance(d, Skipped) and d.reason == "binary" for d in docs), docs


def test_ingest_encodings(tmp_path: Path) -> None:
    latin = write(tmp_path / "latin.txt", "Caf\u00e9 owners protested.".encode("latin-1"))
    cp = write(tmp_path / "cp.txt", "\u201cWe will resist,\u201d the mayor said.".encode("cp1252"))
    bom = write(tmp_path / "bom.txt", "\ufeffTroops crossed the river.".encode("utf-8"))
    u16 = write(tmp_path / "u16.txt", "Troops crossed the river.".encode("utf-16"))
    texts = [d.text for d in read(latin, cp, bom, u16) if isinstance(d, Document)]
    assert texts == ["Caf\u00e9 owners protested.", "\u201cWe will resist,\u201d the mayor said.",
                     "Troops crossed the river.", "Troops crossed the river."]


def test_ingest_html_declared_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="iso-8859-7"><title>x</title></head><body>'
            "<p>\u0397 \u03ba\u03c5\u03b2\u03ad\u03c1\u03bd\u03b7\u03c3\u03b7 "
            "\u03c3\u03c5\u03bd\u03b5\u03b4\u03c1\u03af\u03b1\u03c3\u03b5.</p></body></html>")
    doc = one_doc(write(tmp_path / "gr.html", page.encode("iso-8859-7")))
    assert doc.text == "\u0397 \u03ba\u03c5\u03b2\u03ad\u03c1\u03bd\u03b7\u03c3\u03b7 " \
        "\u03c3\u03c5\u03bd\u03b5\u03b4\u03c1\u03af\u03b1\u03c3\u03b5."


def test_ingest_undecodable_is_encoding(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.txt", b"Talks \x81\x8d\x8f\x90\x9d ended \xff\xfe badly.")
    (s,) = read(bad)
    assert isinstance(s, Skipped) and s.reason == "encoding"


def test_ingest_bad_file_does_not_stop_batch(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "The parliament approved the budget.")
    bad = write(tmp_path / "bad.bin", b"\x00\x00\x00")
    docs = read(bad, tmp_path / "missing.txt", good)
    assert [type(d).__name__ for d in docs] == ["Skipped", "Skipped", "Document"]


def test_ingest_file_mtime_is_last_resort(tmp_path: Path) -> None:
    path = write(tmp_path / "s.txt", "Leaders met in the capital.")
    stamp = dt.datetime(2005, 6, 7, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    doc = one_doc(path, file_dates=True)
    assert doc.date == dt.date(2005, 6, 7) and doc.date_source == "file-mtime"
    given = one_doc(path, file_dates=True, default_date=dt.date(2001, 1, 1))
    assert given.date == dt.date(2001, 1, 1) and given.date_source == "default-date"


@pytest.mark.shared
def test_ingest_seed_article_date_and_boilerplate() -> None:
    path = shared_path("seed", "voa-2002-05-09-north-korean-asylum-seekers.txt")
    doc = one_doc(path, default_date=dt.date(2020, 1, 1))
    assert doc.date == dt.date(2002, 5, 9) and doc.date_source == "headline"
    assert doc.title and "2002" not in doc.title
    assert "Accessibility links" not in doc.text and "Breaking News" not in doc.text
    assert not doc.text.startswith(doc.title)


@pytest.mark.parametrize("data", [b"\x1c", b"\x1c\n\x1e\n", b"\x0c\n\x1f"])
def test_ingest_jsonl_of_blank_lines_is_skipped_as_empty(tmp_path: Path, data: bytes) -> None:
    # Characters str.strip() removes but bytes.strip() keeps (file, group and record
    # separators): no line holds a record, and the file is still accounted for.
    path = tmp_path / "blank.jsonl"
    path.write_bytes(data)
    (s,) = read_documents([path])
    assert isinstance(s, Skipped) and s.reason == "empty"
