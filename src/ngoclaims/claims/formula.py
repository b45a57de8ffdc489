"""The formula of a derived figure (a row of data/derived.csv): a small language over the
ids of claims, figures and earlier derived figures. It is parsed by hand, never by eval,
checked before it runs (functions, their arguments, what may be an exponent), evaluated on
intervals or on the figures read as printed, and written back as the text the book shows,
so the formula a reader sees is the one that was computed.

Grammar, by rising precedence; ``**`` is right-associative, the others left-associative::

    formula := product (("+" | "-") product)*
    product := power (("*" | "×" | "/") power)*
    power   := atom (("**" | "^") power)?
    atom    := number | "{" id "}" | function "(" formula ("," formula)* ")" | "(" formula ")"

A number is digits with an optional decimal part (``0.01``); an id is a key of a data table
(letters, digits, ``. _ -``); a function is one of FUNCTIONS. A number times a figure scales
it (so a negative change can still be put in percent); a number elsewhere beside a figure is
the point interval of that number.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ngoclaims.claims.intervals import (
    INF,
    Interval,
    cagr,
    growth_factor,
    point,
    product,
    share,
)

# What a value is, as the error messages name it: a figure (an interval), a bare number, or
# an id whose period a year function reads.
FIGURE, NUMBER, ID = "a figure", "a number", "an id in braces"


class FormulaError(ValueError):
    """A formula that cannot be parsed or run; the message says what was expected."""


# --- the tree --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    """A number as written: its text is kept, so the book shows it as the data write it."""

    text: str


@dataclass(frozen=True)
class Ref:
    """An id of a claim, a figure or an earlier derived figure."""

    key: str


@dataclass(frozen=True)
class Call:
    """A function of FUNCTIONS applied to its arguments."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class BinOp:
    """An operator ('+', '-', '*', '/', '**') between two operands."""

    op: str
    left: Node
    right: Node


Node = Num | Ref | Call | BinOp


class Dated(NamedTuple):
    """What a year function reads of an id: the first and last year of its period."""

    key: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Lookup:
    """How a formula reads its ids: each id's figure (its interval, or its point when the
    figures are read as printed) and the first and last year of its period.
    """

    figure: Callable[[str], Interval]
    period: Callable[[str], tuple[int | None, int | None]]
    printed: bool = False


# --- the functions ---------------------------------------------------------------------------
def _percent_of(part: Interval, whole: Interval) -> Interval:
    return whole * part.scale(0.01)


def _prices(*rates: Interval) -> Interval:
    return product([r.scale(0.01).shift(1) for r in rates])


def _at_least(x: Interval, fraction: float) -> Interval:
    return Interval(x.lo * fraction, INF)


def _as_printed(x: Interval, fraction: float) -> Interval:
    return x


def _known(year: int | None, dated: Dated, which: str) -> int:
    if year is None:
        raise FormulaError(
            f"expected an id whose period has a known {which} year; {{{dated.key}}} has none"
        )
    return year


def _first(d: Dated) -> int:
    return _known(d.start, d, "first")


def _last(d: Dated) -> int:
    return _known(d.end, d, "last")


def _span(d: Dated) -> int:
    return _last(d) - _first(d) + 1


@dataclass(frozen=True)
class Function:
    """A function a formula may call: the kind of each argument, what it gives, and how it
    is computed (`printed`: how it reads the figures as printed, when that differs).
    """

    signature: str
    kinds: tuple[str, ...]
    result: str
    compute: Callable
    variadic: bool = False
    printed: Callable | None = None


FUNCTIONS: dict[str, Function] = {
    "growth": Function("growth(start, end)", (FIGURE, FIGURE), FIGURE, growth_factor),
    "cagr": Function("cagr(start, end, years)", (FIGURE, FIGURE, NUMBER), FIGURE, cagr),
    "share": Function("share(part, whole)", (FIGURE, FIGURE), FIGURE, share),
    "percent_of": Function("percent_of(percent, whole)", (FIGURE, FIGURE), FIGURE, _percent_of),
    "prices": Function("prices(rate, ...)", (FIGURE,), FIGURE, _prices, variadic=True),
    "at_least": Function(
        "at_least(x, fraction)", (FIGURE, NUMBER), FIGURE, _at_least, printed=_as_printed
    ),
    "year": Function("year(id)", (ID,), NUMBER, _first),
    "end_year": Function("end_year(id)", (ID,), NUMBER, _last),
    "years": Function("years(id)", (ID,), NUMBER, _span),
}
# What each function computes:
# growth: end / start. cagr: compound annual growth from start to end over the years, as a
# fraction. share: part / whole in percent, within 0-100. percent_of: that percent of the
# whole. prices: the price level after years of the given annual inflation rates (percent),
# 1 at the start. at_least: from that fraction of x's lower end up, unbounded (what a premise
# allows); read as printed, x itself. year, end_year: the first and last year of an id's
# period; years: how many years it spans, both ends counted.


