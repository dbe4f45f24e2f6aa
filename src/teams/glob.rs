//! The `[teams]` email patterns: globs matched a character at a time, in any case.
//!
//! `*` any text, `?` one character, `[ab]`, `[a-z]` and `[!ab]` one of a set (or not),
//! `{a,b}` either text, `\` before a character takes it as it is. A character is a
//! Unicode scalar, not a byte, and case is Unicode's: `?` is the `ü` of `müller`, and
//! `*MÜLLER*` finds `müller` (a byte-wise matcher took `?` for half of `ü` and folded
//! ASCII letters alone, so people with accented names fell into another team).

use std::fmt;

/// A compiled pattern: its `{..}` choices spelled out.
#[derive(Clone, Debug)]
pub struct Glob {
    choices: Vec<Choice>,
}

/// One spelled-out pattern: the characters it must start and end with, apart, so that a
/// set of patterns can find the few worth trying by an email's ends (`GlobSet`).
#[derive(Clone, Debug)]
pub(super) struct Choice {
    pub(super) prefix: Vec<char>,
    middle: Vec<Token>,
    pub(super) suffix: Vec<char>,
}

impl Choice {
    fn new(mut tokens: Vec<Token>) -> Choice {
        let chars = |t: &[Token]| -> Vec<char> {
            t.iter()
                .map_while(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        let prefix = chars(&tokens);
        tokens.drain(..prefix.len());
        if tokens.is_empty() {
            // A whole email: found by its end, as `*@domain` is.
            return Choice {
                prefix: Vec::new(),
                middle: tokens,
                suffix: prefix,
            };
        }
        let mut suffix = chars(&tokens.iter().rev().cloned().collect::<Vec<_>>());
        tokens.truncate(tokens.len() - suffix.len());
        suffix.reverse();
        Choice {
            prefix,
            middle: tokens,
            suffix,
        }
    }

    /// The longest run of fixed characters inside the pattern (`smith` of `*smith*`):
    /// a text without it cannot match.
    pub(super) fn inner(&self) -> Vec<char> {
        let runs = self.middle.split(|t| !matches!(t, Token::Char(_)));
        let longest = runs.max_by_key(|r| r.len()).unwrap_or(&[]);
        longest
            .iter()
            .filter_map(|t| match t {
                Token::Char(c) => Some(*c),
                _ => None,
            })
            .collect()
    }

    pub(super) fn matches(&self, text: &[char]) -> bool {
        let (p, s) = (self.prefix.len(), self.suffix.len());
        text.len() >= p + s
            && text.starts_with(&self.prefix)
            && text.ends_with(&self.suffix)
            && matches(&self.middle, &text[p..text.len() - s])
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A character, in lower case.
    Char(char),
    Any,
    Star,
    Set {
        not: bool,
        ranges: Vec<(char, char)>,
    },
}

/// Why a pattern is not a glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlobError {
    UnclosedSet,
    UnclosedChoice,
    NestedChoice,
    LoneBrace,
    TrailingBackslash,
    TooManyChoices,
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GlobError::UnclosedSet => "a [ without its ]",
            GlobError::UnclosedChoice => "a { without its }",
            GlobError::NestedChoice => "a {..} inside another",
            GlobError::LoneBrace => "a } without its {",
            GlobError::TrailingBackslash => "a \\ at the end",
            GlobError::TooManyChoices => "over 1,024 texts once its {..} are spelled out",
        })
    }
}

