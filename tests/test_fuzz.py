"""The fuzz harness (fuzz/harness.py) run for a bounded number of inputs on every test
run: mutated fixtures must clean without an exception, a hang or a control character
in the output. Run it longer by hand: ``python fuzz/harness.py --minutes 10``."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("fuzz_harness", ROOT / "fuzz" / "harness.py")
harness = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_harness"] = harness
_spec.loader.exec_module(harness)

#: Inputs per test run: about half a minute on two cores. Seeds differ per run of the day
#: (the date), so CI explores new inputs while any one day's runs are reproducible.
INPUTS = 1500


def test_mutators_are_deterministic():
    pages = harness.seed_pages()
    assert len(pages) >= 40
    assert harness.make_input(7, 3, pages) == harness.make_input(7, 3, pages)
    assert harness.make_input(7, 3, pages) != harness.make_input(7, 4, pages)


def test_check_finds_control_characters_and_second_cleanings():
    page = (ROOT / "fixtures" / "ap_two_stories" / "input.txt").read_bytes()
    out = harness.check(page)
    assert out.error is None and out.control is None
    assert out.words[0] > 300
    # The checker reads what documents hold: a document with an escape character fails
    # (documents strip them when a field is set: one made otherwise stands in).
    class Raw:
        def to_dict(self):
            return {"title": "A\x1b[31m title", "authors": ["Ana\x00"], "text": "body"}

    assert harness._controls([Raw()]) == "title holds '\\x1b'"


def test_a_hang_is_caught_and_the_run_goes_on(monkeypatch, tmp_path):
    # An input that never finishes is killed after the timeout, reported with its
    # replay command, and the other inputs still run. (6 s each: a fresh worker must start
    # and clean the next input within it on a loaded machine, where 2 s failed once.)
    real_check = harness.check

    def slow_on_first(data):
        if data == harness.make_input(5, 0, harness.seed_pages())[0]:
            import time
            time.sleep(60)
        return real_check(data)

    monkeypatch.setattr(harness, "check", slow_on_first)
    report = harness.run(seconds=60, seed=5, jobs=1, timeout=6, timeout_per_mb=0, out_dir=str(tmp_path),
                         max_inputs=3)
    assert [i for i, _, _ in report.hangs] == [0]
    assert report.inputs == 3
    assert "--replay 5:0" in (tmp_path / "5-0.txt").read_text()


def test_fuzzed_fixtures_clean_without_failure(tmp_path):
    import datetime

    seed = int(datetime.date.today().strftime("%Y%m%d"))
    report = harness.run(seconds=600, seed=seed, jobs=2, max_inputs=INPUTS, out_dir=str(tmp_path))
    print(report.summary())
    problems = [f"{kind} #{i} ({how}): {what.strip().splitlines()[-1]} — python fuzz/harness.py --replay {seed}:{i}"
                for kind, items in (("exception", report.errors), ("hang", report.hangs),
                                    ("control character", report.controls))
                for i, how, what in items]
    assert not problems, "\n".join(problems)
    assert report.inputs == INPUTS
