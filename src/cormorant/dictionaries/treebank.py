"""Penn Treebank bracketed parses (the ``<Parse>`` of PETRARCH records) as small trees."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Node", "ParseError", "parse_tree"]


class ParseError(ValueError):
    """The bracketed text is not a well-formed tree."""


@dataclass(eq=False)
class Node:
    """A constituent (``label``, ``children``) or a leaf (``word`` set, ``index`` its token)."""

    label: str
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    word: str | None = None
    index: int = -1
    start: int = 0  # first token index covered
    end: int = 0  # one past the last

    @property
    def is_leaf(self) -> bool:
        return self.word is not None

    def leaves(self) -> list[Node]:
        if self.is_leaf:
            return [self]
        return [leaf for c in self.children for leaf in c.leaves()]

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def _tokens(text: str) -> list[str]:
    return text.replace("(", " ( ").replace(")", " ) ").split()


def parse_tree(text: str) -> tuple[Node, list[Node]]:
    """The root and the leaves (tokens, in order) of a bracketed parse."""
    toks = _tokens(text)
    if not toks or toks[0] != "(":
        raise ParseError("a parse must start with '('")
    pos = 0
    leaves: list[Node] = []

    def node() -> Node:
        nonlocal pos
        if pos >= len(toks) or toks[pos] != "(":
            raise ParseError(f"expected '(' at token {pos}")
        pos += 1
        if pos >= len(toks) or toks[pos] in "()":
            label = ""
        else:
            label = toks[pos]
            pos += 1
        n = Node(label)
        if pos < len(toks) and toks[pos] not in "()" :
            # A preterminal: (TAG word)
            n.word = toks[pos]
            pos += 1
            n.index = len(leaves)
            n.start, n.end = n.index, n.index + 1
            leaves.append(n)
        else:
            while pos < len(toks) and toks[pos] == "(":
                child = node()
                child.parent = n
                n.children.append(child)
            if not n.children:
                raise ParseError(f"empty constituent {label!r}")
            n.start, n.end = n.children[0].start, n.children[-1].end
        if pos >= len(toks) or toks[pos] != ")":
            raise ParseError(f"expected ')' after {label!r}")
        pos += 1
        return n

    root = node()
    if pos != len(toks):
        raise ParseError("text after the end of the tree")
    return root, leaves
