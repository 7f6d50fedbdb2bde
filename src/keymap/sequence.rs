//! Key sequences (`g g`) and what is typed towards a command: a count (`10j`) and the start of
//! a sequence, resolved key by key as vim does, without a timeout.
//!
//! A key bound by itself that also starts a longer sequence of the same command (`g`, and `g g`
//! for vim's hands) acts at once, and the rest of the sequence then does nothing more: `5g` and
//! `5gg` both go to paragraph 5. A key that only starts sequences waits for the next one.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Command, Context, Key, Keymap};

/// The largest count kept: more digits leave it there.
pub const MAX_COUNT: usize = 9_999_999;

/// A binding: one key, or keys typed one after another (`g g`, written with spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Keys(Vec<Key>);

impl Keys {
    pub fn one(key: Key) -> Keys {
        Keys(vec![key])
    }

    pub fn keys(&self) -> &[Key] {
        &self.0
    }

    /// These keys, then `other`'s.
    #[must_use]
    pub fn followed_by(&self, other: &Keys) -> Keys {
        Keys([self.0.as_slice(), other.keys()].concat())
    }

    /// The keys as the config file writes them, spaced (`g g`).
    pub fn written(&self) -> String {
        let names: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        names.join(" ")
    }

    /// Whether these keys begin with all of `prefix` and go on after it.
    pub fn extends(&self, prefix: &[Key]) -> bool {
        self.0.len() > prefix.len() && self.0.starts_with(prefix)
    }
}

impl From<Key> for Keys {
    fn from(key: Key) -> Keys {
        Keys::one(key)
    }
}

impl FromStr for Keys {
    type Err = String;

    /// A key (`j`, `Ctrl-d`, a lone space), or keys separated by spaces (`g g`, `Ctrl-w j`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(key) = s.parse::<Key>() {
            return Ok(Keys::one(key));
        }
        let keys = s
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<Key>, _>>()?;
        if keys.is_empty() {
            return Err(format!("unknown key '{}'", s.escape_debug()));
        }
        Ok(Keys(keys))
    }
}

impl fmt::Display for Keys {
    /// Keys that are each one character run together (`gg`, `''`); others are spaced
    /// (`Ctrl-w j`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        let short = names.iter().all(|n| n.chars().count() == 1);
        f.write_str(&names.join(if short { "" } else { " " }))
    }
}

/// What has been typed towards a command and is waiting for more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// The count typed before the command (`10` of `10j`).
    pub count: Option<usize>,
    /// The keys of a sequence typed so far.
    keys: Vec<Key>,
    /// The command those keys ran already: they are bound by themselves too (`g` of `g g`).
    ran: Option<Command>,
}

impl Pending {
    /// Whether a count or an unfinished sequence waits (what Esc cancels).
    pub fn is_waiting(&self) -> bool {
        self.count.is_some() || (!self.keys.is_empty() && self.ran.is_none())
    }

    /// What the status bar shows while keys wait, as vim's showcmd does: `10`, `2g`.
    pub fn shown(&self) -> Option<String> {
        if !self.is_waiting() {
            return None;
        }
        let count = self.count.map(|n| n.to_string()).unwrap_or_default();
        let keys = if self.ran.is_none() && !self.keys.is_empty() {
            Keys(self.keys.clone()).to_string()
        } else {
            String::new()
        };
        Some(format!("{count}{keys}"))
    }
}

/// What a key press comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// Run the command, with the count typed before it; then `Pending` waits.
    Run(Command, Pending),
    /// Nothing runs yet; this is what waits now (a count grew, a sequence began, or Esc or a
    /// key that leads nowhere cleared what waited).
    Wait(Pending),
    /// The key means nothing here, and nothing waited.
    Nothing,
}

/// What a sequence of keys is in a table.
enum Found {
    /// Bound to a command; `longer` if a longer sequence starts with it.
    Bound {
        command: Command,
        longer: bool,
    },
    /// Only the start of longer sequences.
    Start,
    None,
}

