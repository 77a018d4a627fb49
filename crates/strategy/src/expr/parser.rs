//! Tokens -> [`Expr`] by recursive descent. Grammar, loosest binding first:
//!
//! ```text
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | cmp
//! cmp     := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?   -- not chainable
//! sum     := product (("+" | "-") product)*                       -- left-assoc
//! product := unary (("*" | "/") unary)*                           -- left-assoc
//! unary   := "-" unary | primary
//! primary := number | name ("." name)? | name "(" or ("," or)* ")" | "(" or ")"
//! ```
//!
//! Hostile input: a run of one level (`a and b and ...`, `a + b + ...`) is read in a loop
//! into one flat [`ExprKind::Chain`], so its length costs no stack. What does recurse is
//! nesting: parentheses, call arguments, `not` and unary `-`; more than [`MAX_DEPTH`]
//! levels of it are refused with an error at the token that goes too deep, so no rule
//! can overflow the stack here, in the compiler or in the evaluators (their trees are
//! at most a few nodes per nesting level deep).

use super::ast::{BinOp, Expr, ExprKind, Span, UnOp};
use super::lexer::{lex, Tok};

/// The deepest nesting a rule may have: levels of parentheses, function calls, `not` and
/// unary `-`, counted together (`not (prev(-x, 1) > 0)` is 4 deep). Long runs of `and`,
/// `or`, `+`, ... do not nest and are not limited.
pub const MAX_DEPTH: usize = 128;