/// Spelled-out choices at most: `{a,b}{c,d}` is four patterns.
const MAX_CHOICES: usize = 1024;

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let mut choices: Vec<Vec<Token>> = vec![Vec::new()];
        // Inside `{..}`: the texts so far, the one being read last.
        let mut inside: Option<Vec<Vec<Token>>> = None;
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            let token = match c {
                '{' if inside.is_some() => return Err(GlobError::NestedChoice),
                '{' => {
                    inside = Some(vec![Vec::new()]);
                    continue;
                }
                ',' if let Some(texts) = &mut inside => {
                    texts.push(Vec::new());
                    continue;
                }
                '}' => {
                    let texts = inside.take().ok_or(GlobError::LoneBrace)?;
                    if choices.len() * texts.len() > MAX_CHOICES {
                        return Err(GlobError::TooManyChoices);
                    }
                    choices = choices
                        .iter()
                        .flat_map(|c| texts.iter().map(move |t| [c.as_slice(), t].concat()))
                        .collect();
                    continue;
                }
                '*' => Token::Star,
                '?' => Token::Any,
                '[' => set(&mut chars)?,
                '\\' => Token::Char(chars.next().ok_or(GlobError::TrailingBackslash)?),
                c => Token::Char(c),
            };
            for t in lower(token) {
                match &mut inside {
                    Some(texts) => texts.last_mut().expect("a text").push(t),
                    None => choices.iter_mut().for_each(|c| c.push(t.clone())),
                }
            }
        }
        if inside.is_some() {
            return Err(GlobError::UnclosedChoice);
        }
        let choices = choices.into_iter().map(Choice::new).collect();
        Ok(Glob { choices })
    }

    /// Whether the text, as [`fold`] gives it, matches.
    #[cfg(test)]
    pub fn matches(&self, text: &[char]) -> bool {
        self.choices.iter().any(|c| c.matches(text))
    }

    pub(super) fn into_choices(self) -> Vec<Choice> {
        self.choices
    }
}

/// A text as patterns are matched against it: its characters folded ([`folded`]).
pub fn fold(text: &str, out: &mut Vec<char>) {
    out.clear();
    for c in text.chars() {
        match c.is_ascii() {
            true => out.push(c.to_ascii_lowercase()),
            false => out.extend(folded(c)),
        }
    }
}

/// A character in lower case, and the few whose lower case is not their case fold too:
/// the final sigma is a sigma, the long s an s (`ΣΊΣΥΦΟΣ*` missed `σίσυφος`). A character
/// may become several (`İ` is `i` and a dot).
pub fn folded(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|l| match l {
        'ς' => 'σ',
        'ſ' => 's',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        'ẛ' => 'ṡ',
        '\u{1FBE}' => 'ι',
        l => l,
    })
}

/// A token folded: a character may become several.
fn lower(t: Token) -> Vec<Token> {
    match t {
        Token::Char(c) => folded(c).map(Token::Char).collect(),
        t => vec![t],
    }
}

/// `[..]` after its `[`: `!` or `^` first turns it round, a `]` first is itself.
fn set(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<Token, GlobError> {
    let not = chars.next_if(|&c| c == '!' || c == '^').is_some();
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = match chars.next().ok_or(GlobError::UnclosedSet)? {
            ']' if !first => return Ok(Token::Set { not, ranges }),
            '\\' => chars.next().ok_or(GlobError::UnclosedSet)?,
            c => c,
        };
        first = false;
        let hi = match chars.peek() {
            Some('-') => {
                chars.next();
                match chars.next().ok_or(GlobError::UnclosedSet)? {
                    // `[a-]`: the dash is itself.
                    ']' => {
                        ranges.push((c, c));
                        ranges.push(('-', '-'));
                        return Ok(Token::Set { not, ranges });
                    }
                    hi => hi,
                }
            }
            _ => c,
        };
        ranges.push((c, hi));
    }
}

impl Token {
    /// Whether this token, not a star, takes character `c` (in lower case).
    fn takes(&self, c: char) -> bool {
        match self {
            Token::Char(p) => *p == c,
            Token::Any => true,
            Token::Star => false,
            Token::Set { not, ranges } => {
                // In any case: `[A-Z]` takes the `m` of a folded text.
                let mut cases = std::iter::once(c).chain(c.to_uppercase());
                let hit = cases.any(|c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi));
                hit != *not
            }
        }
    }
}

