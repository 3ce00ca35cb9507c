# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shipped docs as a reader of the installed collection (or of its Galaxy page) sees them: no dead link, small images.

Every relative link and image in a shipped Markdown or reStructuredText file (README.md, docs/, roles/*/README.md,
CHANGELOG.rst) names a file or directory in the tarball, and its #anchor, where it has one, a heading of that file.
Links to the web are not followed (the suites run offline); the Sphinx roles (:ref:, :doc:) antsibull-docs lints.
"""

import posixpath
import re
import tarfile
from pathlib import PurePosixPath

import pytest
from docutils.nodes import make_id
from galaxy_files import shipped_files

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# Galaxy shows the README and its images on the collection's page; a screenshot stays legible well under this.
MAX_IMAGE_BYTES = 150 * 1000

URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
MARKDOWN_LINKS = (
    re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"),  # [text](target), ![alt](image)
    re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.MULTILINE),  # [label]: target
    re.compile(r"\b(?:href|src)=\"([^\"]+)\""),  # HTML
)
RST_LINKS = (
    re.compile(r"(?<![:\w])`[^`<]*<([^<>`]+)>`__?"),  # `text <target>`_ (a role's `text <label>` has no trailing _)
    re.compile(r"^[ \t]*\.\. (?:image|figure|include|literalinclude)::[ \t]*(\S+)", re.MULTILINE),
    re.compile(r"^[ \t]*\.\. _[^:`\n]+:[ \t]+(\S+)[ \t]*$", re.MULTILINE),  # .. _name: target
)
MARKDOWN_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.<>_])\1+\s*$")


def markdown_targets(text):
    text = INLINE_CODE.sub("", MARKDOWN_CODE.sub("", text))
    return [match for pattern in MARKDOWN_LINKS for match in pattern.findall(text)]


def rst_targets(text):
    return [match for pattern in RST_LINKS for match in pattern.findall(text)]


def markdown_anchors(text):
    """The ids GitHub gives a Markdown file's headings (lowercase, punctuation dropped, spaces as '-', repeats numbered)."""
    anchors, seen = set(), {}
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", MARKDOWN_CODE.sub("", text), re.MULTILINE):
        heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    anchors.update(re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", text))
    return anchors


def rst_anchors(text):
    """The ids docutils gives a reStructuredText file's section titles and explicit targets (.. _name:)."""
    lines = text.splitlines()
    titles = [lines[index - 1] for index in range(1, len(lines)) if RST_UNDERLINE.match(lines[index]) and lines[index - 1].strip()
              and len(lines[index].rstrip()) >= len(lines[index - 1].rstrip()) and not RST_UNDERLINE.match(lines[index - 1])]
    labels = re.findall(r"^[ \t]*\.\. _([^:`\n]+):[ \t]*$", text, re.MULTILINE)
    return {make_id(name) for name in titles + labels}


def anchors_of(path, text):
    return markdown_anchors(text) if path.endswith(".md") else rst_anchors(text)


def dead_links(path, text, files, texts):
    """'target: why' for each relative link in shipped doc `path` that the tarball cannot satisfy."""
    directories = {str(parent) for name in files for parent in PurePosixPath(name).parents}
    targets = markdown_targets(text) if path.endswith(".md") else rst_targets(text)
    problems = []
    for target in targets:
        if URL.match(target):
            continue
        location, anchor = target.split("#", 1) if "#" in target else (target, "")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), location)) if location else path
        if resolved.startswith("../") or (resolved not in files and resolved.rstrip("/") not in directories):
            problems.append(f"{target}: {resolved} is not in the tarball")
        elif anchor and resolved in texts and anchor not in anchors_of(resolved, texts[resolved]):
            problems.append(f"{target}: {resolved} has no heading with the id '{anchor}'")
    return problems


@pytest.fixture(scope="module")
def shipped(tarball):
    """(every shipped file, {path: text} of the shipped Markdown and reStructuredText)."""
    with tarfile.open(tarball) as archive:
        texts = {
            member.name.removeprefix("./"): archive.extractfile(member).read().decode("utf-8")
            for member in archive.getmembers()
            if member.isfile() and member.name.endswith((".md", ".rst"))
        }
    return set(shipped_files(tarball)), texts


def test_shipped_docs_have_no_dead_links(shipped):
    files, texts = shipped
    assert {"README.md", "docs/developing.md", "docs/docsite/rst/playbooks.rst"} <= set(texts)
    problems = [f"{path}: {problem}" for path, text in sorted(texts.items()) for problem in dead_links(path, text, files, texts)]
    assert not problems, (
        "dead links in the shipped docs (link to the repository, https://github.com/secretsmanager/replication, for what "
        "stays out of the tarball):\n" + "\n".join(problems)
    )


def test_shipped_images_are_small(tarball):
    with tarfile.open(tarball) as archive:
        images = {member.name: member.size for member in archive.getmembers() if member.isfile() and member.name.lower().endswith(IMAGE_SUFFIXES)}
    assert "docs/images/replication-report.png" in images
    too_big = {name: size for name, size in images.items() if size > MAX_IMAGE_BYTES}
    assert not too_big, (
        f"images over {MAX_IMAGE_BYTES // 1000} KB in the tarball: {too_big}. Quantise a screenshot to a 256-colour palette "
        "and recompress it (Pillow's Image.quantize, then oxipng), or crop it"
    )


def test_the_link_check_finds_dead_links_and_anchors():
    files = {"README.md", "docs/guide.rst", "docs/images/a.png", "docs/notes.md"}
    texts = {
        "docs/guide.rst": "Guide\n=====\n\nreplicate.yml\n-------------\n\n.. _my-label:\n\n.. image:: images/a.png\n",
        "docs/notes.md": "# Where the time goes\n\n```\n[not a link](nowhere.md)\n```\n",
    }
    readme = (
        "[ok](docs/guide.rst#replicate-yml) [label](docs/guide.rst#my-label) [dir](docs/images/) [web](https://example.com/x)\n"
        "[md](docs/notes.md#where-the-time-goes) `[code](nowhere.md)`\n"
        "[gone](docs/performance.md) [bad anchor](docs/guide.rst#nope) [up](../outside.md) ![img](docs/images/b.png)\n"
    )
    assert dead_links("README.md", readme, files, texts) == [
        "docs/performance.md: docs/performance.md is not in the tarball",
        "docs/guide.rst#nope: docs/guide.rst has no heading with the id 'nope'",
        "../outside.md: ../outside.md is not in the tarball",
        "docs/images/b.png: docs/images/b.png is not in the tarball",
    ]
    assert dead_links("docs/guide.rst", texts["docs/guide.rst"] + "`text <missing.rst>`_ :ref:`x <label>`\n", files, texts) == [
        "missing.rst: docs/missing.rst is not in the tarball"
    ]
