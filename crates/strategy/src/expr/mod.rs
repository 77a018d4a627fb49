//! The rule language: text -> tokens ([`lexer`]) -> syntax tree ([`parser`], [`ast`])
//! -> resolved, type-checked condition ([`compile`]), evaluated by [`crate::eval`].

pub mod ast;
pub(crate) mod compile;
pub mod lexer;
pub mod parser;

pub use ast::Span;