/// One spelled-out pattern against a text: a star is given back a character at a time
/// when what follows it fails, from the last star only (linear in the text for each).
fn matches(tokens: &[Token], text: &[char]) -> bool {
    let (mut t, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < text.len() {
        match tokens.get(t) {
            Some(Token::Star) => {
                star = Some((t + 1, i));
                t += 1;
                continue;
            }
            Some(tok) if tok.takes(text[i]) => {
                t += 1;
                i += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((after, from)) => {
                star = Some((after, from + 1));
                (t, i) = (after, from + 1);
            }
            None => return false,
        }
    }
    tokens[t..].iter().all(|x| *x == Token::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pattern: &str, text: &str) -> bool {
        let mut t = Vec::new();
        fold(text, &mut t);
        Glob::new(pattern).unwrap().matches(&t)
    }

    #[test]
    fn a_character_is_a_character_not_a_byte() {
        assert!(hit("*.m?ller*", "margaret.müller207@acme.example"));
        assert!(!hit("*m??ller207*", "margaret.müller207@acme.example"));
        assert!(hit("*m[uü]ller*", "margaret.müller207@acme.example"));
        assert!(hit("*m[ü]ller207*", "margaret.müller207@acme.example"));
        assert!(hit("?", "数"));
        assert!(hit("[!a]@x", "é@x"));
    }

    #[test]
    fn case_is_unicodes() {
        assert!(hit("*MÜLLER207*", "margaret.müller207@acme.example"));
        assert!(hit("*müller207*", "MARGARET.MÜLLER207@ACME.EXAMPLE"));
        assert!(hit("[A-Z]*", "margaret@x"));
        assert!(hit("[m-o]*", "Nora@x"));
        assert!(!hit("[m-o]*", "ana@x"));
        assert!(hit("ΣΟΦΙΑ@x", "σοφια@x"));
        assert!(hit("ΣΊΣΥΦΟΣ*", "σίσυφος@x"));
        assert!(hit("σίσυφοσ*", "σίσυφος@x"));
        assert!(hit("ST*", "ſtar@x"));
        assert!(hit("ſtar*", "star@x"));
    }

    #[test]
    fn stars_sets_choices_and_escapes() {
        assert!(hit("*@eng.example.com", "bo@eng.example.com"));
        assert!(!hit("*@eng.example.com", "bo@eng.example.com.evil"));
        assert!(hit("a*b*c", "aXbYbZc"));
        assert!(!hit("a*b*c", "aXbYbZ"));
        assert!(hit("**", ""));
        assert!(!hit("?", ""));
        assert!(hit("{ana,bo}@x", "bo@x"));
        assert!(!hit("{ana,bo}@x", "cy@x"));
        assert!(hit("{a,b}{c,d}", "bd"));
        assert!(hit("\\*@x", "*@x"));
        assert!(!hit("\\*@x", "a@x"));
        assert!(hit("[]a]x", "]x"));
        assert!(hit("[a-]x", "-x"));
        assert!(hit("[^a]x", "bx"));
        assert!(hit("a\\,b", "a,b"));
        assert!(hit("{a\\,b,c}", "a,b"));
    }

    #[test]
    fn what_is_not_a_glob_says_why() {
        for (p, e) in [
            ("[a", GlobError::UnclosedSet),
            ("[]", GlobError::UnclosedSet),
            ("{a,b", GlobError::UnclosedChoice),
            ("{a,{b}}", GlobError::NestedChoice),
            ("a}", GlobError::LoneBrace),
            ("*\\", GlobError::TrailingBackslash),
            (
                "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}",
                GlobError::TooManyChoices,
            ),
        ] {
            assert_eq!(Glob::new(p).unwrap_err(), e, "{p}");
        }
    }

    /// Against a matcher written the slow, obvious way (every split of the text tried
    /// for each star), on short texts and patterns of a few letters: the same answers.
    #[test]
    fn the_same_answers_as_trying_every_split() {
        fn slow(p: &[char], t: &[char]) -> bool {
            match p.split_first() {
                None => t.is_empty(),
                Some(('*', rest)) => (0..=t.len()).any(|k| slow(rest, &t[k..])),
                Some(('?', rest)) => !t.is_empty() && slow(rest, &t[1..]),
                Some((c, rest)) => t.first() == Some(c) && slow(rest, &t[1..]),
            }
        }
        let mut rng = fastrand::Rng::with_seed(5);
        let alphabet = ['a', 'b', '*', '?'];
        for _ in 0..20_000 {
            let p: String = (0..rng.usize(0..7))
                .map(|_| alphabet[rng.usize(..4)])
                .collect();
            let t: String = (0..rng.usize(0..8))
                .map(|_| alphabet[rng.usize(..2)])
                .collect();
            let (pc, tc): (Vec<char>, Vec<char>) = (p.chars().collect(), t.chars().collect());
            assert_eq!(hit(&p, &t), slow(&pc, &tc), "{p} {t}");
        }
    }
}
