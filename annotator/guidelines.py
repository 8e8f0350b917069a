"""A project's guidelines, written in Markdown, rendered to HTML safely. Pure Python.

markdown-it-py (pinned in requirements.txt): a CommonMark-compliant parser, maintained
by the Executable Books project, with no C extension and no other dependency. With
`html` off, raw HTML in the text is escaped, not passed through, so a guideline cannot
carry a script or a style; its link check refuses `javascript:`, `vbscript:`, `file:`
and `data:` addresses (data: images aside). That makes the output safe to put in a page
as it is, with no sanitiser after it; the tests try the usual attacks."""

from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def guidelines_html(text: str) -> str:
    """The HTML of Markdown `text` (raw HTML in it escaped)."""
    return _renderer.render(text or "")
