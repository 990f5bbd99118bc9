"""Read a JavaScript data literal as data, never running it.

Some sources ship their records as a JavaScript module holding one literal, e.g.
``const source = [ {id: 'x', text: `...`}, ... ]; module.exports = source``. Executing such a
file would run whatever it contains; this module instead parses the literal with a small
recursive-descent reader that knows only data:

- objects ``{...}`` whose keys are bare identifiers, quoted strings or numbers; arrays ``[...]``;
  trailing commas in both (but no holes such as ``[1,,2]``, no duplicate keys);
- strings in ``'...'``, ``"..."`` and backticks (template literals, which may span lines; their
  ``${...}`` substitutions are code, not data, and are refused), with JavaScript's escapes
  (``\\n``, ``\\t``, ``\\'``, ``\\xHH``, ``\\uHHHH``, ``\\u{H...}``, line continuations; legacy
  octal escapes are refused);
- numbers (decimal, with fraction and exponent, hexadecimal ``0x``, octal ``0o``, binary ``0b``;
  an optional sign), ``true``, ``false``, ``null``;
- comments ``// ...`` and ``/* ... */`` wherever white space may stand.

:func:`read_module` accepts the module forms ``const|let|var NAME = LITERAL``, optionally
followed by ``module.exports = NAME`` or ``export default NAME``; ``module.exports = LITERAL``;
``export default LITERAL``; or a bare literal. Semicolons are optional.

It is bounded: at most :data:`MAX_CHARS` characters of input, :data:`MAX_DEPTH` levels of
nesting and :data:`MAX_NUMBER` characters in one number, so no input makes it recurse without
end, build huge integers or take more than time linear in its size. Anything else raises a
:class:`~framing.CatalogError` naming the file, the line and column (both from 1), what was
expected there and what was found.

>>> read_module("const source = [{id: 'a', n: 2, tags: ['x',], text: `one\\ntwo`},]\\nmodule.exports = source",
...             where="m.js")
[{'id': 'a', 'n': 2, 'tags': ['x'], 'text': 'one\\ntwo'}]
>>> read_module("[{text: `${document.cookie}`}]", where="m.js")
Traceback (most recent call last):
...
framing._infra.errors.CatalogError: m.js, line 1, column 10: a template substitution '${' is code, not data; framing reads the literal without running it. Write the value out in full (or escape it as '\\${').
"""

from __future__ import annotations

import re
from typing import Any

from framing._infra.errors import CatalogError

MAX_CHARS = 64 * 1024 * 1024
"""Longest input read, in characters (64 Mi): far above any record file, far below the memory."""
MAX_DEPTH = 64
"""Deepest nesting of arrays and objects."""
MAX_NUMBER = 100
"""Longest number literal, in characters (Python would build a huge integer from a longer one)."""

_BLANK = re.compile(r"[\s\ufeff]+")
_IDENTIFIER = re.compile(r"[^\W\d][\w$]*|\$[\w$]*")
_WORD = re.compile(r"[\w$]+")
_NUMBER = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_PLAIN = {"'": re.compile(r"[^'\\\n\r]+"), '"': re.compile(r'[^"\\\n\r]+'), "`": re.compile(r"[^`\\$\r]+")}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_LINE_ENDS = ("\r\n", "\n", "\r", "\u2028", "\u2029")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}
_VALUE = "a value (a string, number, true, false, null, '[' or '{')"


