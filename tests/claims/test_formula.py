"""The formula language of derived figures: what each piece of text parses to, what each
operator and function computes on intervals and on figures read as printed, the text the book
shows, and the exact message of each kind of bad formula."""

from __future__ import annotations

import pytest

from ngoclaims.claims import schema
from ngoclaims.claims.formula import (
    FUNCTIONS,
    BinOp,
    Call,
    FormulaError,
    Lookup,
    Num,
    Ref,
    Token,
    evaluate,
    ids,
    kind,
    parse,
    render,
    tokenize,
)
from ngoclaims.claims.intervals import INF, Interval, point

A, B, C = Ref("a"), Ref("b"), Ref("c")

FIGURES = {
    "a": Interval(2, 4),
    "b": Interval(1, 2, hi_open=True),
    "c": Interval(5, INF, lo_open=True),
    "neg": Interval(-0.5, 0.25),
    "r1": Interval(5, 10),
    "r2": Interval(10, 20),
}
PRINTED = {"a": 3.0, "b": 1.5, "c": 5.0, "neg": -0.125, "r1": 7.0, "r2": 12.0}
PERIODS = {"a": (2000, 2000), "b": (2003, 2009), "open": (None, 2016), "now": (None, None)}


def lookup(printed: bool = False) -> Lookup:
    def figure(key: str) -> Interval:
        return point(PRINTED[key]) if printed else FIGURES[key]

    return Lookup(figure, PERIODS.__getitem__, printed)


def value(text: str, printed: bool = False):
    return evaluate(parse(text), lookup(printed))


def error(text: str) -> str:
    with pytest.raises(FormulaError) as err:
        parse(text)
    return str(err.value)


# --- reading the text --------------------------------------------------------------------------
def test_tokens_carry_their_kind_text_and_first_character():
    assert tokenize(" {kz-a.1_b} ** 0.01×f_2(,)^-+/*") == [
        Token("ref", "{kz-a.1_b}", 2),
        Token("op", "**", 13),
        Token("number", "0.01", 16),
        Token("op", "×", 20),
        Token("name", "f_2", 21),
        Token("op", "(", 24),
        Token("op", ",", 25),
        Token("op", ")", 26),
        Token("op", "^", 27),
        Token("op", "-", 28),
        Token("op", "+", 29),
        Token("op", "/", 30),
        Token("op", "*", 31),
        Token("end", "", 32),
    ]
    assert tokenize("") == [Token("end", "", 1)]
    assert tokenize("  ") == [Token("end", "", 3)]


@pytest.mark.parametrize(
    "text, tree",
    [
        ("{a}", A),
        ("{a} + {b}", BinOp("+", A, B)),
        ("{a} - {b}", BinOp("-", A, B)),
        ("{a} * {b}", BinOp("*", A, B)),
        ("{a} × {b}", BinOp("*", A, B)),
        ("{a} / {b}", BinOp("/", A, B)),
        ("{a} ** 2", BinOp("**", A, Num("2"))),
        ("{a}^0.5", BinOp("**", A, Num("0.5"))),
        ("{a}+{b}*{c}", BinOp("+", A, BinOp("*", B, C))),
        ("{a} * {b} + {c}", BinOp("+", BinOp("*", A, B), C)),
        ("{a} - {b} - {c}", BinOp("-", BinOp("-", A, B), C)),
        ("{a} - {b} + {c}", BinOp("+", BinOp("-", A, B), C)),
        ("{a} / {b} / {c}", BinOp("/", BinOp("/", A, B), C)),
        ("{a} / {b} * {c}", BinOp("*", BinOp("/", A, B), C)),
        ("{a} - ({b} - {c})", BinOp("-", A, BinOp("-", B, C))),
        ("({a} + {b}) * {c}", BinOp("*", BinOp("+", A, B), C)),
        ("{a} ** 2 ** 3", BinOp("**", A, BinOp("**", Num("2"), Num("3")))),
        ("({a} ** 2) ** 3", BinOp("**", BinOp("**", A, Num("2")), Num("3"))),
        ("2 * {a} ^ 3", BinOp("*", Num("2"), BinOp("**", A, Num("3")))),
        ("{a} ^ 3 * 2", BinOp("*", BinOp("**", A, Num("3")), Num("2"))),
        ("{a} + 1 - 0.25", BinOp("-", BinOp("+", A, Num("1")), Num("0.25"))),
        ("((({a})))", A),
        ("share({a}, {b})", Call("share", (A, B))),
        ("prices({a})", Call("prices", (A,))),
        ("prices({a}, {b}, {c})", Call("prices", (A, B, C))),
        ("year({a}) - 1 + {b}", BinOp("+", BinOp("-", Call("year", (A,)), Num("1")), B)),
        ("growth({a} + {b}, {c})", Call("growth", (BinOp("+", A, B), C))),
    ],
)
def test_each_operator_and_its_precedence(text, tree):
    assert parse(text) == tree


