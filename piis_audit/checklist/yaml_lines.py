"""Safe YAML loading for the files people write by hand (the checklist, the ``--mapping`` file).

Both loaders derive from ``yaml.SafeLoader`` (no arbitrary objects) and refuse what a safe
loader alone lets through:

* a key given twice in one mapping (YAML would silently keep the last one): refused naming
  both lines (:class:`DuplicateKeyError`);
* nesting deeper than :data:`MAX_DEPTH` levels (the composer is recursive: 100,000 ``[`` would
  otherwise end in a ``RecursionError``): :class:`NestingTooDeep`, at the line where it goes too deep;
* anchors and aliases that expand to more than :data:`MAX_NODES` values ("billion laughs"):
  :class:`TooManyNodes`, at the alias that goes over.

Those checks run on the parser's events (iterative, no recursion) before anything is built.
``load_with_lines`` also remembers the line of every mapping, key and list item, so every
checklist problem names its line; ``load_strict`` builds plain dicts and lists.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 50  # the bundled checklist nests 6 levels deep; a mapping file 3
MAX_NODES = 100_000  # values after expanding aliases; the bundled checklist has about 2,000


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping holds the same key twice; ``first_line`` and ``line`` are 1-based."""

    def __init__(self, key: str, first_line: int, mark: yaml.Mark) -> None:
        self.key = key
        self.first_line = first_line
        self.line = mark.line + 1
        super().__init__(None, None, f"key {key!r} appears twice (lines {first_line} and {self.line})", mark)


class NestingTooDeep(yaml.YAMLError):
    """Lists or mappings nested more than :data:`MAX_DEPTH` levels deep."""

    def __init__(self, mark: yaml.Mark) -> None:
        self.problem_mark = mark
        self.problem = f"nested too deep (more than {MAX_DEPTH} levels of lists or mappings)"
        self.line = mark.line + 1
        super().__init__(self.problem)


class TooManyNodes(yaml.YAMLError):
    """Aliases expand the document to more than :data:`MAX_NODES` values."""

    def __init__(self, mark: yaml.Mark) -> None:
        self.problem_mark = mark
        self.problem = (f"anchors and aliases expand to more than {MAX_NODES:,} values "
                        "(repeat the text instead of nesting aliases)")
        self.line = mark.line + 1
        super().__init__(self.problem)


def _mark(mark: Any) -> yaml.Mark:
    """An event's mark (the first line when the parser gave none)."""
    # libyaml's marks are of their own class, with the same line and column
    return mark if isinstance(mark, yaml.Mark) or hasattr(mark, "line") else yaml.Mark("<yaml>", 0, 0, 0, "", 0)


# libyaml's parser where PyYAML has it (its wheels do): the same events, marks and safe
# constructors, parsed in C (the bundled checklist is read at every run).
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_structure(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and alias expansion beyond MAX_NODES, from the
    parser's events (no document is built). Raises ``yaml.YAMLError`` (with ``problem_mark``)."""
    sizes: dict[str, int] = {}  # anchor -> values it stands for, aliases expanded
    stack: list[list[Any]] = []  # open collections: [anchor, values so far]

    def add(count: int, mark: yaml.Mark) -> None:
        if stack:
            stack[-1][1] += count
            if stack[-1][1] > MAX_NODES:
                raise TooManyNodes(mark)

    try:
        events = list(yaml.parse(text, Loader=_SafeBase))
    except yaml.MarkedYAMLError as error:  # libyaml has a depth limit of its own (1000): the same refusal
        if "maximum nesting depth" in str(error.problem):
            raise NestingTooDeep(_mark(error.problem_mark)) from None
        raise
    for event in events:
        mark = _mark(event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise NestingTooDeep(mark)
            stack.append([event.anchor, 1])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
            add(count, mark)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            add(1, mark)
        elif isinstance(event, yaml.AliasEvent):
            add(sizes.get(event.anchor or "", 1), mark)


class LineDict(dict[str, Any]):
    """A mapping from YAML with the line of the mapping and of each key (1-based)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = [0] * len(self)


def _hashable_key(loader: yaml.SafeLoader, key_node: yaml.Node) -> Any:
    key = loader.construct_object(key_node, deep=True)
    if not isinstance(key, (str, int, float, bool, type(None))):
        raise yaml.constructor.ConstructorError(
            None, None, "mapping keys must be plain values", key_node.start_mark)
    return key


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """yaml.SafeLoader that records marks on mappings and sequences (text keys). A key given
    twice is collected in ``duplicates`` (the first one is kept), so every one is reported."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKeyError] = []


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """yaml.SafeLoader that refuses duplicate keys, keeping keys as YAML typed them."""


def _construct_line_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = _hashable_key(loader, key_node)
        skey = key if isinstance(key, str) else str(key)
        if skey in result:
            duplicate = DuplicateKeyError(skey, result.key_lines[skey], key_node.start_mark)
            if not isinstance(loader, _LineLoader):
                raise duplicate
            loader.duplicates.append(duplicate)
            continue
        result[skey] = loader.construct_object(value_node, deep=True)
        result.key_lines[skey] = key_node.start_mark.line + 1
    return result


def _construct_line_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_strict_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = _hashable_key(loader, key_node)
        if key in result:
            raise DuplicateKeyError(str(key), lines[key], key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    return result


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it; an impossible one (2026-13-45) is a problem at its line, not a crash."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date (write YYYY-MM-DD, or quote it)", node.start_mark) from None


for _loader in (_LineLoader, _StrictLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_line_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_line_sequence)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_strict_mapping)


def _load(text: str, loader: type[yaml.SafeLoader]) -> Any:
    check_structure(text)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders derive from SafeLoader
    except RecursionError:  # check_structure bounds the depth; this is the last safety net
        raise NestingTooDeep(_mark(None)) from None


def load_with_lines(text: str) -> tuple[Any, list[DuplicateKeyError]]:
    """Parse YAML safely; mappings become :class:`LineDict`, sequences :class:`LineList`.
    Returns the document and every key given twice (the first occurrence is kept). Raises
    ``yaml.YAMLError`` (with a problem_mark) on syntax errors, nesting too deep and aliases
    expanding too far."""
    check_structure(text)
    loader = _LineLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except RecursionError:  # check_structure bounds the depth; this is the last safety net
        raise NestingTooDeep(_mark(None)) from None
    finally:
        loader.dispose()


def load_strict(text: str) -> Any:
    """Parse YAML safely into plain dicts and lists, refusing duplicate keys, nesting too deep
    and aliases expanding too far (``yaml.YAMLError`` with a problem_mark)."""
    return _load(text, _StrictLoader)
