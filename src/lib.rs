//! taiyaku (対訳): a terminal reader for English–Japanese parallel texts.

pub mod align;
pub mod app;
pub mod article;
pub mod bookmarks;
pub mod cli;
pub mod config;
pub mod correct;
pub mod date;
pub mod editor;
pub mod effects;
pub mod export;
pub mod headings;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod script;
pub mod search;
pub mod sentence;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