/// Parses one rule.
///
/// # Errors
/// `(span, message)` locating the first offending token, among them nesting deeper than
/// [`MAX_DEPTH`] (at the first token past it).
pub fn parse(src: &str) -> Result<Expr, (Span, String)> {
    let toks = lex(src)?;
    if toks.len() == 1 {
        return Err((toks[0].1, "empty rule".to_string()));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.or()?;
    match p.peek() {
        Tok::Eof => Ok(e),
        Tok::RParen => Err((p.span(), "unmatched ')'".to_string())),
        _ => Err((
            p.span(),
            format!("expected an operator, found {}", p.describe()),
        )),
    }
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    /// Nesting levels open at the current token (see [`MAX_DEPTH`]).
    depth: usize,
}

type PResult = Result<Expr, (Span, String)>;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn span(&self) -> Span {
        self.toks[self.pos].1
    }

    fn bump(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == kw)
    }

    fn describe(&self) -> String {
        match self.peek() {
            Tok::Eof => "the end of the rule".to_string(),
            Tok::Number(_) => "a number".to_string(),
            Tok::Ident(s) => format!("'{s}'"),
            Tok::Dot => "'.'".to_string(),
            Tok::LParen => "'('".to_string(),
            Tok::RParen => "')'".to_string(),
            Tok::Comma => "','".to_string(),
            t => format!("'{}'", tok_op(t).map(BinOp::symbol).unwrap_or("?")),
        }
    }

    fn binary(op: BinOp, l: Expr, r: Expr) -> Expr {
        let span = l.span.to(r.span);
        Expr {
            kind: ExprKind::Binary(op, Box::new(l), Box::new(r)),
            span,
        }
    }

    /// Runs `f` one nesting level deeper; `at` is the token that opens the level.
    ///
    /// # Errors
    /// At `at` when the level would be deeper than [`MAX_DEPTH`]; else `f`'s.
    fn nested(&mut self, at: Span, f: impl FnOnce(&mut Self) -> PResult) -> PResult {
        if self.depth >= MAX_DEPTH {
            return Err((
                at,
                format!(
                    "the rule nests too deeply: more than {MAX_DEPTH} levels of parentheses, \
                     function calls, 'not' and '-' (a run of 'and', 'or', '+', ... needs no \
                     parentheses)"
                ),
            ));
        }
        self.depth += 1;
        let e = f(self);
        self.depth -= 1;
        e
    }

    /// `operand (op operand)*` for the operators `op_at` recognises at the current token,
    /// read in a loop into one flat [`ExprKind::Chain`] (or the lone operand).
    fn chain(
        &mut self,
        op_at: fn(&Self) -> Option<BinOp>,
        operand: fn(&mut Self) -> PResult,
    ) -> PResult {
        let first = operand(self)?;
        let mut rest = Vec::new();
        while let Some(op) = op_at(self) {
            self.bump();
            rest.push((op, operand(self)?));
        }
        let Some((_, last)) = rest.last() else {
            return Ok(first);
        };
        let span = first.span.to(last.span);
        Ok(Expr {
            kind: ExprKind::Chain {
                first: Box::new(first),
                rest,
            },
            span,
        })
    }

    fn or(&mut self) -> PResult {
        self.chain(|p| p.is_keyword("or").then_some(BinOp::Or), Self::and)
    }

    fn and(&mut self) -> PResult {
        self.chain(|p| p.is_keyword("and").then_some(BinOp::And), Self::not)
    }

    fn not(&mut self) -> PResult {
        if self.is_keyword("not") {
            let (_, s) = self.bump();
            let e = self.nested(s, Self::not)?;
            let span = s.to(e.span);
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Not, Box::new(e)),
                span,
            });
        }
        self.cmp()
    }

    fn cmp(&mut self) -> PResult {
        let l = self.sum()?;
        let Some(op) = tok_op(self.peek()).filter(|o| is_comparison(*o)) else {
            return Ok(l);
        };
        self.bump();
        let r = self.sum()?;
        if tok_op(self.peek()).is_some_and(is_comparison) {
            return Err((
                self.span(),
                "comparisons cannot be chained; join them with 'and'".to_string(),
            ));
        }
        Ok(Self::binary(op, l, r))
    }

    fn sum(&mut self) -> PResult {
        self.chain(
            |p| tok_op(p.peek()).filter(|o| matches!(o, BinOp::Add | BinOp::Sub)),
            Self::product,
        )
    }

    fn product(&mut self) -> PResult {
        self.chain(
            |p| tok_op(p.peek()).filter(|o| matches!(o, BinOp::Mul | BinOp::Div)),
            Self::unary,
        )
    }

    fn unary(&mut self) -> PResult {
        if *self.peek() == Tok::Minus {
            let (_, s) = self.bump();
            let e = self.nested(s, Self::unary)?;
            let span = s.to(e.span);
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Neg, Box::new(e)),
                span,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> PResult {
        let (tok, span) = self.bump();
        match tok {
            Tok::Number(v) => Ok(Expr {
                kind: ExprKind::Number(v),
                span,
            }),
            Tok::LParen => {
                let inner = self.nested(span, Self::or)?;
                self.expect_rparen(span)?;
                Ok(inner)
            }
            Tok::Ident(name) if is_reserved_keyword(&name) => {
                Err((span, format!("expected a value, found keyword '{name}'")))
            }
            Tok::Ident(name) => match self.peek() {
                Tok::LParen => self.nested(span, |p| p.call(name, span)),
                Tok::Dot => {
                    self.bump();
                    match self.bump() {
                        (Tok::Ident(out), out_span) => Ok(Expr {
                            kind: ExprKind::Name {
                                name,
                                output: Some((out, out_span)),
                            },
                            span: span.to(out_span),
                        }),
                        (_, s) => Err((s, format!("expected an output name after '{name}.'"))),
                    }
                }
                _ => Ok(Expr {
                    kind: ExprKind::Name { name, output: None },
                    span,
                }),
            },
            _ => {
                self.pos -= usize::from(tok != Tok::Eof);
                Err((span, format!("expected a value, found {}", self.describe())))
            }
        }
    }

    fn call(&mut self, func: String, func_span: Span) -> PResult {
        let (_, open) = self.bump();
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                args.push(self.or()?);
                if *self.peek() == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        let close = self.expect_rparen(open)?;
        Ok(Expr {
            kind: ExprKind::Call {
                func,
                func_span,
                args,
            },
            span: func_span.to(close),
        })
    }

    /// Consumes `)` or reports the `(` at `open` as unclosed.
    fn expect_rparen(&mut self, open: Span) -> Result<Span, (Span, String)> {
        match self.peek() {
            Tok::RParen => Ok(self.bump().1),
            Tok::Eof => Err((open, "'(' is never closed".to_string())),
            _ => Err((
                self.span(),
                format!("expected ')' or an operator, found {}", self.describe()),
            )),
        }
    }
}

fn tok_op(t: &Tok) -> Option<BinOp> {
    Some(match t {
        Tok::Lt => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Gt => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::EqEq => BinOp::Eq,
        Tok::Ne => BinOp::Ne,
        Tok::Plus => BinOp::Add,
        Tok::Minus => BinOp::Sub,
        Tok::Star => BinOp::Mul,
        Tok::Slash => BinOp::Div,
        _ => return None,
    })
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne
    )
}