impl Keymap {
    /// What `key`, pressed on a screen after `pending`, comes to. Screens that take counts
    /// (`Context::takes_counts`) read digits as one, unless a digit is bound there and no count
    /// has begun (as vim's `0`); Esc cancels what waits.
    pub fn resolve(&self, context: Context, pending: &Pending, key: Key) -> Typed {
        let esc = Key {
            code: KeyCode::Esc,
            modifiers: KeyModifiers::NONE,
        };
        if key == esc && pending.is_waiting() {
            return Typed::Wait(Pending::default());
        }
        if !pending.keys.is_empty() {
            if let Some(typed) = self.continued(context, pending, key) {
                return typed;
            }
            if pending.ran.is_none() {
                // A sequence that leads nowhere is dropped with its count, as vim does.
                return Typed::Wait(Pending::default());
            }
        }
        let counting = pending.count.filter(|_| pending.keys.is_empty());
        if let Some(digit) = self.count_digit(context, counting, key) {
            let count = counting.unwrap_or(0).saturating_mul(10) + digit;
            return Typed::Wait(Pending {
                count: Some(count.min(MAX_COUNT)),
                ..Pending::default()
            });
        }
        let count = counting;
        match self.find(context, &[key]) {
            Found::Bound { command, longer } => {
                Typed::Run(command, armed(longer, vec![key], command))
            }
            Found::Start => Typed::Wait(Pending {
                count,
                keys: vec![key],
                ran: None,
            }),
            Found::None if count.is_some() => Typed::Wait(Pending::default()),
            Found::None => Typed::Nothing,
        }
    }

    /// `key` after the keys of a sequence: `None` if it does not continue any.
    fn continued(&self, context: Context, pending: &Pending, key: Key) -> Option<Typed> {
        let mut keys = pending.keys.clone();
        keys.push(key);
        Some(match self.find(context, &keys) {
            // The start of the sequence ran this command already: the rest adds nothing.
            Found::Bound { command, longer } if pending.ran == Some(command) => {
                Typed::Wait(if longer {
                    Pending {
                        keys,
                        ran: Some(command),
                        count: None,
                    }
                } else {
                    Pending::default()
                })
            }
            Found::Bound { command, longer } => Typed::Run(command, armed(longer, keys, command)),
            Found::Start => Typed::Wait(Pending {
                keys,
                ..pending.clone()
            }),
            Found::None => return None,
        })
    }

    /// The digit `key` stands for as part of a count, if it does here.
    fn count_digit(&self, context: Context, count: Option<usize>, key: Key) -> Option<usize> {
        let KeyCode::Char(c @ '0'..='9') = key.code else {
            return None;
        };
        if !context.takes_counts() || !key.modifiers.is_empty() {
            return None;
        }
        let bound = !matches!(self.find(context, &[key]), Found::None);
        let starts = count.is_some() || (c != '0' && !bound);
        starts.then(|| usize::from(u8::try_from(c).unwrap_or(b'0') - b'0'))
    }

    fn find(&self, context: Context, keys: &[Key]) -> Found {
        let Some(table) = self.tables.get(&context) else {
            return Found::None;
        };
        let longer = table.by_key.keys().any(|k| k.extends(keys));
        match table.by_key.get(&Keys(keys.to_vec())) {
            Some(&command) => Found::Bound { command, longer },
            None if longer => Found::Start,
            None => Found::None,
        }
    }
}

