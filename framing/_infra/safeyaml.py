"""Load YAML that a stranger may have written: no code run, no alias bomb, bounded size.

Every YAML text framing reads (figure configs, front matter of Markdown and text files,
frame dictionaries) goes through :func:`parse_yaml`:

- PyYAML's *safe* loader: tags such as ``!!python/object`` are refused, so loading runs no code;
- the text may hold at most ``max_chars`` characters;
- the document is composed first, without building any value, and refused when, with its
  aliases (``*name``) written out, it would hold more than ``max_values`` values or more than
  ``max_chars`` characters of scalars -- a 600-byte "billion laughs" otherwise expands to
  gigabytes as soon as anything copies or prints it -- when an alias refers to a value that
  contains it, or when it nests deeper than :data:`MAX_DEPTH` levels.

A document without aliases never hits the expansion limits, since it holds no more characters
than its text; ordinary uses of anchors (``<<: *defaults``) stay far below them.

Refusals raise :class:`YAMLRefused`, a :class:`yaml.YAMLError` with ``problem`` and
``problem_mark`` (the line), so code that reports YAML syntax errors reports them too.

>>> parse_yaml("a: &x [1, 2]\\nb: *x\\n")[0]
{'a': [1, 2], 'b': [1, 2]}
>>> parse_yaml("a: &a [x, x]\\nb: &b [*a, *a]\\nc: [*b, *b]\\n", max_values=10)
Traceback (most recent call last):
...
framing._infra.safeyaml.YAMLRefused: line 3: with its aliases written out, the YAML holds more than 10 values ...
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_CHARS = 1_000_000
"""Default limit on the characters of a YAML text, and of its scalars once aliases are written out."""
MAX_VALUES = 100_000
"""Default limit on the values (scalars, lists, tables) of a document once aliases are written out."""
MAX_DEPTH = 100
"""Deepest nesting of lists and tables accepted."""
FRONT_MATTER_CHARS = 65_536
"""Longest front matter (the YAML between ``---`` lines at the top of a text file) read."""
FRONT_MATTER_VALUES = 10_000
"""Most values a front matter may hold, aliases written out."""

# libyaml parses in C (and caps nesting at 1000 levels itself); the pure-Python loader words its errors better.
_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLRefused(yaml.YAMLError):
    """A YAML text that is not loaded: too long, too deep, recursive, or expanding too far through aliases."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark

    def __str__(self) -> str:
        return f"line {self.problem_mark.line + 1}: {self.problem}" if self.problem_mark else self.problem


def parse_yaml(text: str, *, max_chars: int = MAX_CHARS, max_values: int = MAX_VALUES,
               fast: bool = False) -> tuple[Any, yaml.Node | None]:
    """The value of a one-document YAML text and its node tree (for line numbers); see the module docstring.

    ``fast=True`` parses with libyaml when PyYAML has it (several times faster, for many small
    texts such as front matter); its syntax errors are worded differently.

    Raises:
        yaml.YAMLError: the text does not parse (PyYAML's own errors, with their marks), or
            :class:`YAMLRefused` for the limits above.
    """
    if len(text) > max_chars:
        raise YAMLRefused(f"the YAML is {len(text):,} characters long; at most {max_chars:,} are read")
    loader = (_FAST if fast else yaml.SafeLoader)(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure-Python composer recurses once per level
            raise YAMLRefused(f"the YAML nests deeper than {MAX_DEPTH} levels") from None
        if node is None:
            return None, None
        check_expansion(node, max_chars=max_chars, max_values=max_values)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def load_yaml(text: str, *, max_chars: int = MAX_CHARS, max_values: int = MAX_VALUES, fast: bool = False) -> Any:
    """The value of a one-document YAML text, within the limits of :func:`parse_yaml`.

    >>> load_yaml("!!python/object/apply:os.getcwd []")
    Traceback (most recent call last):
    ...
    yaml.constructor.ConstructorError: could not determine a constructor for the tag ...
    """
    return parse_yaml(text, max_chars=max_chars, max_values=max_values, fast=fast)[0]


def check_expansion(root: yaml.Node, *, max_chars: int, max_values: int) -> None:
    """Refuse a node tree that, with aliases written out, is too large, recursive or too deep.

    An alias is the same node object as its anchor, so the tree is a graph; each node's
    written-out size (values, scalar characters) is computed once, children first, without
    recursion: linear in the size of the text, however far the aliases expand.
    """
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()  # nodes whose children are being sized: the path from the root
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            values, chars = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            for child in _children(node):
                values, chars = values + sizes[id(child)][0], chars + sizes[id(child)][1]
            if values > max_values or chars > max_chars:
                raise YAMLRefused(f"with its aliases written out, the YAML holds more than {max_values:,} values "
                                  f"or {max_chars:,} characters (an 'alias bomb'?); write the values out, or use "
                                  "fewer aliases (*name)", node.start_mark)
            sizes[key] = (values, chars)
        elif key not in sizes:
            if key in open_nodes:
                raise YAMLRefused("an alias (*name) refers to the list or table that contains it; "
                                  "recursive values are not read", node.start_mark)
            if depth > MAX_DEPTH:
                raise YAMLRefused(f"the YAML nests deeper than {MAX_DEPTH} levels", node.start_mark)
            open_nodes.add(key)
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
