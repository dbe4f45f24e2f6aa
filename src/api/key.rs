//! The API key: a type that cannot print itself, and where it came from.
//!
//! `Debug` and `Display` both redact, so a key inside any struct, error or log line shows as
//! `<redacted>`. The only way to the bytes is [`ApiKey::expose`], called once, where the
//! header is built (and marked sensitive there).

use std::fmt;
use std::path::PathBuf;

/// A secret API key. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key, trimming surrounding white space (a trailing newline from a password
    /// manager is the usual case). `None` when nothing is left.
    pub fn new(raw: impl Into<String>) -> Option<Self> {
        let s: String = raw.into();
        let t = s.trim();
        (!t.is_empty()).then(|| ApiKey(t.to_string()))
    }

    /// The key's text, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` from the server with the key taken out: a server that echoes the key in an
    /// error ("bad key sk-...") would put it on the screen and in the log. Any run of 8
    /// characters or more that is also in the key, in any case (the whole key, a cut of it
    /// such as "sk-abc12...", glued to other letters or not, lowered) is replaced. A key under 8
    /// characters is no secret a server could echo unnoticed: such text stays whole.
    pub fn scrub(&self, text: &str) -> String {
        const RUN: usize = 8;
        let (t, k) = (text.as_bytes(), self.0.as_bytes());
        if k.len() < RUN {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let (mut i, mut kept) = (0, 0);
        while i < t.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            // The longest run from `i` that is somewhere in the key.
            let longest = (0..k.len())
                .map(|j| {
                    t[i..]
                        .iter()
                        .zip(&k[j..])
                        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                        .count()
                })
                .max()
                .unwrap_or(0);
            let mut end = i + longest;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end - i >= RUN {
                out.push_str(&text[kept..i]);
                out.push_str("<redacted>");
                (i, kept) = (end, end);
            } else {
                i += 1;
            }
        }
        out.push_str(&text[kept..]);
        out
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where the key came from, so that a 401 can say which key to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// An environment variable, by name.
    Env(&'static str),
    /// `api_key` in a config file (and profile, if any).
    ConfigFile {
        path: PathBuf,
        profile: Option<String>,
    },
    /// The output of `api_key_command` in a config file.
    Command {
        path: PathBuf,
        profile: Option<String>,
    },
    /// The built-in demo organization's key.
    Demo,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prof = |p: &Option<String>| {
            p.as_ref()
                .map(|p| format!(" [profiles.{p}]"))
                .unwrap_or_default()
        };
        match self {
            KeySource::Env(v) => write!(f, "${v}"),
            KeySource::ConfigFile { path, profile } => {
                write!(f, "api_key in {}{}", path.display(), prof(profile))
            }
            KeySource::Command { path, profile } => {
                write!(f, "api_key_command in {}{}", path.display(), prof(profile))
            }
            KeySource::Demo => f.write_str("the demo organization"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let k = ApiKey::new("  sk-CANARY-123\n").unwrap();
        assert_eq!(k.expose(), "sk-CANARY-123");
        let shown = format!("{k} {k:?} {:?}", Some(&k));
        assert!(!shown.contains("CANARY"), "{shown}");
        assert!(ApiKey::new(" \n").is_none());
    }

    #[test]
    fn scrubs_the_key_and_its_cuts_from_server_text() {
        let k = ApiKey::new("sk-HOSTILE-KEY-42").unwrap();
        assert_eq!(
            k.scrub("bad key sk-HOSTILE-KEY-42, or sk-HOSTILE..., see docs"),
            "bad key <redacted>, or <redacted>..., see docs"
        );
        // Short words that happen to be in the key, and other words, stay.
        assert_eq!(
            k.scrub("sk-HOS KEY 42 forbidden"),
            "sk-HOS KEY 42 forbidden"
        );
        assert_eq!(k.scrub("Ünïcode ✨ text"), "Ünïcode ✨ text");
        assert_eq!(k.scrub("text/x-sk-HOSTILE-KEY-42"), "text/x-<redacted>");
        // A cut glued to other letters, and a key with dots cut short.
        assert_eq!(k.scrub("token_sk-HOSTILE-KE…"), "token_<redacted>…");
        let dotted = ApiKey::new("cq.AbCdEfG.HiJkLmNoP").unwrap();
        assert_eq!(dotted.scrub("key cq.AbCdEfG.HiJ..."), "key <redacted>...");
        assert_eq!(
            k.scrub("got text/x-sk-hostile-key-42"),
            "got text/x-<redacted>"
        );
        // A key too short to tell from text leaves the text whole.
        assert_eq!(ApiKey::new("e").unwrap().scrub("the server"), "the server");
    }
}
