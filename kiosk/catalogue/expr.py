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

import functools
import re
from dataclasses import dataclass

from kiosk.catalogue.exprfuncs import FUNCTIONS, SPECIAL_FORMS, age_at, school_age
from kiosk.catalogue.exprtree import Binary, Call, Expr, Index, ListNode, Literal, Member, Name, Node, Unary
from kiosk.errors import ExpressionError

__all__ = ["Expr", "parse", "FUNCTIONS", "ExpressionError", "age_at", "school_age"]

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

    def nest(self) -> None:
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
    """Parse ``text``; raises :class:`ExpressionError` (with ``.position``) when it does not parse.
    Parsed expressions are immutable and cached by text."""
    if not isinstance(text, str):
        raise ExpressionError("expression must be text", position=0)
    return _parse(text)


@functools.lru_cache(maxsize=2048)
def _parse(text: str) -> Expr:
    return Expr(text, _Parser(text).parse())
