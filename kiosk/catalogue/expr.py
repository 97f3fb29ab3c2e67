"""A small, safe expression language for conditions and derivations in ``forms/``.

Never ``eval``: text is tokenised and parsed here into a tree that can only read values from the
environment it is given and call the functions of :data:`FUNCTIONS`.

Grammar (lowest precedence first)::

    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | postfix
    postfix := primary ("." NAME | "[" or "]")*
    primary := NUMBER | STRING | true | false | null | NAME | NAME "(" args ")"
             | "(" or ")" | "[" (or ("," or)*)? "]"

Examples: ``answers.event == 'move_in'``, ``person.age >= 20 and person.age < 60``,
``any(persons, age >= 75)`` (inside ``any``/``all``/``count`` the names of each item are in
scope, and the item itself is ``item``). Member access reads keys of mappings only; names that
start with ``_`` are refused. A missing key reads as ``null``; comparisons with ``null`` are false.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.errors import ExpressionError

__all__ = ["Expr", "parse", "FUNCTIONS", "ExpressionError"]

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<name>[^\W\d]\w*)
    | (?P<op>==|!=|<=|>=|[<>+\-*/%().,\[\]])
    )""",
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
MAX_LENGTH = 2000
MAX_DEPTH = 40


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, name, op, end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", position=0)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].lstrip()[:1]
            col = len(text) - len(text[pos:].lstrip())
            raise ExpressionError(f"column {col + 1}: unexpected character {bad!r}", position=col)
        kind = m.lastgroup or "op"
        tokens.append(Token(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# ---------------------------------------------------------------------------------------------
# Functions (the allow-list)


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def age_at(birth: Any, on: Any = None) -> int | None:
    """Age in completed years on ``on`` (default: today); null when a date is missing."""
    b, d = _to_date(birth), _to_date(on) if on is not None else dt.date.today()
    if b is None or d is None:
        return None
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def school_age(birth: Any, on: Any = None) -> int | None:
    """Age that decides the school year (学齢): the legal age on 1 April that opened the school
    year containing ``on``. A child born on 1 April reaches the age the day before, so belongs
    to the earlier year (年齢計算ニ関スル法律)."""
    b, d = _to_date(birth), _to_date(on) if on is not None else dt.date.today()
    if b is None or d is None:
        return None
    start = dt.date(d.year if d.month >= 4 else d.year - 1, 4, 1)
    return age_at(b, start + dt.timedelta(days=1))


def _date(text: Any) -> dt.date | None:
    return _to_date(text)


def _len(value: Any) -> int:
    return len(value) if isinstance(value, (list, tuple, str, dict)) else 0


def _if_else(cond: Any, a: Any, b: Any) -> Any:
    return a if cond is True else b


def _postal(part: str) -> Callable[[Any], str | None]:
    def lookup(code: Any) -> str | None:
        from kiosk.catalogue.derive import lookup_postal_code

        if not isinstance(code, str):
            return None
        found = lookup_postal_code(code)
        if found is None:
            return None
        pref, city, town = found
        return {"prefecture": pref, "city": city, "town": town, "all": pref + city + town}[part]

    return lookup


def _kana(value: Any) -> Any:
    from kiosk.catalogue.derive import to_katakana

    return to_katakana(value) if isinstance(value, str) else value


def _wareki(value: Any) -> str | None:
    from kiosk.catalogue import wareki

    d = _to_date(value)
    return wareki.format_date(d) if d else None


# name -> (function, minimum args, maximum args). any/all/count are special forms (see Call).
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "age_at": (age_at, 1, 2),
    "school_age": (school_age, 1, 2),
    "date": (_date, 1, 1),
    "len": (_len, 1, 1),
    "if_else": (_if_else, 3, 3),
    "postal_address": (_postal("all"), 1, 1),
    "postal_prefecture": (_postal("prefecture"), 1, 1),
    "postal_city": (_postal("city"), 1, 1),
    "postal_town": (_postal("town"), 1, 1),
    "katakana": (_kana, 1, 1),
    "wareki": (_wareki, 1, 1),
    "min": (lambda *a: min((x for x in a if x is not None), default=None), 1, 8),
    "max": (lambda *a: max((x for x in a if x is not None), default=None), 1, 8),
}
SPECIAL_FORMS = ("any", "all", "count")


# ---------------------------------------------------------------------------------------------
# The tree


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

    def eval(self, env):
        return self.value


@dataclass
class Name(Node):
    name: str
    pos: int = 0

    def eval(self, env):
        return env.get(self.name)

    def names(self):
        return {self.name}


@dataclass
class Member(Node):
    target: Node
    key: str
    pos: int = 0

    def eval(self, env):
        base = self.target.eval(env)
        return base.get(self.key) if isinstance(base, Mapping) else None

    def dotted(self) -> str | None:
        if isinstance(self.target, Name):
            return f"{self.target.name}.{self.key}"
        if isinstance(self.target, Member):
            inner = self.target.dotted()
            return f"{inner}.{self.key}" if inner else None
        return None

    def names(self):
        dotted = self.dotted()
        return {dotted} if dotted else self.target.names()


@dataclass
class Index(Node):
    target: Node
    index: Node
    pos: int = 0

    def eval(self, env):
        base, key = self.target.eval(env), self.index.eval(env)
        if isinstance(base, Mapping) and isinstance(key, str) and not key.startswith("_"):
            return base.get(key)
        if isinstance(base, (list, tuple)) and isinstance(key, int) and not isinstance(key, bool):
            return base[key] if -len(base) <= key < len(base) else None
        return None

    def names(self):
        return self.target.names() | self.index.names()


@dataclass
class ListNode(Node):
    items: list[Node]
    pos: int = 0

    def eval(self, env):
        return [item.eval(env) for item in self.items]

    def names(self):
        return set().union(*(i.names() for i in self.items)) if self.items else set()


def _ordered(op: str, a: Any, b: Any, pos: int) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        raise ExpressionError(f"column {pos + 1}: cannot order true/false", position=pos)
    try:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
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

    def eval(self, env):
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

    def _arith(self, a, b):
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

    def names(self):
        return self.left.names() | self.right.names()


@dataclass
class Unary(Node):
    op: str
    operand: Node
    pos: int = 0

    def eval(self, env):
        v = self.operand.eval(env)
        if self.op == "not":
            return v is not True
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ExpressionError(f"column {self.pos + 1}: '-' needs a number", position=self.pos)
        return -v

    def names(self):
        return self.operand.names()


class _Scope(Mapping):
    """The outer environment with one item's keys on top (inside any/all/count)."""

    def __init__(self, outer: Mapping[str, Any], item: Any) -> None:
        self.outer, self.item = outer, item

    def __getitem__(self, key: str) -> Any:
        if key == "item":
            return self.item
        if isinstance(self.item, Mapping) and key in self.item:
            return self.item[key]
        return self.outer[key]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __iter__(self):
        return iter(set(self.outer) | (set(self.item) if isinstance(self.item, Mapping) else set()))

    def __len__(self):
        return len(set(self))


@dataclass
class Call(Node):
    func: str
    args: list[Node]
    pos: int = 0

    def eval(self, env):
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

    def names(self):
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


# ---------------------------------------------------------------------------------------------
# The parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, message: str, tok: Token | None = None) -> ExpressionError:
        t = tok or self.tok
        return ExpressionError(f"column {t.pos + 1}: {message}", position=t.pos)

    def take(self, text: str | None = None, kind: str | None = None) -> Token:
        t = self.tok
        if (text is not None and t.text != text) or (kind is not None and t.kind != kind):
            want = repr(text) if text else kind
            got = repr(t.text) if t.kind != "end" else "end of expression"
            raise self.error(f"expected {want}, found {got}")
        self.i += 1
        return t

    def at(self, text: str) -> bool:
        return self.tok.text == text and self.tok.kind in ("op", "name")

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise self.error("empty expression")
        node = self.or_()
        if self.tok.kind != "end":
            raise self.error(f"unexpected {self.tok.text!r}")
        return node

    def nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("expression nested too deeply")

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            t = self.take()
            node = Binary("or", node, self.and_(), t.pos)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            t = self.take()
            node = Binary("and", node, self.not_(), t.pos)
        return node

    def not_(self) -> Node:
        if self.at("not"):
            t = self.take()
            self.nest()
            node = Unary("not", self.not_(), t.pos)
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        node = self.sum()
        t = self.tok
        if t.kind == "op" and t.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            node = Binary(t.text, node, self.sum(), t.pos)
        elif self.at("in"):
            self.take()
            node = Binary("in", node, self.sum(), t.pos)
        elif self.at("not") and self.tokens[self.i + 1].text == "in":
            self.take()
            self.take()
            node = Binary("not in", node, self.sum(), t.pos)
        if self.tok.kind == "op" and self.tok.text in ("==", "!=", "<", "<=", ">", ">="):
            raise self.error("chained comparisons are not allowed; use 'and'")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            t = self.take()
            node = Binary(t.text, node, self.product(), t.pos)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/", "%"):
            t = self.take()
            node = Binary(t.text, node, self.unary(), t.pos)
        return node

    def unary(self) -> Node:
        if self.tok.kind == "op" and self.tok.text == "-":
            t = self.take()
            self.nest()
            node = Unary("-", self.unary(), t.pos)
            self.depth -= 1
            return node
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while self.tok.kind == "op" and self.tok.text in (".", "["):
            t = self.take()
            if t.text == ".":
                name = self.take(kind="name")
                self._safe_name(name)
                node = Member(node, name.text, t.pos)
            else:
                node = Index(node, self.inner(), t.pos)
                self.take("]")
        if self.tok.kind == "op" and self.tok.text == "(":
            raise self.error("only functions of the allow-list can be called")
        return node

    def inner(self) -> Node:
        self.nest()
        node = self.or_()
        self.depth -= 1
        return node

    def _safe_name(self, t: Token) -> None:
        if t.text.startswith("_"):
            raise self.error(f"unsafe name {t.text!r}: names starting with '_' are not allowed", t)
        if t.text in KEYWORDS:
            raise self.error(f"{t.text!r} is a keyword, not a name", t)

    def primary(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.take()
            return Literal(float(t.text) if "." in t.text else int(t.text), t.pos)
        if t.kind == "string":
            self.take()
            body = t.text[1:-1]
            return Literal(re.sub(r"\\(.)", r"\1", body), t.pos)
        if t.kind == "op" and t.text == "(":
            self.take()
            node = self.inner()
            self.take(")")
            return node
        if t.kind == "op" and t.text == "[":
            self.take()
            items: list[Node] = []
            while not (self.tok.kind == "op" and self.tok.text == "]"):
                items.append(self.inner())
                if not (self.tok.kind == "op" and self.tok.text == ","):
                    break
                self.take(",")
            self.take("]")
            return ListNode(items, t.pos)
        if t.kind == "name":
            if t.text in ("true", "false", "null"):
                self.take()
                return Literal({"true": True, "false": False, "null": None}[t.text], t.pos)
            self._safe_name(t)
            self.take()
            if self.tok.kind == "op" and self.tok.text == "(":
                return self.call(t)
            return Name(t.text, t.pos)
        got = repr(t.text) if t.kind != "end" else "end of expression"
        raise self.error(f"unexpected {got}")

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS and name.text not in SPECIAL_FORMS:
            raise self.error(f"unknown function {name.text!r}", name)
        self.take("(")
        args: list[Node] = []
        while not (self.tok.kind == "op" and self.tok.text == ")"):
            args.append(self.inner())
            if not (self.tok.kind == "op" and self.tok.text == ","):
                break
            self.take(",")
        self.take(")")
        low, high = (1, 2) if name.text in SPECIAL_FORMS else FUNCTIONS[name.text][1:]
        if not low <= len(args) <= high:
            raise self.error(f"{name.text}() takes {low}..{high} arguments, got {len(args)}", name)
        return Call(name.text, args, name.pos)


def parse(text: str) -> Expr:
    """Parse ``text``; raises :class:`ExpressionError` (with ``.position``) when it does not parse."""
    if not isinstance(text, str):
        raise ExpressionError("expression must be text", position=0)
    return Expr(text, _Parser(text).parse())
