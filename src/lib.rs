//! taiyaku (対訳): a terminal reader for English–Japanese parallel texts.

pub mod article;
pub mod import;
pub mod text;