# --- reading the text ------------------------------------------------------------------------
class Token(NamedTuple):
    """A piece of the formula's text and the character it starts at (1-based)."""

    kind: str  # number | ref | name | op | end
    text: str
    pos: int


_TOKEN = re.compile(
    r"(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<ref>\{[A-Za-z0-9][A-Za-z0-9._-]*\})"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^×(),])"
)
_SPACE = re.compile(r"\s*")
_ALIASES = {"×": "*", "^": "**"}


def tokenize(text: str) -> list[Token]:
    """The tokens of a formula, ending with an 'end' token one character past the text."""
    out: list[Token] = []
    pos = _SPACE.match(text).end()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(_unreadable(text, pos))
        out.append(Token(m.lastgroup, m.group(), pos + 1))
        pos = _SPACE.match(text, m.end()).end()
    out.append(Token("end", "", len(text) + 1))
    return out


def _unreadable(text: str, pos: int) -> str:
    if text[pos] == "{":
        end = text.find("}", pos) + 1 or len(text)
        return (
            "expected an id of letters, digits, '.', '_' and '-' in braces at character "
            f"{pos + 1}; got '{text[pos:end]}'"
        )
    return (
        "expected a number, an id in braces, a function, an operator (+ - * × / ** ^), "
        f"a comma or a parenthesis at character {pos + 1}; got '{text[pos]}'"
    )


def _shown(tok: Token) -> str:
    return "the end" if tok.kind == "end" else f"'{tok.text}'"


