"""The tree of a parsed expression: each node evaluates itself over a mapping environment and
reports the dotted names it reads. Built by :mod:`kiosk.catalogue.expr` only."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue.exprfuncs import FUNCTIONS, SPECIAL_FORMS
from kiosk.errors import ExpressionError


class Node:
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def names(self) -> set[str]:
        return set()


@dataclass
class Literal(Node):
    value: Any
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        return self.value


@dataclass
class Name(Node):
    name: str
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        return env.get(self.name)

    def names(self) -> set[str]:
        return {self.name}


@dataclass
class Member(Node):
    target: Node
    key: str
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        base = self.target.eval(env)
        return base.get(self.key) if isinstance(base, Mapping) else None

    def dotted(self) -> str | None:
        if isinstance(self.target, Name):
            return f"{self.target.name}.{self.key}"
        if isinstance(self.target, Member):
            inner = self.target.dotted()
            return f"{inner}.{self.key}" if inner else None
        return None

    def names(self) -> set[str]:
        dotted = self.dotted()
        return {dotted} if dotted else self.target.names()


@dataclass
class Index(Node):
    target: Node
    index: Node
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        base, key = self.target.eval(env), self.index.eval(env)
        if isinstance(base, Mapping) and isinstance(key, str) and not key.startswith("_"):
            return base.get(key)
        if isinstance(base, (list, tuple)) and isinstance(key, int) and not isinstance(key, bool):
            return base[key] if -len(base) <= key < len(base) else None
        return None

    def names(self) -> set[str]:
        return self.target.names() | self.index.names()


@dataclass
class ListNode(Node):
    items: list[Node]
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        return [item.eval(env) for item in self.items]

    def names(self) -> set[str]:
        return set().union(*(i.names() for i in self.items)) if self.items else set()


def _ordered(op: str, a: Any, b: Any, pos: int) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        raise ExpressionError(f"column {pos + 1}: cannot order true/false", position=pos)
    try:
        return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])
    except TypeError:
        raise ExpressionError(
            f"column {pos + 1}: cannot compare {type(a).__name__} with {type(b).__name__}", position=pos
        ) from None


@dataclass
class Binary(Node):
    op: str
    left: Node
    right: Node
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        op = self.op
        if op == "and":
            return self.left.eval(env) is True and self.right.eval(env) is True
        if op == "or":
            return self.left.eval(env) is True or self.right.eval(env) is True
        a, b = self.left.eval(env), self.right.eval(env)
        if op == "==":
            return a == b and a is not None
        if op == "!=":
            return a != b
        if op in ("<", "<=", ">", ">="):
            return _ordered(op, a, b, self.pos)
        if op in ("in", "not in"):
            if not isinstance(b, (list, tuple, str, Mapping)) or (isinstance(b, str) and not isinstance(a, str)):
                found = False
            else:
                found = a in b
            return found if op == "in" else not found
        return self._arith(a, b)

    def _arith(self, a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None
        numbers = (int, float)
        ok = isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool)
        if self.op == "+" and isinstance(a, str) and isinstance(b, str):
            return a + b
        if not ok:
            raise ExpressionError(f"column {self.pos + 1}: '{self.op}' needs numbers", position=self.pos)
        if self.op in ("/", "%") and b == 0:
            raise ExpressionError(f"column {self.pos + 1}: division by zero", position=self.pos)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        return a / b if self.op == "/" else a % b

    def names(self) -> set[str]:
        return self.left.names() | self.right.names()


@dataclass
class Unary(Node):
    op: str
    operand: Node
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        v = self.operand.eval(env)
        if self.op == "not":
            return v is not True
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ExpressionError(f"column {self.pos + 1}: '-' needs a number", position=self.pos)
        return -v

    def names(self) -> set[str]:
        return self.operand.names()


class _Scope(Mapping[str, Any]):
    """The outer environment with one item's keys on top (inside any/all/count)."""

    def __init__(self, outer: Mapping[str, Any], item: Any) -> None:
        self.outer, self.item = outer, item

    def __getitem__(self, key: str) -> Any:
        if key == "item":
            return self.item
        if isinstance(self.item, Mapping) and key in self.item:
            return self.item[key]
        return self.outer[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str]:
        return iter(set(self.outer) | (set(self.item) if isinstance(self.item, Mapping) else set()))

    def __len__(self) -> int:
        return len(set(self))


@dataclass
class Call(Node):
    func: str
    args: list[Node]
    pos: int = 0

    def eval(self, env: Mapping[str, Any]) -> Any:
        if self.func in SPECIAL_FORMS:
            items = self.args[0].eval(env)
            if not isinstance(items, (list, tuple)):
                items = []
            if len(self.args) == 1:
                hits = [x is True for x in items] if self.func != "count" else [True] * len(items)
            else:
                hits = [self.args[1].eval(_Scope(env, item)) is True for item in items]
            return {"any": any(hits), "all": all(hits), "count": sum(hits)}[self.func]
        function = FUNCTIONS[self.func][0]
        try:
            return function(*(a.eval(env) for a in self.args))
        except ExpressionError:
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise ExpressionError(f"column {self.pos + 1}: {self.func}(): {exc}", position=self.pos) from None

    def names(self) -> set[str]:
        out = self.args[0].names() if self.args else set()
        if self.func in SPECIAL_FORMS and len(self.args) > 1:
            # names inside the predicate are read from each item; report them as item.<name>
            inner = self.args[1].names()
            out |= {n if n.split(".")[0] in ("answers", "today", "item") else f"item.{n}" for n in inner}
            return out
        for a in self.args[1:]:
            out |= a.names()
        return out


class Expr:
    """A parsed expression: ``evaluate(env)`` and ``names()``."""

    def __init__(self, text: str, root: Node) -> None:
        self.text, self.root = text, root

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        return self.root.eval(env)

    def names(self) -> set[str]:
        """Dotted names the expression reads (``answers.event``, ``person.age``, ``today``);
        names read inside any/all/count predicates are given as ``item.<name>``."""
        return self.root.names()

    def functions(self) -> set[str]:
        found: set[str] = set()
        stack: list[Any] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, Call):
                found.add(node.func)
            for value in vars(node).values():
                if isinstance(value, Node):
                    stack.append(value)
                elif isinstance(value, list):
                    stack.extend(v for v in value if isinstance(v, Node))
        return found

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"
