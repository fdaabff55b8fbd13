"""What a warm build keeps on disk instead of computing again (lecture_site.memo): a result is reused only
for exactly the inputs it was computed from."""
from __future__ import annotations

import os
import time

import pytest

from lecture_site import memo


class Counter:
    def __init__(self, value="result"):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_result_is_computed_once_per_inputs(tmp_path):
    m, f = memo.DiskMemo(tmp_path), Counter("one")
    assert m.text("ns", ("a", b"b"), f) == "one" and m.text("ns", ("a", b"b"), f) == "one"
    assert f.calls == 1
    # another process (a new DiskMemo on the same folder) finds it too
    assert memo.DiskMemo(tmp_path).text("ns", ("a", b"b"), f) == "one" and f.calls == 1
    for other in (("a", b"c"), ("ab", b""), ("a",)):  # any change of the inputs, or of where they split
        assert m.text("ns", other, Counter("two")) == "two"
    assert m.text("other-namespace", ("a", b"b"), Counter("three")) == "three"


def test_a_failing_computation_stores_nothing(tmp_path):
    m = memo.DiskMemo(tmp_path)

    def broken():
        raise ValueError("bad CSS")
    with pytest.raises(ValueError, match="bad CSS"):
        m.text("ns", ("x",), broken)
    assert not list(tmp_path.rglob("*.txt"))
    assert m.text("ns", ("x",), Counter("fine")) == "fine"


def test_an_unwritable_folder_still_gives_results(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    f = Counter()
    assert memo.DiskMemo(blocked).text("ns", ("x",), f) == "result"
    assert memo.DiskMemo(blocked).text("ns", ("x",), f) == "result" and f.calls == 2


def test_prune_removes_only_what_was_not_used(tmp_path):
    m = memo.DiskMemo(tmp_path)
    m.text("ns", ("old",), Counter())
    m.text("ns", ("new",), Counter())
    entries = {p.name for p in tmp_path.glob("ns/*.txt")}
    month_ago = time.time() - memo.MAX_AGE - 60
    for p in tmp_path.glob("ns/*.txt"):
        os.utime(p, (month_ago, month_ago))
    m.text("ns", ("new",), Counter())  # a hit marks the entry as used
    assert m.prune() == 1
    left = {p.name for p in tmp_path.glob("ns/*.txt")}
    assert len(left) == 1 and left < entries
    assert m.text("ns", ("new",), Counter("recomputed")) == "result"  # the used one stayed


def test_the_stat_signature_sees_every_write(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("y = 2\n")
    before = memo.stat_signature(tmp_path)
    assert memo.stat_signature(tmp_path) == before
    # the same size, and the modification time put back: the change time still differs
    st = (tmp_path / "sub" / "b.py").stat()
    time.sleep(0.01)
    (tmp_path / "sub" / "b.py").write_text("y = 3\n")
    os.utime(tmp_path / "sub" / "b.py", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert memo.stat_signature(tmp_path) != before
    after_edit = memo.stat_signature(tmp_path)
    (tmp_path / "notes.txt").write_text("not Python")
    assert memo.stat_signature(tmp_path) == after_edit
    (tmp_path / "c.py").write_text("")
    assert memo.stat_signature(tmp_path) != after_edit


def test_cached_json_recomputes_when_the_signature_changes(tmp_path):
    path, f = tmp_path / "keys.json", Counter({"a": "1"})
    assert memo.cached_json(path, "s1", f) == {"a": "1"}
    assert memo.cached_json(path, "s1", f) == {"a": "1"} and f.calls == 1
    assert memo.cached_json(path, "s2", f) == {"a": "1"} and f.calls == 2
    path.write_text("{cut short")  # a killed write
    assert memo.cached_json(path, "s2", f) == {"a": "1"} and f.calls == 3
