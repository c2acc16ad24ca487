#!/usr/bin/env python3
"""Writes variants of a Persian article as scraping and editors produce them.

usage: variants.py ARTICLE OUTDIR

Each variant must yield exactly the claims of the original (tests/invariance/run.sh):
  zwnj-restored   half-spaces put back where affixes were glued (می‌کند, مدل‌های)
  zwnj-space      half-spaces written as spaces (می کند, مدل های)
  arabic-letters  Persian yeh and kaf written with Arabic letters (ي ك)
  persian-digits  ASCII digits written as Persian digits
  harakat         short-vowel marks added on some letters
  crlf-bom        CRLF line ends and a UTF-8 byte order mark
  html            the text wrapped in a page with navigation, a header, a footer, a
                  script and a comment form
"""
import html, os, re, sys

ZWNJ = "\u200c"
PREFIXES = ("نمی", "می")
SUFFIXES = ("هایی", "های", "ها", "ترین", "تر")

def split_front_matter(text):
    m = re.match(r"(---\n.*?\n---\n)(.*)", text, re.S)
    return (m.group(1), m.group(2)) if m else ("", text)

def restore_zwnj(body, joiner):
    # Glued forms become joined by `joiner`: verbs with می/نمی, plurals and comparatives.
    def word(m):
        w = m.group(0)
        for p in PREFIXES:
            if w.startswith(p) and len(w) > len(p) + 2 and w[len(p)] not in "ن":
                w = p + joiner + w[len(p):]
                break
        for s in SUFFIXES:
            if w.endswith(s) and len(w) > len(s) + 2 and ZWNJ not in w[-len(s) - 1:]:
                w = w[:-len(s)] + joiner + w[-len(s):]
                break
        return w
    return re.sub(r"[\u0600-\u06FF]+", word, body)

def variants(text):
    fm, body = split_front_matter(text)
    glued = body.replace(ZWNJ, "")
    out = {
        "zwnj-restored": fm + restore_zwnj(glued, ZWNJ),
        "zwnj-space": fm + restore_zwnj(glued, " "),
        "arabic-letters": fm + body.replace("ی", "ي").replace("ک", "ك"),
        "persian-digits": fm + re.sub(r"[0-9]", lambda m: "۰۱۲۳۴۵۶۷۸۹"[int(m.group(0))], body),
        "harakat": fm + re.sub(r"(ب|د|ر|س)(?=[\u0600-\u06FF])", lambda m: m.group(1) + "\u064e", body),
    }
    out["crlf-bom"] = "\ufeff" + text.replace("\n", "\r\n")
    meta = dict(re.findall(r"^(\w+): (.*)$", fm, re.M))
    paragraphs = "\n".join("<p>%s</p>" % html.escape(p.strip()) for p in body.split("\n\n") if p.strip())
    out["html"] = """<!DOCTYPE html>
<html lang="%s"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:site_name" content="%s"><meta property="og:url" content="%s">
%s
<script>var tracker = "Meta capex 999 میلیارد دلار";</script><style>p{margin:0}</style></head>
<body><header><nav><a href="/">خانه</a> | <a href="/tech">فناوری</a> | <a href="/ai">هوش مصنوعی</a></nav></header>
<main><article>
%s
</article></main>
<aside>پربازدیدترین خبرها: متا مدل تازه‌ای را معرفی کرد.</aside>
<form class="comment"><p>دیدگاه خود را بنویسید</p><textarea></textarea><button>ارسال</button></form>
<footer><p>تمامی حقوق محفوظ است.</p></footer>
<!-- comment: Meta hosts-partner Nowhere -->
</body></html>
""" % (meta.get("lang", "fa"), html.escape(meta.get("title", "")), html.escape(meta.get("outlet", "")),
       html.escape(meta.get("url", "")),
       '<meta property="article:published_time" content="%sT08:00:00+03:30">' % meta["published"]
       if "published" in meta else "", paragraphs)
    return out

def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr); return 2
    text = open(argv[0], encoding="utf-8-sig").read()
    os.makedirs(argv[1], exist_ok=True)
    stem = os.path.splitext(os.path.basename(argv[0]))[0]
    for name, content in variants(text).items():
        ext = ".html" if name == "html" else ".txt"
        with open(os.path.join(argv[1], "%s.%s%s" % (stem, name, ext)), "w", encoding="utf-8", newline="") as f:
            f.write(content)
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
