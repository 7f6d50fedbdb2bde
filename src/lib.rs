//! taiyaku (対訳): a terminal reader for English–Japanese parallel texts.

pub mod article;
pub mod cli;
pub mod import;
pub mod layout;
pub mod text;