def test_the_ids_a_formula_names_in_order_with_repeats():
    assert ids(parse("growth({a}, {b}) / {a} + year({c}) * 2")) == ["a", "b", "a", "c"]
    assert ids(Num("1")) == []


def test_kind_is_a_figure_when_any_part_reads_one():
    assert kind(Num("1")) == "a number"
    assert kind(A) == "a figure"
    assert kind(BinOp("+", Num("1"), Num("2"))) == "a number"
    assert kind(BinOp("+", Num("1"), A)) == "a figure"
    assert kind(BinOp("+", A, Num("1"))) == "a figure"
    assert kind(Call("years", (A,))) == "a number"
    assert kind(Call("share", (A, B))) == "a figure"


# --- the text the book shows ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, shown",
    [
        ("{a}+{b}", "{a} + {b}"),
        ("{a}*{b}", "{a} × {b}"),
        ("{a}-{b}-{c}", "{a} - {b} - {c}"),
        ("{a}-({b}-{c})", "{a} - ({b} - {c})"),
        ("{a}-({b}+{c})", "{a} - ({b} + {c})"),
        ("({a}+{b})-{c}", "{a} + {b} - {c}"),
        ("{a}+({b}*{c})", "{a} + {b} × {c}"),
        ("({a}+{b})*{c}", "({a} + {b}) × {c}"),
        ("({a}-{b})/{c}", "({a} - {b}) / {c}"),
        ("{a}/({b}*{c})", "{a} / ({b} × {c})"),
        ("({a}/{b})*{c}", "{a} / {b} × {c}"),
        ("{a}*({b}/{c})", "{a} × ({b} / {c})"),
        ("{a}**2", "{a}^2"),
        ("{a}^(1/2)", "{a}^(1 / 2)"),
        ("{a}^(2*3)", "{a}^(2 × 3)"),
        ("{a}^(2-1)", "{a}^(2 - 1)"),
        ("{a}^2^3", "{a}^2^3"),
        ("({a}^2)^3", "({a}^2)^3"),
        ("({a}*{b})^2", "({a} × {b})^2"),
        ("{a}*{b}^2", "{a} × {b}^2"),
        ("2*{a}^3", "2 × {a}^3"),
        ("0.000001 * {a}", "0.000001 × {a}"),
        ("cagr({a},{b},year({b})-year({a}))", "cagr({a}, {b}, year({b}) - year({a}))"),
    ],
)
def test_the_book_shows_the_tree_with_only_the_parentheses_it_needs(text, shown):
    assert render(parse(text)) == shown
    assert parse(shown) == parse(text)


# --- computing on intervals ----------------------------------------------------------------------
def test_each_operator_on_two_figures():
    a, b = FIGURES["a"], FIGURES["b"]
    assert value("{a} + {b}") == a + b == Interval(3, 6, hi_open=True)
    assert value("{a} - {b}") == a - b == Interval(0, 3, lo_open=True)
    assert value("{a} * {b}") == a * b == Interval(2, 8, hi_open=True)
    assert value("{a} / {b}") == a / b == Interval(1, 4, lo_open=True)
    assert value("{a} × {c}") == Interval(10, INF, lo_open=True)


def test_a_figure_and_a_number():
    a = FIGURES["a"]
    assert value("{a} ** 2") == Interval(4, 16)
    assert value("{a} ^ 0.5") == a.power(0.5)
    assert value("{a} + 1") == Interval(3, 5)
    assert value("1 + {a}") == Interval(3, 5)
    assert value("{a} - 1") == Interval(1, 3)
    assert value("5 - {a}") == Interval(1, 3)
    assert value("{a} / 2") == Interval(1, 2)
    assert value("8 / {a}") == Interval(2, 4)
    assert value("{a} * 3") == Interval(6, 12)
    assert value("3 * {a}") == Interval(6, 12)
    assert value("0 * {c}") == point(0)


def test_a_number_times_a_figure_scales_it_even_below_zero():
    # interval multiplication is for non-negative intervals; scaling a change is not
    assert value("100 * {neg}") == Interval(-50, 25)
    assert value("{neg} * 100") == Interval(-50, 25)
    with pytest.raises(ValueError, match="non-negative"):
        value("{neg} * {a}")


