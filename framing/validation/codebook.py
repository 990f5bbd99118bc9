"""The codebook of a coding study: the frames coders may mark, each with its definition.

A codebook is a YAML file (read with framing's safe loader, :mod:`framing._infra.safeyaml`)::

    name: ukraine
    dictionary: ukraine          # optional: the frame dictionary whose concepts these frames are
    instructions: Read the whole document, then tick every frame it uses.
    frames:
      AGGRESSION:
        definition: The war is called an aggression, or Russia an aggressor.
        example: "This brutal aggression must stop."   # optional

Frame names are the dictionary's concept names (upper case, digits and ``_``), so human codes
and the dictionary's assignments meet frame by frame (:func:`framing.validation.compare_codes`).
framing ships ``ukraine`` (:func:`available_codebooks`), whose frames are the concepts of the
``ukraine`` dictionary. :func:`codebook_from_dictionary` makes a codebook from any frame
dictionary, its concepts' descriptions serving as definitions.

>>> book = load_codebook("ukraine")
>>> book.frame_names[:2]
['AGGRESSION', 'INVASION']
>>> book.dictionary
'ukraine'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

from framing._infra.errors import CodingError
from framing._infra.safeyaml import parse_yaml

FRAME_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
"""A frame's name: upper-case letters, digits and ``_`` (a dictionary concept name)."""
_SUFFIXES = (".yaml", ".yml")
_FRAME_FIELDS = {"definition", "example"}


class ConceptSource(Protocol):
    """What :func:`codebook_from_dictionary` reads of a :class:`framing.FrameDictionary`."""

    name: str

    @property
    def concept_names(self) -> list[str]: ...

    @property
    def descriptions(self) -> Mapping[str, str]: ...


@dataclasses.dataclass(frozen=True)
class Codebook:
    """Frames and their definitions.

    Attributes:
        name: the codebook's name.
        definitions: ``{frame: definition}``, in file order.
        examples: ``{frame: example sentence}`` for the frames that give one.
        instructions: what the coder is asked to do.
        dictionary: the name of the frame dictionary whose concepts are the frames, or ``""``.
    """

    name: str
    definitions: Mapping[str, str]
    examples: Mapping[str, str] = dataclasses.field(default_factory=dict)
    instructions: str = ""
    dictionary: str = ""

    def __post_init__(self) -> None:
        if not self.definitions:
            raise CodingError(f"codebook {self.name!r} has no frames: give at least one under 'frames'")
        for frame in self.definitions:
            if not FRAME_NAME.match(str(frame)):
                raise CodingError(f"codebook {self.name!r}: frame name {frame!r} must be upper-case letters, "
                                  "digits and '_' (e.g. NATO_EXPANSION)")
        object.__setattr__(self, "definitions", dict(self.definitions))
        object.__setattr__(self, "examples", dict(self.examples))

    @property
    def frame_names(self) -> list[str]:
        """The frames, in file order."""
        return list(self.definitions)


def available_codebooks() -> list[str]:
    """Names of the codebooks shipped with framing."""
    folder = resources.files("framing") / "data" / "codebooks"
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(_SUFFIXES))


def _line(node: yaml.Node | None, *keys: str) -> str:
    """``line N`` of the value at ``keys`` in the YAML node tree (of the deepest key found)."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next((v for k, v in node.value if k.value == key), None)
        if found is None:
            break
        node = found
    return f"line {node.start_mark.line + 1}" if node is not None else "line 1"


def _text(value: Any, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodingError(f"{where}, field {field!r}: give a non-empty text, got {value!r}")
    return " ".join(value.split())


def parse_codebook(text: str, *, source: str = "<codebook>") -> Codebook:
    """A codebook from the text of a YAML file; errors name ``source``, the line and the field."""
    try:
        data, root = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise CodingError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("frames"), Mapping) or not data["frames"]:
        raise CodingError(f"{source}, {_line(root, 'frames')}: a codebook needs a 'frames' mapping "
                          "(frame -> definition, example)")
    definitions, examples = {}, {}
    for frame, entry in data["frames"].items():
        where = f"{source}, {_line(root, 'frames', str(frame))}, frame {frame!r}"
        if not FRAME_NAME.match(str(frame)):
            raise CodingError(f"{where}: a frame name is upper-case letters, digits and '_' (e.g. NATO_EXPANSION)")
        if not isinstance(entry, Mapping) or "definition" not in entry:
            raise CodingError(f"{where}: give the frame's 'definition' (and optionally an 'example')")
        unknown = sorted(set(map(str, entry)) - _FRAME_FIELDS)
        if unknown:
            raise CodingError(f"{where}: unknown field(s) {unknown}; a frame has {sorted(_FRAME_FIELDS)}")
        definitions[str(frame)] = _text(entry["definition"], where, "definition")
        if "example" in entry:
            examples[str(frame)] = _text(entry["example"], where, "example")
    name = str(data.get("name") or Path(source).stem)
    instructions = _text(data["instructions"], f"{source}, {_line(root, 'instructions')}", "instructions") \
        if "instructions" in data else ""
    return Codebook(name=name, definitions=definitions, examples=examples, instructions=instructions,
                    dictionary=str(data.get("dictionary") or ""))


def load_codebook(source: str | Path) -> Codebook:
    """A codebook by shipped name (``"ukraine"``) or from a .yaml/.yml file.

    Raises:
        CodingError: the file does not exist, is not YAML, or a frame lacks its definition
            (the message names the file, line and field).
    """
    if isinstance(source, str) and source in available_codebooks():
        path = resources.files("framing") / "data" / "codebooks" / f"{source}.yaml"
        return parse_codebook(path.read_text("utf-8"), source=source)
    path = Path(source)
    if path.suffix.lower() not in _SUFFIXES:
        raise CodingError(f"no codebook {str(source)!r}: shipped ones are {available_codebooks()}, "
                          f"files must end in {', '.join(_SUFFIXES)}")
    if not path.is_file():
        raise CodingError(f"codebook file {str(path)!r} does not exist")
    return parse_codebook(path.read_text(encoding="utf-8"), source=str(path))


def codebook_from_dictionary(dictionary: ConceptSource, *, frames: Sequence[str] | None = None) -> Codebook:
    """A codebook whose frames are a frame dictionary's concepts, their descriptions the definitions.

    ``frames`` keeps only these concepts. A concept without a description is defined by its
    name, which a coder should not be left with: write a codebook file for a real study.

    >>> import framing as fr
    >>> codebook_from_dictionary(fr.load_dictionary("ukraine"), frames=["INVASION"]).definitions
    {'INVASION': 'The war named as an invasion, or Russia as invading.'}
    """
    names = list(dictionary.concept_names)
    chosen = names if frames is None else list(frames)
    unknown = [f for f in chosen if f not in names]
    if unknown:
        raise CodingError(f"frames {unknown} are not concepts of dictionary {dictionary.name!r}: it has {names}")
    return Codebook(name=dictionary.name, dictionary=dictionary.name,
                    definitions={f: dictionary.descriptions.get(f, f) for f in chosen})