/// Words that are operators, so they cannot be names.
pub fn is_reserved_keyword(word: &str) -> bool {
    matches!(word, "and" | "or" | "not")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> String {
        parse(src).unwrap().parenthesised()
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert_eq!(
            p("a > 1 or b > 2 and c > 3"),
            "((a > 1) or ((b > 2) and (c > 3)))"
        );
    }

    #[test]
    fn not_binds_tighter_than_and_but_looser_than_comparison() {
        assert_eq!(p("not a > 1 and b < 2"), "((not (a > 1)) and (b < 2))");
    }

    #[test]
    fn arithmetic_follows_school_precedence_and_left_associativity() {
        assert_eq!(
            p("a - b - c * d / e > 0"),
            "(((a - b) - ((c * d) / e)) > 0)"
        );
        assert_eq!(p("(a - b) * 2 < 1"), "(((a - b) * 2) < 1)");
    }

    #[test]
    fn unary_minus_binds_tightest() {
        assert_eq!(p("-a * 2 > --b"), "(((-a) * 2) > (-(-b)))");
    }

    #[test]
    fn calls_and_dotted_outputs_parse_as_operands() {
        assert_eq!(
            p("crossover(m.macd, m.signal) and prev(close, 2) < bb.lower"),
            "(crossover(m.macd, m.signal) and (prev(close, 2) < bb.lower))"
        );
    }

    #[test]
    fn spans_cover_the_whole_node() {
        let e = parse("x and crossover(a, b)").unwrap();
        let ExprKind::Chain { rest, .. } = &e.kind else {
            panic!()
        };
        let r = &rest[0].1;
        assert_eq!((e.span.start, e.span.end), (0, 21));
        assert_eq!((r.span.start, r.span.end), (6, 21));
    }

    fn err(src: &str) -> (usize, usize, String) {
        let (s, m) = parse(src).unwrap_err();
        (s.start, s.end, m)
    }

    #[test]
    fn syntax_errors_point_at_the_offending_token() {
        assert_eq!(err(""), (0, 1, "empty rule".into()));
        assert_eq!(
            err("a < b < c"),
            (
                6,
                7,
                "comparisons cannot be chained; join them with 'and'".into()
            )
        );
        assert_eq!(err("(a > b"), (0, 1, "'(' is never closed".into()));
        assert_eq!(err("a > b)"), (5, 6, "unmatched ')'".into()));
        assert_eq!(
            err("a > "),
            (4, 5, "expected a value, found the end of the rule".into())
        );
        assert_eq!(err("a b"), (2, 3, "expected an operator, found 'b'".into()));
        assert_eq!(
            err("a > and"),
            (4, 7, "expected a value, found keyword 'and'".into())
        );
        assert_eq!(
            err("bb. > 1"),
            (4, 5, "expected an output name after 'bb.'".into())
        );
        assert_eq!(
            err("f(a b)"),
            (4, 5, "expected ')' or an operator, found 'b'".into())
        );
    }

    #[test]
    fn runs_of_one_level_are_flat_chains() {
        assert_eq!(
            p("a + b - c * d / e > 0"),
            "(((a + b) - ((c * d) / e)) > 0)"
        );
        let rule = vec!["x > 1"; 20_000].join(" and ");
        let ExprKind::Chain { first, rest } = parse(&rule).unwrap().kind else {
            panic!("not a chain")
        };
        assert!(matches!(first.kind, ExprKind::Binary(BinOp::Gt, ..)));
        assert_eq!(rest.len(), 19_999);
        assert!(rest.iter().all(|(op, _)| *op == BinOp::And));
    }

    #[test]
    fn nesting_up_to_the_limit_parses_and_one_more_level_is_refused_where_it_starts() {
        let parens = |n: usize| format!("{}x > 1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(p(&parens(MAX_DEPTH)), "(x > 1)");
        let msg = format!(
            "the rule nests too deeply: more than {MAX_DEPTH} levels of parentheses, function \
             calls, 'not' and '-' (a run of 'and', 'or', '+', ... needs no parentheses)"
        );
        assert_eq!(err(&parens(MAX_DEPTH + 1)), (128, 129, msg.clone()));
        assert_eq!(err(&parens(4_000)), (128, 129, msg.clone()));
        // Every kind of level counts, together: 64 `not`s, then 64 `-`s... is 128 + 1.
        let mixed = format!("{}prev({}x, 1) > 0", "not ".repeat(64), "-".repeat(64));
        assert_eq!(err(&mixed).2, msg);
        let ok = format!("{}prev({}x, 1) > 0", "not ".repeat(64), "-".repeat(63));
        assert!(parse(&ok).is_ok());
        assert_eq!(err(&format!("{}x", "-".repeat(20_000))).0, 128);
    }
}