class _Parser:
    """Recursive descent over the tokens, one method per rule of the grammar."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise FormulaError(f"expected '{text}' at character {tok.pos}; got {_shown(tok)}")

    def formula(self) -> Node:
        node = self.product()
        while self.peek().text in ("+", "-"):
            node = BinOp(self.take().text, node, self.product())
        return node

    def product(self) -> Node:
        node = self.power()
        while self.peek().text in ("*", "×", "/"):
            op = self.take().text
            node = BinOp(_ALIASES.get(op, op), node, self.power())
        return node

    def power(self) -> Node:
        base = self.atom()
        if self.peek().text not in ("**", "^"):
            return base
        tok = self.take()
        exponent = self.power()
        if kind(exponent) != NUMBER:
            raise FormulaError(
                f"expected a number as the exponent of '{tok.text}' at character {tok.pos}; "
                "got a figure"
            )
        return BinOp("**", base, exponent)

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "number":
            return Num(tok.text)
        if tok.kind == "ref":
            return Ref(tok.text[1:-1])
        if tok.kind == "name":
            return self.call(tok)
        if tok.text != "(":
            raise FormulaError(
                "expected a number, an id in braces, a function or '(' at character "
                f"{tok.pos}; got {_shown(tok)}"
            )
        node = self.formula()
        self.expect(")")
        return node

    def call(self, name: Token) -> Node:
        fn = FUNCTIONS.get(name.text)
        if fn is None:
            raise FormulaError(
                f"expected one of the functions {', '.join(FUNCTIONS)} at character "
                f"{name.pos}; got '{name.text}' (an id goes in braces)"
            )
        self.expect("(")
        args = [self.formula()]
        while self.peek().text == ",":
            self.take()
            args.append(self.formula())
        self.expect(")")
        return _checked_call(fn, name, tuple(args))


def _checked_call(fn: Function, name: Token, args: tuple[Node, ...]) -> Call:
    """A call whose number and kinds of arguments fit the function."""
    n = len(fn.kinds)
    if len(args) != n and not fn.variadic:
        raise FormulaError(
            f"expected {n} argument{'s' if n > 1 else ''} to {fn.signature} at character "
            f"{name.pos}; got {len(args)}"
        )
    for i, (arg, want) in enumerate(zip(args, _kinds(fn, len(args))), start=1):
        got = ID if isinstance(arg, Ref) and want == ID else kind(arg)
        if got != want:
            raise FormulaError(
                f"expected {want} as argument {i} of {fn.signature} at character "
                f"{name.pos}; got {got}"
            )
    return Call(name.text, args)


def _kinds(fn: Function, n: int) -> tuple[str, ...]:
    """The kind of each of n arguments: repeated, so that every argument of a variadic
    function has one; zip stops at the last argument.
    """
    return fn.kinds * n


def kind(node: Node) -> str:
    """FIGURE when the value reads a figure (an interval), NUMBER when it is a bare number."""
    if isinstance(node, Num):
        return NUMBER
    if isinstance(node, Ref):
        return FIGURE
    if isinstance(node, Call):
        return FUNCTIONS[node.name].result
    return FIGURE if FIGURE in (kind(node.left), kind(node.right)) else NUMBER


def parse(text: str) -> Node:
    """The tree of a formula; FormulaError, saying what was expected, when it is not one."""
    parser = _Parser(text)
    node = parser.formula()
    tok = parser.peek()
    if tok.kind != "end":
        raise FormulaError(
            f"expected an operator, ')' or the end at character {tok.pos}; got {_shown(tok)}"
        )
    if kind(node) != FIGURE:
        raise FormulaError("expected a formula over figures (ids in braces); this one is a number")
    return node


def ids(node: Node) -> list[str]:
    """Every id the formula names, in the order it names them (repeats kept)."""
    if isinstance(node, Ref):
        return [node.key]
    if isinstance(node, Call):
        return [k for a in node.args for k in ids(a)]
    if isinstance(node, BinOp):
        return ids(node.left) + ids(node.right)
    return []


# --- computing -------------------------------------------------------------------------------
_ON_NUMBERS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": math.pow,
}
_ON_INTERVALS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def evaluate(node: Node, lookup: Lookup) -> Interval | float:
    """The formula's value: an interval (a point when the figures are read as printed), or a
    number for a part that reads no figure. Interval arithmetic raises ValueError or
    ArithmeticError where it is undefined (a division by zero, a negative product).
    """
    if isinstance(node, Num):
        return float(node.text)
    if isinstance(node, Ref):
        return lookup.figure(node.key)
    if isinstance(node, Call):
        return _apply(node, lookup)
    return _operate(node.op, evaluate(node.left, lookup), evaluate(node.right, lookup))


def _apply(node: Call, lookup: Lookup) -> Interval | float:
    fn = FUNCTIONS[node.name]
    args = [_argument(a, k, lookup) for a, k in zip(node.args, _kinds(fn, len(node.args)))]
    compute = fn.printed if lookup.printed and fn.printed else fn.compute
    return compute(*args)


def _argument(node: Node, want: str, lookup: Lookup) -> Interval | float | Dated:
    if want == ID:
        return Dated(node.key, *lookup.period(node.key))
    return evaluate(node, lookup)


def _operate(op: str, a: Interval | float, b: Interval | float) -> Interval | float:
    if not isinstance(a, Interval) and not isinstance(b, Interval):
        return _ON_NUMBERS[op](a, b)
    if op == "**":
        return a.power(b)
    if op == "*" and not isinstance(a, Interval):
        return b.scale(a)
    if op == "*" and not isinstance(b, Interval):
        return a.scale(b)
    return _ON_INTERVALS[op](_interval(a), _interval(b))


def _interval(x: Interval | float) -> Interval:
    return x if isinstance(x, Interval) else point(x)


# --- writing it back -------------------------------------------------------------------------
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 3}
_WRITTEN = {"+": " + ", "-": " - ", "*": " × ", "/": " / ", "**": "^"}


def _braced(key: str) -> str:
    return f"{{{key}}}"


def render(
    node: Node, name: Callable[[str], str] = _braced, year: Callable[[Call], str] | None = None
) -> str:
    """The formula as the book shows it: ids in braces, × and ^, only the parentheses the
    tree needs. It parses back to the same tree. With ``name``, each id is written as
    ``name`` gives it, and with ``year`` each year function (year, end_year, years) as the
    number ``year`` gives for it: the worked formula, which shows the figures themselves.
    """
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Ref):
        return name(node.key)
    if isinstance(node, Call):
        if year and FUNCTIONS[node.name].kinds == (ID,):
            return year(node)
        return f"{node.name}({', '.join(render(a, name, year) for a in node.args)})"
    p = _PRECEDENCE[node.op]
    right = node.op == "**"  # groups to the right: a^b^c is a^(b^c), a - b - c is (a - b) - c
    return (
        _operand(node.left, p + right, name, year)
        + _WRITTEN[node.op]
        + _operand(node.right, p + (not right), name, year)
    )


def _operand(
    node: Node, least: int, name: Callable[[str], str], year: Callable[[Call], str] | None
) -> str:
    text = render(node, name, year)
    return f"({text})" if isinstance(node, BinOp) and _PRECEDENCE[node.op] < least else text
