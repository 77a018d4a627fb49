//! Syntax tree of a rule expression, as written (names not yet resolved).

/// Half-open range `[start, end)` of char offsets into the rule text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First char offset (inclusive).
    pub start: usize,
    /// One past the last char offset.
    pub end: usize,
}

impl Span {
    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Binary operators, loosest first: `or`, `and`, comparisons, `+ -`, `* /`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// Logical `or` (Kleene three-valued).
    Or,
    /// Logical `and` (Kleene three-valued).
    And,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinOp {
    /// The operator as written in a rule.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// Unary operators: logical `not`, arithmetic `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// Logical `not`.
    Not,
    /// Arithmetic negation `-x`.
    Neg,
}

/// One node with the span of the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

impl Expr {
    /// The node fully parenthesised, runs left-deep: `a + b - c` is `((a + b) - c)`,
    /// `not x` is `(not x)`. For tests and diagnostics that assert grouping (recursive: meant
    /// for trees the parser accepted, whose depth is bounded by `parser::MAX_DEPTH`).
    pub fn parenthesised(&self) -> String {
        match &self.kind {
            ExprKind::Number(v) => format!("{v}"),
            ExprKind::Name { name, output: None } => name.clone(),
            ExprKind::Name {
                name,
                output: Some((o, _)),
            } => format!("{name}.{o}"),
            ExprKind::Unary(UnOp::Not, x) => format!("(not {})", x.parenthesised()),
            ExprKind::Unary(UnOp::Neg, x) => format!("(-{})", x.parenthesised()),
            ExprKind::Binary(op, l, r) => {
                format!(
                    "({} {} {})",
                    l.parenthesised(),
                    op.symbol(),
                    r.parenthesised()
                )
            }
            ExprKind::Chain { first, rest } => {
                rest.iter().fold(first.parenthesised(), |l, (op, r)| {
                    format!("({l} {} {})", op.symbol(), r.parenthesised())
                })
            }
            ExprKind::Call { func, args, .. } => {
                let a: Vec<String> = args.iter().map(Expr::parenthesised).collect();
                format!("{func}({})", a.join(", "))
            }
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal.
    Number(f64),
    /// `name` or `name.output`; `output_span` locates the part after the dot.
    Name {
        /// The name as written.
        name: String,
        /// The output after the dot and its span, if any.
        output: Option<(String, Span)>,
    },
    /// A unary operator and its operand.
    Unary(UnOp, Box<Expr>),
    /// A comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`) and its operands (left, right);
    /// comparisons do not chain. (The compiler also accepts the other operators here, as a
    /// [`ExprKind::Chain`] of one.)
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A run of left-associative operators of one precedence level, `first op1 x1 op2 x2 ...`
    /// = `((first op1 x1) op2 x2) ...`: `or`s, `and`s, `+`/`-` or `*`/`/`; `rest` is not empty.
    /// Flat rather than a left-deep tree, so that a run of any length (20,000 `and`s) is
    /// built, compiled, evaluated and dropped without recursion.
    Chain {
        /// The leftmost operand.
        first: Box<Expr>,
        /// Each following operator with its right operand, in order.
        rest: Vec<(BinOp, Expr)>,
    },
    /// `func(args...)`; `func_span` locates the function name.
    Call {
        /// The function name as written.
        func: String,
        /// Where the function name was written.
        func_span: Span,
        /// The arguments in order.
        args: Vec<Expr>,
    },
}