class _Reader:
    """One pass over ``text``: ``pos`` is the next character; each ``_read_*`` returns (value, new pos)."""

    def __init__(self, text: str, where: str, max_depth: int) -> None:
        self.text = text
        self.where = where
        self.max_depth = max_depth

    # --- errors ---------------------------------------------------------------------------
    def error(self, pos: int, message: str) -> CatalogError:
        line = self.text.count("\n", 0, pos) + 1
        column = pos - self.text.rfind("\n", 0, pos)
        return CatalogError(f"{self.where}, line {line}, column {column}: {message}")

    def found(self, pos: int) -> str:
        """How the input at ``pos`` is named in a message: a word, a character or the end of the file."""
        if pos >= len(self.text):
            return "the end of the file"
        word = _WORD.match(self.text, pos)
        if word:
            return repr(word.group()[:40])
        return repr(self.text[pos])

    def expected(self, pos: int, what: str) -> CatalogError:
        return self.error(pos, f"expected {what}, found {self.found(pos)}.")

    # --- white space and comments --------------------------------------------------------
    def skip(self, pos: int) -> int:
        text = self.text
        while True:
            blank = _BLANK.match(text, pos)
            if blank:
                pos = blank.end()
            if text.startswith("//", pos):
                end = min((i for i in (text.find(e, pos) for e in _LINE_ENDS[1:]) if i >= 0), default=len(text))
                pos = end
            elif text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                if end < 0:
                    raise self.error(pos, "this comment is not closed: expected '*/' before the end of the file.")
                pos = end + 2
            else:
                return pos

    # --- values ---------------------------------------------------------------------------
    def value(self, pos: int, depth: int) -> tuple[Any, int]:
        pos = self.skip(pos)
        char = self.text[pos] if pos < len(self.text) else ""
        if char in ("[", "{"):
            if depth >= self.max_depth:
                raise self.error(pos, f"nested deeper than {self.max_depth} levels of arrays and objects; "
                                      "this is not a record file.")
            return self.array(pos, depth + 1) if char == "[" else self.object(pos, depth + 1)
        if char in ("'", '"', "`"):
            return self.string(pos)
        if char and (char.isdigit() or char in "+-."):
            return self.number(pos)
        word = _IDENTIFIER.match(self.text, pos)
        if word and word.group() in _CONSTANTS:
            return _CONSTANTS[word.group()], word.end()
        if word:
            raise self.error(pos, f"expected {_VALUE}, found the name {word.group()[:40]!r}: names, calls and "
                                  "expressions are code, not data.")
        raise self.expected(pos, _VALUE)

    def array(self, pos: int, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        pos = self.skip(pos + 1)
        while not self.text.startswith("]", pos):
            item, pos = self.value(pos, depth)
            items.append(item)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif not self.text.startswith("]", pos):
                raise self.expected(pos, "',' or ']' after an item of the array")
        return items, pos + 1

    def object(self, pos: int, depth: int) -> tuple[dict[str, Any], int]:
        record: dict[str, Any] = {}
        pos = self.skip(pos + 1)
        while not self.text.startswith("}", pos):
            start = pos
            key, pos = self.key(pos)
            if key in record:
                raise self.error(start, f"the key {key[:40]!r} appears twice in this object; keep one.")
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise self.expected(pos, f"':' after the key {key[:40]!r}")
            record[key], pos = self.value(pos + 1, depth)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif not self.text.startswith("}", pos):
                raise self.expected(pos, "',' or '}' after a value of the object")
        return record, pos + 1

    def key(self, pos: int) -> tuple[str, int]:
        char = self.text[pos] if pos < len(self.text) else ""
        if char in ("'", '"'):
            return self.string(pos)
        word = _IDENTIFIER.match(self.text, pos)
        if word:
            return word.group(), word.end()
        if char.isdigit():
            number, end = self.number(pos)
            return str(number), end
        raise self.expected(pos, "a key (a name, a quoted string or a number) or '}'")

    def number(self, pos: int) -> tuple[int | float, int]:
        match = _NUMBER.match(self.text, pos)
        if not match or match.end() - pos > MAX_NUMBER:
            what = "a number" if not match else f"a number of at most {MAX_NUMBER} characters"
            raise self.expected(pos, what) if not match else self.error(pos, f"expected {what}; this one is longer.")
        end = match.end()
        if _WORD.match(self.text, end) or self.text.startswith(".", end):
            raise self.error(end, f"expected a separator after the number {match.group()!r}, found "
                                  f"{self.found(end)} (BigInt, numeric separators and names are not data).")
        written = match.group()
        sign = -1 if written.startswith("-") else 1
        digits = written.lstrip("+-")
        if digits[:2].lower() in ("0x", "0o", "0b"):
            return sign * int(digits[2:], {"x": 16, "o": 8, "b": 2}[digits[1].lower()]), end
        if any(c in digits for c in ".eE"):
            return float(written), end
        if len(digits) > 1 and digits.startswith("0"):
            raise self.error(pos, f"the number {written!r} has a leading zero (a legacy octal literal); "
                                  "write it without the zero, or as 0o... for octal.")
        return int(written), end

    # --- strings --------------------------------------------------------------------------
    def string(self, pos: int) -> tuple[str, int]:
        """A '...', "..." or `...` string starting at ``pos``; its value and the position after it."""
        text, quote, start = self.text, self.text[pos], pos
        plain = _PLAIN[quote]
        parts: list[str] = []
        pos += 1
        while True:
            chunk = plain.match(text, pos)
            if chunk:
                parts.append(chunk.group())
                pos = chunk.end()
            char = text[pos] if pos < len(text) else ""
            if char == quote:
                break
            if char == "\\":
                decoded, pos = self.escape(pos)
                parts.append(decoded)
            elif char == "$":  # only in a template: plain '$' is text, '${' is code
                if text.startswith("${", pos):
                    raise self.error(pos, "a template substitution '${' is code, not data; framing reads the "
                                          "literal without running it. Write the value out in full (or escape "
                                          "it as '\\${').")
                parts.append("$")
                pos += 1
            elif char == "\r" and quote == "`":  # a line end inside a template reads as \n, as in JavaScript
                parts.append("\n")
                pos += 2 if text.startswith("\r\n", pos) else 1
            elif char == "":
                raise self.error(start, f"this string is not closed: expected {quote} before the end of the file.")
            else:
                raise self.error(start, f"this string is not closed before the end of its line: expected {quote} "
                                        "(a string on several lines needs backticks, or \\n for the line ends).")
        value = "".join(parts)
        if _SURROGATE.search(value):
            value = self.pair_surrogates(value, start)
        return value, pos + 1

    def escape(self, pos: int) -> tuple[str, int]:
        """The character(s) of the escape ``\\...`` at ``pos`` and the position after it."""
        text = self.text
        char = text[pos + 1] if pos + 1 < len(text) else ""
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char], pos + 2
        if char == "x":
            return self.hex_escape(pos, pos + 2, 2)
        if char == "u":
            if text.startswith("{", pos + 2):
                end = text.find("}", pos + 3, pos + 12)
                digits = text[pos + 3:end] if end > 0 else ""
                if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) or int(digits, 16) > 0x10FFFF:
                    raise self.error(pos, "expected a code point of 1 to 6 hexadecimal digits, at most 10FFFF, "
                                          "in the escape \\u{...}.")
                return chr(int(digits, 16)), end + 1
            return self.hex_escape(pos, pos + 2, 4)
        if char == "0" and not text[pos + 2:pos + 3].isdigit():
            return "\0", pos + 2
        if char.isdigit() and char not in "89":
            raise self.error(pos, f"the octal escape '\\{char}' is not allowed; write the character, or \\xHH.")
        for line_end in _LINE_ENDS:
            if text.startswith(line_end, pos + 1):  # a line continuation: backslash and line end read as nothing
                return "", pos + 1 + len(line_end)
        if char == "":
            raise self.error(pos, "expected an escaped character after '\\', found the end of the file.")
        return char, pos + 2

    def hex_escape(self, pos: int, first: int, count: int) -> tuple[str, int]:
        digits = self.text[first:first + count]
        if not re.fullmatch(f"[0-9a-fA-F]{{{count}}}", digits):
            raise self.error(pos, f"expected {count} hexadecimal digits in the escape "
                                  f"'\\{self.text[pos + 1]}', found {digits!r}.")
        return chr(int(digits, 16)), first + count

    def pair_surrogates(self, value: str, start: int) -> str:
        """Join escaped UTF-16 surrogate pairs (``\\ud83d\\ude00``) into one character; refuse a lone half."""
        try:
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            raise self.error(start, "this string holds half of a UTF-16 surrogate pair (an escape such as "
                                    "\\ud83d without its partner); it is not text.") from None