def test_numbers_among_themselves():
    assert evaluate(BinOp("+", Num("7"), Num("2")), lookup()) == 9
    assert evaluate(BinOp("-", Num("7"), Num("2")), lookup()) == 5
    assert evaluate(BinOp("*", Num("7"), Num("2")), lookup()) == 14
    assert evaluate(BinOp("/", Num("7"), Num("2")), lookup()) == 3.5
    assert evaluate(BinOp("**", Num("2"), Num("3")), lookup()) == 8
    assert evaluate(Num("0.25"), lookup()) == 0.25
    assert value("{a} ^ (6 / (2 + 1) - 1)") == Interval(2, 4)
    with pytest.raises(ValueError):
        evaluate(BinOp("**", Num("0"), BinOp("-", Num("0"), Num("1"))), lookup())


def test_each_function():
    a, b, c = FIGURES["a"], FIGURES["b"], FIGURES["c"]
    assert value("growth({b}, {a})") == a / b
    assert value("cagr({a}, {c}, 2)") == (c / a).power(1 / 2).shift(-1)
    assert value("share({b}, {a})") == Interval(25, 100, hi_open=True)
    assert value("share({c}, {a})") == point(100)
    assert value("percent_of({r1}, {r2})") == Interval(0.5, 2)
    assert value("prices({r1})") == Interval(1.05, 1.1)
    assert value("prices({r1}, {r2})") == Interval(1.05 * 1.1, 1.1 * 1.2)
    assert value("at_least({a}, 0.5)") == Interval(1, INF)
    assert value("{a} + year({a})") == Interval(2002, 2004)
    assert value("{a} + year({b})") == Interval(2005, 2007)
    assert value("{a} + end_year({b})") == Interval(2011, 2013)
    assert value("{a} + years({b})") == Interval(9, 11)
    assert value("{a} + years({a})") == Interval(3, 5)
    assert value("{a} + end_year({open})") == Interval(2018, 2020)


def test_a_year_function_needs_the_year_it_reads():
    with pytest.raises(FormulaError) as err:
        value("{a} + year({open})")
    assert str(err.value) == "expected an id whose period has a known first year; {open} has none"
    with pytest.raises(FormulaError) as err:
        value("{a} + end_year({now})")
    assert str(err.value) == "expected an id whose period has a known last year; {now} has none"
    with pytest.raises(FormulaError, match="known first year"):
        value("{a} + years({open})")


def test_the_figures_read_as_printed():
    assert value("{a} / {b}", printed=True) == point(2)
    assert value("growth({b}, {a}) - 1", printed=True) == point(1)
    assert value("100 * {neg}", printed=True) == point(-12.5)
    # a premise's bound widens the interval only: read as printed, the figure is itself
    assert value("at_least({a}, 0.5)", printed=True) == point(3)
    assert value("at_least({a} / 2, 0.5)", printed=True) == point(1.5)
    assert Lookup(FIGURES.__getitem__, PERIODS.__getitem__).printed is False


def test_functions_name_their_signature():
    assert {n: f.signature for n, f in FUNCTIONS.items()} == {
        "growth": "growth(start, end)",
        "cagr": "cagr(start, end, years)",
        "share": "share(part, whole)",
        "percent_of": "percent_of(percent, whole)",
        "prices": "prices(rate, ...)",
        "at_least": "at_least(x, fraction)",
        "year": "year(id)",
        "end_year": "end_year(id)",
        "years": "years(id)",
    }


