//! The text engine: decoding, sanitizing, measuring and wrapping untrusted text.

pub mod decode;
pub mod sanitize;
pub mod scan;
pub mod sentences;
pub mod width;
pub mod wrap;

pub use decode::{DecodeError, Decoded, decode};
pub use sanitize::sanitize;
pub use sentences::{english, japanese};
pub use width::{AmbiguousWidth, byte_at_cell, cell_width, str_width, tail_within, truncate_to};
pub use wrap::{Line, wrap};