def _check_size(text: str, where: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise CatalogError(f"{where}: {len(text):,} characters, more than the {max_chars:,} a JavaScript "
                           "literal may have here; this is not a record file.")


def read_literal(text: str, *, where: str, max_depth: int = MAX_DEPTH, max_chars: int = MAX_CHARS) -> Any:
    """The one literal ``text`` holds (comments and white space around it allowed).

    >>> read_literal("{'a': [1, 2.5, -0x10,], /* note */ b: null}", where="x")
    {'a': [1, 2.5, -16], 'b': None}
    """
    _check_size(text, where, max_chars)
    reader = _Reader(text, where, max_depth)
    value, pos = reader.value(0, 0)
    pos = reader.skip(pos)
    if pos < len(text):
        raise reader.expected(pos, "the end of the file after the literal")
    return value


def _statement_end(reader: _Reader, pos: int) -> int:
    pos = reader.skip(pos)
    return reader.skip(pos + 1) if reader.text.startswith(";", pos) else pos


def _keyword(reader: _Reader, pos: int, *words: str) -> int | None:
    """The position after ``words`` (each a name or punctuation, white space between) at ``pos``, or ``None``."""
    for word in words:
        pos = reader.skip(pos)
        if word.isidentifier():
            match = _IDENTIFIER.match(reader.text, pos)
            if not match or match.group() != word:
                return None
            pos = match.end()
        elif reader.text.startswith(word, pos):
            pos += len(word)
        else:
            return None
    return pos


def read_module(text: str, *, where: str, max_depth: int = MAX_DEPTH, max_chars: int = MAX_CHARS) -> Any:
    """The literal a JavaScript data module exports (forms: see the module docstring)."""
    _check_size(text, where, max_chars)
    reader = _Reader(text, where, max_depth)
    pos = reader.skip(0)
    name = None
    declared = next((p for p in (_keyword(reader, pos, w) for w in ("const", "let", "var")) if p is not None), None)
    if declared is not None:
        start = reader.skip(declared)
        match = _IDENTIFIER.match(text, start)
        if not match:
            raise reader.expected(start, "the name of the constant after 'const', 'let' or 'var'")
        name = match.group()
        after = _keyword(reader, match.end(), "=")
        if after is None:
            raise reader.expected(reader.skip(match.end()), f"'=' after 'const {name}'")
        pos = after
    else:
        exported = _keyword(reader, pos, "module", ".", "exports", "=")
        exported = exported if exported is not None else _keyword(reader, pos, "export", "default")
        pos = exported if exported is not None else pos
    value, pos = reader.value(pos, 0)
    pos = _statement_end(reader, pos)
    if name is not None and pos < len(text):
        export = _keyword(reader, pos, "module", ".", "exports", "=")
        export = export if export is not None else _keyword(reader, pos, "export", "default")
        if export is None:
            raise reader.expected(pos, f"the end of the file, or 'module.exports = {name}'")
        start = reader.skip(export)
        match = _IDENTIFIER.match(text, start)
        if not match or match.group() != name:
            raise reader.expected(start, f"the name {name!r} (the module exports the constant it defines)")
        pos = _statement_end(reader, match.end())
    if pos < len(text):
        raise reader.expected(pos, "the end of the file (a data module holds one literal)")
    return value