# --- bad formulas, each with its message ---------------------------------------------------------
@pytest.mark.parametrize(
    "text, message",
    [
        ("", "expected a number, an id in braces, a function or '(' at character 1; got the end"),
        (
            "{a} +",
            "expected a number, an id in braces, a function or '(' at character 6; got the end",
        ),
        (
            "{a} * )",
            "expected a number, an id in braces, a function or '(' at character 7; got ')'",
        ),
        ("({a} + 1", "expected ')' at character 9; got the end"),
        ("({a} + 1 {b}", "expected ')' at character 10; got '{b}'"),
        ("{a} {b}", "expected an operator, ')' or the end at character 5; got '{b}'"),
        ("{a})", "expected an operator, ')' or the end at character 4; got ')'"),
        (
            "{a} % 2",
            "expected a number, an id in braces, a function, an operator (+ - * × / ** ^), "
            "a comma or a parenthesis at character 5; got '%'",
        ),
        (
            "{a} + {b c} - 1",
            "expected an id of letters, digits, '.', '_' and '-' in braces at character 7; "
            "got '{b c}'",
        ),
        (  # the bad id alone, up to its own closing brace, not the next id's
            "{a} + {b c} - {d}",
            "expected an id of letters, digits, '.', '_' and '-' in braces at character 7; "
            "got '{b c}'",
        ),
        (
            "{a} + {b",
            "expected an id of letters, digits, '.', '_' and '-' in braces at character 7; "
            "got '{b'",
        ),
        (
            "{a} + {} - 1",
            "expected an id of letters, digits, '.', '_' and '-' in braces at character 7; got '{}'",
        ),
        ("1 + 2", "expected a formula over figures (ids in braces); this one is a number"),
        ("year({a})", "expected a formula over figures (ids in braces); this one is a number"),
        (
            "2 ^ {a}",
            "expected a number as the exponent of '^' at character 3; got a figure",
        ),
        (
            "{a} ** (1 + {b})",
            "expected a number as the exponent of '**' at character 5; got a figure",
        ),
        (
            "growth({a}, {b},)",
            "expected a number, an id in braces, a function or '(' at character 17; got ')'",
        ),
        ("year + {a}", "expected '(' at character 6; got '+'"),
        ("share({a} {b})", "expected ')' at character 11; got '{b}'"),
    ],
)
def test_a_bad_formula_says_what_was_expected(text, message):
    assert error(text) == message


@pytest.mark.parametrize("name", ["foo", "eval", "__import__", "a", "Share"])
def test_only_the_listed_functions_may_be_called(name):
    assert error(f"{{a}} + {name}({{b}})") == (
        "expected one of the functions growth, cagr, share, percent_of, prices, at_least, year, "
        f"end_year, years at character 7; got '{name}' (an id goes in braces)"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("growth({a})", "expected 2 arguments to growth(start, end) at character 1; got 1"),
        ("cagr({a}, {b})", "expected 3 arguments to cagr(start, end, years) at character 1; got 2"),
        (
            "share({a}, {b}, {c})",
            "expected 2 arguments to share(part, whole) at character 1; got 3",
        ),
        (
            "percent_of({a})",
            "expected 2 arguments to percent_of(percent, whole) at character 1; got 1",
        ),
        ("at_least({a})", "expected 2 arguments to at_least(x, fraction) at character 1; got 1"),
        ("{a} + year({a}, {b})", "expected 1 argument to year(id) at character 7; got 2"),
        ("{a} + end_year({a}, {b})", "expected 1 argument to end_year(id) at character 7; got 2"),
        ("{a} + years({a}, {b})", "expected 1 argument to years(id) at character 7; got 2"),
    ],
)
def test_each_function_takes_its_number_of_arguments(text, message):
    assert error(text) == message


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "share({a}, 2)",
            "expected a figure as argument 2 of share(part, whole) at character 1; got a number",
        ),
        (
            "growth(1, {a})",
            "expected a figure as argument 1 of growth(start, end) at character 1; got a number",
        ),
        (
            "cagr({a}, {b}, {c})",
            "expected a number as argument 3 of cagr(start, end, years) at character 1; got a figure",
        ),
        (
            "at_least({a}, {b})",
            "expected a number as argument 2 of at_least(x, fraction) at character 1; got a figure",
        ),
        (
            "prices({a}, 1)",
            "expected a figure as argument 2 of prices(rate, ...) at character 1; got a number",
        ),
        (
            "{a} + year({a} + 1)",
            "expected an id in braces as argument 1 of year(id) at character 7; got a figure",
        ),
        (
            "{a} + years(2000)",
            "expected an id in braces as argument 1 of years(id) at character 7; got a number",
        ),
    ],
)
def test_each_argument_is_of_its_kind(text, message):
    assert error(text) == message


def test_the_data_dictionary_names_every_function():
    described = schema.DERIVED.column("formula").description
    assert described.endswith("the functions " + ", ".join(FUNCTIONS))


def test_the_worked_formula_writes_each_id_and_each_year_function_as_given():
    node = parse("100 × cagr({a}, {b}, year({b}) - end_year({a})) / years({c}) + {a}")
    shown = render(node, lambda key: key.upper(), lambda call: f"<{call.name} {call.args[0].key}>")
    assert shown == "100 × cagr(A, B, <year b> - <end_year a>) / <years c> + A"
    # without a year function the calls stay, their ids written by name
    assert render(node, lambda key: key.upper()) == (
        "100 × cagr(A, B, year(B) - end_year(A)) / years(C) + A"
    )
    # and by default the ids stay in braces
    assert render(parse("{a} / (year({b}) - 1)")) == "{a} / (year({b}) - 1)"
