#!/usr/bin/env python3
"""kg extract --explain: every offset it prints is a byte offset in the input file, and
the near misses of a sentence without a claim are rules of its language that fit it.
Usage: explain.py KG SOURCE_DIR"""
import re
import subprocess
import sys

kg, src = sys.argv[1], sys.argv[2]
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL " + msg)


def explain(path):
    run = subprocess.run([kg, "extract", "--explain", "--format", "jsonl", path],
                         capture_output=True)
    if run.returncode != 0:
        fail("%s: exit %d" % (path, run.returncode))
    return run.stderr.decode("utf-8")


def spelled(b):
    return " ".join(b.decode("utf-8").split())


# Offsets: sentence spans and argument spans are ranges of the file's bytes.
for name in ["corpus/fa-07.txt", "corpus/en-01.txt", "corpus/fa-03.txt", "corpus/en-06.txt"]:
    path = src + "/" + name
    raw = open(path, "rb").read()
    text = explain(path)
    spans = args = 0
    for m in re.finditer(r"^sentence \d+ \[(\d+),(\d+)\): (.*)$", text, re.M):
        a, b = int(m.group(1)), int(m.group(2))
        spans += 1
        if raw[a:b].decode("utf-8").split("\n")[0] != m.group(3):
            fail("%s: sentence [%d,%d) is not %r" % (name, a, b, m.group(3)))
    for m in re.finditer(r"(subject|object) \[(\d+),(\d+)\) \"([^\"]*)\"", text):
        a, b = int(m.group(2)), int(m.group(3))
        args += 1
        if spelled(raw[a:b]) != m.group(4):
            fail("%s: %s [%d,%d) holds %r, not %r" % (name, m.group(1), a, b, raw[a:b].decode(), m.group(4)))
    if not spans or not args:
        fail("%s: %d sentence spans, %d argument spans" % (name, spans, args))
    else:
        print("ok   %s: %d sentence spans and %d argument spans are file offsets" % (name, spans, args))


def near_misses(text, sentence):
    block = re.search(r"^sentence %d .*?(?=^sentence |\Z)" % sentence, text, re.M | re.S)
    return re.findall(r"near miss \d+: (?:rule|frame) (\S+) \([^)]*, ([a-z-]+)\)", block.group(0)) if block else []


# A Persian sentence with money-spending words and no amount: Persian rules of spending.
near = near_misses(explain(src + "/tests/rules/explain/fa-near.txt"), 1)
if not near:
    fail("fa-near.txt sentence 1: no near miss")
elif any(rule.startswith("en/") for rule, _ in near):
    fail("fa-near.txt sentence 1: English rules for a Persian sentence: %s" % near)
elif near[0][1] not in ("capex", "invests-in"):
    fail("fa-near.txt sentence 1: first near miss %s (%s), not a spending rule" % near[0])
else:
    print("ok   Persian near misses: %s" % ", ".join(r for r, _ in near))
# No near miss names a rule of the other language, in any sentence of the corpus.
for lang, other in (("fa", "en/"), ("en", "fa/")):
    for i in range(1, 8):
        name = "corpus/%s-0%d.txt" % (lang, i)
        text = explain(src + "/" + name)
        wrong = [l for l in text.splitlines() if "near miss" in l and " " + other in l]
        if wrong:
            fail("%s: %s" % (name, wrong[0]))
if not failures:
    print("ok   near misses are rules of the sentence's language")
# An investment sentence without a claim names an investment rule first.
near = near_misses(explain(src + "/corpus/en-01.txt"), 0)
if not near or near[0][1] != "invests-in":
    fail("en-01.txt sentence 0: near misses %s, not an invests-in rule first" % near)
else:
    print("ok   investment sentence: %s first" % near[0][0])
# Two sentences of different kinds do not get the same near misses.
a = near_misses(explain(src + "/tests/rules/explain/fa-near.txt"), 1)
if a and a == near:
    fail("the same near misses for a Persian and an English sentence: %s" % a)
sys.exit(1 if failures else 0)
