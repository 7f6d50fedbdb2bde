//! taiyaku (対訳): a terminal reader for English–Japanese parallel texts.

pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod search;
pub mod text;
pub mod tui;
pub mod ui;
