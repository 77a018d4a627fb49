//! Rule text -> tokens with char spans.

use super::ast::Span;

/// A token of the rule language. Keywords (`and or not`) arrive as [`Tok::Ident`].
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A number literal.
    Number(f64),
    /// A name, function or keyword (`and or not`).
    Ident(String),
    /// `.` (selects an indicator output).
    Dot,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// End of the rule; its span is one char past the end.
    Eof,
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
///
/// # Errors
/// `(span, message)` for a character that starts no token, with a hint for the
/// usual slips (`=`, `!`, `&&`, `||`).
pub fn lex(src: &str) -> Result<Vec<(Tok, Span)>, (Span, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let next = chars.get(i + 1).copied();
        let one = |t: Tok| {
            (
                t,
                Span {
                    start,
                    end: start + 1,
                },
            )
        };
        let two = |t: Tok| {
            (
                t,
                Span {
                    start,
                    end: start + 2,
                },
            )
        };
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            c if c.is_ascii_digit() || (c == '.' && next.is_some_and(|d| d.is_ascii_digit())) => {
                i = scan_number(&chars, i);
                let text: String = chars[start..i].iter().collect();
                let value = text
                    .parse::<f64>()
                    .map_err(|_| (Span { start, end: i }, format!("malformed number '{text}'")))?;
                out.push((Tok::Number(value), Span { start, end: i }));
                continue;
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                out.push((Tok::Ident(text), Span { start, end: i }));
                continue;
            }
            '.' => one(Tok::Dot),
            '(' => one(Tok::LParen),
            ')' => one(Tok::RParen),
            ',' => one(Tok::Comma),
            '+' => one(Tok::Plus),
            '-' => one(Tok::Minus),
            '*' => one(Tok::Star),
            '/' => one(Tok::Slash),
            '<' if next == Some('=') => two(Tok::Le),
            '<' => one(Tok::Lt),
            '>' if next == Some('=') => two(Tok::Ge),
            '>' => one(Tok::Gt),
            '=' if next == Some('=') => two(Tok::EqEq),
            '!' if next == Some('=') => two(Tok::Ne),
            _ => return Err(bad_char(&chars, i)),
        };
        i = tok.1.end;
        out.push(tok);
    }
    let end = Span {
        start: chars.len(),
        end: chars.len() + 1,
    };
    out.push((Tok::Eof, end));
    Ok(out)
}

/// End offset of the number starting at `i`: digits, optional fraction, optional exponent.
fn scan_number(chars: &[char], mut i: usize) -> usize {
    let digits = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    i = digits(i);
    if chars.get(i) == Some(&'.') {
        i = digits(i + 1);
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(|d| d.is_ascii_digit()) {
            i = digits(j);
        }
    }
    i
}

/// The error for a character that starts no token, with a hint when it is a common slip.
fn bad_char(chars: &[char], i: usize) -> (Span, String) {
    let pair: String = chars[i..chars.len().min(i + 2)].iter().collect();
    let (width, msg) = match pair.as_str() {
        "&&" => (2, "unexpected '&&'; use 'and'".to_string()),
        "||" => (2, "unexpected '||'; use 'or'".to_string()),
        _ => match chars[i] {
            '=' => (1, "unexpected '='; use '==' to compare".to_string()),
            '!' => (1, "unexpected '!'; use 'not' or '!='".to_string()),
            c => (1, format!("unexpected character '{c}'")),
        },
    };
    (
        Span {
            start: i,
            end: i + width,
        },
        msg,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn two_char_operators_win_over_one_char_ones() {
        assert_eq!(
            toks("a<=b>=c==d!=e<f>g"),
            vec![
                Tok::Ident("a".into()),
                Tok::Le,
                Tok::Ident("b".into()),
                Tok::Ge,
                Tok::Ident("c".into()),
                Tok::EqEq,
                Tok::Ident("d".into()),
                Tok::Ne,
                Tok::Ident("e".into()),
                Tok::Lt,
                Tok::Ident("f".into()),
                Tok::Gt,
                Tok::Ident("g".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers_take_fractions_and_exponents_but_not_a_following_name() {
        assert_eq!(
            toks("1.5e-3 .5 70 bb.upper"),
            vec![
                Tok::Number(1.5e-3),
                Tok::Number(0.5),
                Tok::Number(70.0),
                Tok::Ident("bb".into()),
                Tok::Dot,
                Tok::Ident("upper".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn spans_are_char_offsets_and_eof_sits_past_the_end() {
        let t = lex("ab >= 3").unwrap();
        let spans: Vec<(usize, usize)> = t.iter().map(|(_, s)| (s.start, s.end)).collect();
        assert_eq!(spans, vec![(0, 2), (3, 5), (6, 7), (7, 8)]);
    }

    #[test]
    fn common_slips_get_a_hint() {
        assert_eq!(
            lex("a = b").unwrap_err().1,
            "unexpected '='; use '==' to compare"
        );
        assert_eq!(lex("a && b").unwrap_err().1, "unexpected '&&'; use 'and'");
        assert_eq!(lex("a || b").unwrap_err().1, "unexpected '||'; use 'or'");
        assert_eq!(
            lex("a # b").unwrap_err(),
            (Span { start: 2, end: 3 }, "unexpected character '#'".into())
        );
    }
}
