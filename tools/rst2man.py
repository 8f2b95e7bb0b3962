#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tools/rst2man.py NAME SECTION SRC.rst OUT: a man page from Documentation/.

The man pages are generated from the reStructuredText the documentation
already has (Documentation/wardctl.rst -> wardctl(8), policy.rst ->
ward.policy(5)), with docutils' manpage writer (python3-docutils: rst2man),
so the text is written once.  Two things differ from a plain rst2man run:

- the document's title "TOPIC: DESCRIPTION" becomes the man page's NAME
  line "NAME - DESCRIPTION", with the section, version and date a man page
  needs (docinfo fields of the manpage writer);
- Sphinx's :doc: role, which docutils does not know, becomes the man page
  of that document where there is one (wardctl(8), ward.policy(5)) and
  "Documentation/DOC.rst" otherwise;
- tables have no vertical rules (see below).

The date is $SOURCE_DATE_EPOCH's (dpkg-buildpackage sets it from
debian/changelog) or today's; the version is WARD_VERSION of kmod/setup.h.
Warnings of docutils fail the build.
"""

import datetime
import os
import re
import sys

from docutils import nodes
from docutils.core import publish_string
from docutils.parsers.rst import roles

MAN_OF_DOC = {"wardctl": "wardctl(8)", "policy": "ward.policy(5)"}


def doc_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    target = text.strip()
    m = re.match(r"^(.*?)\s*<(.+)>$", target)
    if m:
        target = m.group(2)
    ref = MAN_OF_DOC.get(target, "Documentation/%s.rst" % target)
    return [nodes.strong(rawtext, ref)], []


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: rst2man.py NAME SECTION SRC.rst OUT")
    name, section, src, out = sys.argv[1:]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(top, "kmod", "setup.h")) as f:
        version = re.search(r'#define WARD_VERSION\s+"([^"]+)"', f.read()).group(1)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
           if epoch else datetime.datetime.now(datetime.timezone.utc))

    with open(src) as f:
        text = f.read()
    # The title: an overlined and underlined line, the first of the file.
    m = re.search(r"^(=+)\n(.+)\n\1\n", text, re.M)
    if not m:
        sys.exit("rst2man.py: %s: no overlined title" % src)
    desc = m.group(2).strip()
    desc = desc.split(": ", 1)[1] if ": " in desc else desc
    head = "\n".join([
        "=" * len(name), name, "=" * len(name), "",
        "-" * len(desc), desc, "-" * len(desc), "",
        ":Manual section: %s" % section,
        ":Manual group: Ward",
        ":Version: %s" % version,
        ":Date: %s" % day.strftime("%Y-%m-%d"),
        "", ""])
    # The text before the first section is the man page's DESCRIPTION.
    rest = text[m.end():]
    if not re.match(r"\s*\S.*\n[=]+\n", rest):
        head += "Description\n===========\n"
    text = text[:m.start()] + head + text[m.end():]

    roles.register_local_role("doc", doc_role)
    man = publish_string(text, source_path=src, writer_name="manpage",
                         settings_overrides={"report_level": 2,
                                             "halt_level": 2,
                                             "output_encoding": "utf-8"})
    # Tables without vertical rules: tbl draws them above the top of the
    # next page when a row breaks across pages ("character above first
    # line discarded"), which man(1) shows as stray box pieces.
    man = re.sub(rb"(\n\.TS\n[^\n]*;\n)([^\n]*\.)\n",
                 lambda m: m.group(1) + m.group(2).replace(b"|", b"") + b"\n",
                 man)
    with open(out, "wb") as f:
        f.write(man)


if __name__ == "__main__":
    main()