/// What waits after `keys` ran `command`: the keys, if a longer sequence starts with them.
fn armed(longer: bool, keys: Vec<Key>, command: Command) -> Pending {
    if longer {
        Pending {
            count: None,
            keys,
            ran: Some(command),
        }
    } else {
        Pending::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    fn keys(s: &str) -> Keys {
        s.parse().unwrap()
    }

    fn map() -> Keymap {
        let mut map = Keymap::default();
        map.bind(Context::Reader, Command::Top, vec![keys("g"), keys("g g")]);
        map.bind(Context::Reader, Command::ScrollDown, vec![keys("j")]);
        map.bind(Context::Reader, Command::SwapPanes, vec![keys("z s")]);
        map.bind(Context::Reader, Command::Back, vec![keys("Esc")]);
        map.bind(Context::Help, Command::Down, vec![keys("j")]);
        map
    }

    /// Types `typed` key by key; the commands run and their counts, and what waits at the end.
    fn typed(
        map: &Keymap,
        context: Context,
        typed: &[&str],
    ) -> (Vec<(Command, Option<usize>)>, Pending) {
        let mut pending = Pending::default();
        let mut ran = Vec::new();
        for k in typed {
            match map.resolve(context, &pending, key(k)) {
                Typed::Run(command, then) => {
                    ran.push((command, pending.count));
                    pending = then;
                }
                Typed::Wait(then) => pending = then,
                Typed::Nothing => {}
            }
        }
        (ran, pending)
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(keys("g g").keys(), [key("g"), key("g")]);
        assert_eq!(keys("g g").to_string(), "gg");
        assert_eq!(keys("' '").to_string(), "''");
        assert_eq!(keys("Ctrl-w j").to_string(), "Ctrl-w j");
        assert_eq!(keys(" ").keys(), [key("Space")]);
        assert_eq!(keys("Space").to_string(), "Space");
        assert!("g Hyper-x".parse::<Keys>().is_err());
        assert!("".parse::<Keys>().is_err());
        assert!("jj".parse::<Keys>().is_err(), "keys are spaced");
    }

    #[test]
    fn counts_grow_and_go_to_the_command() {
        let map = map();
        let (ran, pending) = typed(&map, Context::Reader, &["1", "0", "j"]);
        assert_eq!(ran, [(Command::ScrollDown, Some(10))]);
        assert_eq!(pending, Pending::default());
        let (_, pending) = typed(&map, Context::Reader, &["4", "2"]);
        assert_eq!(pending.shown().as_deref(), Some("42"));
        let (_, pending) = typed(&map, Context::Reader, &["9"; 12]);
        assert_eq!(pending.count, Some(MAX_COUNT));
    }

    #[test]
    fn zero_starts_no_count_but_continues_one() {
        let map = map();
        assert_eq!(typed(&map, Context::Reader, &["0"]).1, Pending::default());
        let (ran, _) = typed(&map, Context::Reader, &["2", "0", "j"]);
        assert_eq!(ran, [(Command::ScrollDown, Some(20))]);
    }

    #[test]
    fn a_bound_digit_is_its_command_until_a_count_begins() {
        let mut map = map();
        map.bind(Context::Reader, Command::Help, vec![keys("5")]);
        assert_eq!(
            typed(&map, Context::Reader, &["5"]).0,
            [(Command::Help, None)]
        );
        let (ran, _) = typed(&map, Context::Reader, &["1", "5", "j"]);
        assert_eq!(ran, [(Command::ScrollDown, Some(15))]);
    }

    #[test]
    fn screens_without_counts_ignore_digits() {
        let map = map();
        let (ran, pending) = typed(&map, Context::Help, &["3", "j"]);
        assert_eq!(ran, [(Command::Down, None)]);
        assert_eq!(pending, Pending::default());
    }

    #[test]
    fn esc_cancels_a_count_and_is_itself_after() {
        let map = map();
        let (ran, pending) = typed(&map, Context::Reader, &["3", "Esc"]);
        assert!(ran.is_empty());
        assert_eq!(pending, Pending::default());
        let (ran, _) = typed(&map, Context::Reader, &["3", "Esc", "j"]);
        assert_eq!(ran, [(Command::ScrollDown, None)], "the count is gone");
        assert_eq!(
            typed(&map, Context::Reader, &["Esc"]).0,
            [(Command::Back, None)]
        );
    }

    #[test]
    fn g_acts_at_once_and_g_g_adds_nothing() {
        let map = map();
        assert_eq!(
            typed(&map, Context::Reader, &["g"]).0,
            [(Command::Top, None)]
        );
        let (ran, pending) = typed(&map, Context::Reader, &["g", "g"]);
        assert_eq!(ran, [(Command::Top, None)]);
        assert_eq!(pending, Pending::default());
        let (ran, _) = typed(&map, Context::Reader, &["5", "g", "g"]);
        assert_eq!(ran, [(Command::Top, Some(5))], "5gg is 5g");
        let (ran, _) = typed(&map, Context::Reader, &["g", "g", "g"]);
        assert_eq!(ran.len(), 2, "a third g starts again");
        let (ran, _) = typed(&map, Context::Reader, &["g", "3", "j"]);
        assert_eq!(ran, [(Command::Top, None), (Command::ScrollDown, Some(3))]);
        assert_eq!(
            typed(&map, Context::Reader, &["g"]).1.shown(),
            None,
            "g has acted"
        );
    }

    #[test]
    fn a_started_sequence_waits_and_shows() {
        let map = map();
        let (ran, pending) = typed(&map, Context::Reader, &["2", "z"]);
        assert!(ran.is_empty());
        assert_eq!(pending.shown().as_deref(), Some("2z"));
        let (ran, _) = typed(&map, Context::Reader, &["2", "z", "s"]);
        assert_eq!(ran, [(Command::SwapPanes, Some(2))]);
        let (ran, pending) = typed(&map, Context::Reader, &["2", "z", "j"]);
        assert!(ran.is_empty(), "z j leads nowhere: dropped, count and all");
        assert_eq!(pending, Pending::default());
        let (ran, pending) = typed(&map, Context::Reader, &["z", "Esc"]);
        assert!(ran.is_empty());
        assert_eq!(pending, Pending::default());
    }

    #[test]
    fn an_unbound_key_clears_a_count() {
        let map = map();
        assert_eq!(
            typed(&map, Context::Reader, &["q"]),
            (Vec::new(), Pending::default())
        );
        let (ran, pending) = typed(&map, Context::Reader, &["4", "q", "j"]);
        assert_eq!(ran, [(Command::ScrollDown, None)]);
        assert_eq!(pending, Pending::default());
    }
}
