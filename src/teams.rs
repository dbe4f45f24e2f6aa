//! Teams: the one rule that puts a person in a team, and the email domain rule.
//!
//! The config's `[teams]` table maps a team name to a list of email glob patterns
//! (`eng = ["*@eng.example.com", "ana@example.com"]`). Teams keep the file's order; the
//! first team with a pattern matching an email (any case) wins, so a person is in exactly
//! one team, and people no pattern matches are in [`NO_TEAM`]. Because of that, every
//! per-team figure is a roll-up of per-person figures (`analytics::teams`).
//!
//! Patterns are compiled once ([`glob`]: a character at a time, in any case) into one
//! set ([`set`]); an email is folded to lower case once and the set gives its first
//! matching pattern in file order, whose team is the person's.

mod glob;
mod set;

use glob::Glob;
use set::GlobSet;

/// The row of the people no team's pattern matches.
pub const NO_TEAM: &str = "(no team)";

/// The teams of the config, in file order, with their patterns compiled.
#[derive(Clone, Debug, Default)]
pub struct Teams {
    names: Vec<String>,
    /// Each team's patterns as written (for `config show`).
    written: Vec<Vec<String>>,
    /// Every pattern, in file order: the first that matches is the person's team.
    set: GlobSet,
    /// The team of each pattern of `set`.
    owner: Vec<TeamId>,
}

/// A team by its place in file order; `Teams::len()` is [`NO_TEAM`].
pub type TeamId = usize;

impl Teams {
    /// Checks and compiles a `[teams]` table. The error is one line naming the team.
    pub fn from_table(table: &toml::Table) -> Result<Teams, String> {
        let mut names: Vec<String> = Vec::new();
        let mut written = Vec::new();
        let (mut set, mut owner) = (GlobSet::default(), Vec::new());
        // Each name folded, to the team that has it: a duplicate is found by a lookup (a
        // pass over every earlier name made 10,000 teams take seven seconds to check).
        let mut folded: std::collections::HashMap<Vec<char>, usize> = Default::default();
        for (name, value) in table {
            check_name(name)?;
            let key: Vec<char> = name.chars().flat_map(glob::folded).collect();
            if let Some(&first) = folded.get(&key) {
                let first = &names[first];
                return Err(format!(
                    "[teams] {name}: a duplicate of team {first} (names are compared in any case); merge or rename one"
                ));
            }
            folded.insert(key, names.len());
            let patterns = patterns_of(name, value)?;
            for p in &patterns {
                set.push(compile(name, p)?);
                owner.push(names.len());
            }
            written.push(patterns);
            names.push(name.clone());
        }
        Ok(Teams {
            names,
            written,
            set,
            owner,
        })
    }

    /// No team is configured.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The number of configured teams (and so the id of [`NO_TEAM`]).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The configured team names, in file order (without [`NO_TEAM`]).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Each team's patterns as written, in file order.
    pub fn patterns(&self) -> &[Vec<String>] {
        &self.written
    }

    /// The name of team `id`; [`NO_TEAM`] past the configured ones.
    pub fn name(&self, id: TeamId) -> &str {
        self.names.get(id).map_or(NO_TEAM, String::as_str)
    }

    /// Every row name: the teams in file order, then [`NO_TEAM`].
    pub fn row_names(&self) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(NO_TEAM))
    }

    /// The team of an email: the first in file order with a matching pattern.
    pub fn assign(&self, email: &str) -> TeamId {
        let mut hits = Vec::new();
        self.assign_with(email, &mut hits)
    }

    /// The team of each email, reusing one buffer.
    pub fn assign_all<'a>(&self, emails: impl Iterator<Item = &'a str>) -> Vec<TeamId> {
        let mut folded = Vec::new();
        emails.map(|e| self.assign_with(e, &mut folded)).collect()
    }

    /// The team of an email, with `folded` a buffer reused from call to call.
    pub fn assign_into(&self, email: &str, folded: &mut Vec<char>) -> TeamId {
        self.assign_with(email, folded)
    }

    fn assign_with(&self, email: &str, folded: &mut Vec<char>) -> TeamId {
        if self.names.is_empty() {
            return 0;
        }
        glob::fold(email, folded);
        let first = self.set.first(folded);
        first.map_or(self.names.len(), |p| self.owner[p])
    }

    /// A team (or [`NO_TEAM`]) by name, in any case.
    pub fn find(&self, name: &str) -> Option<TeamId> {
        let name = name.trim();
        if name.eq_ignore_ascii_case(NO_TEAM) {
            return Some(self.names.len());
        }
        self.names.iter().position(|n| same_name(n, name))
    }

    /// `--team NAME...`: which teams to keep, one flag per entry of [`Teams::row_names`].
    /// An unknown name is refused with the known ones listed.
    pub fn select(&self, wanted: &[String]) -> Result<Vec<bool>, String> {
        let mut keep = vec![false; self.names.len() + 1];
        for w in wanted {
            match self.find(w) {
                Some(id) => keep[id] = true,
                None if self.names.is_empty() => {
                    return Err(format!(
                        "--team {}: no [teams] in the config (see `clarityq-usage config init`)",
                        crate::sanitize::one_line(w)
                    ));
                }
                None => {
                    let known: Vec<&str> = self.row_names().collect();
                    return Err(format!(
                        "--team {}: no such team; the teams are: {}",
                        crate::sanitize::one_line(w),
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(keep)
    }
}

/// The domain of an email: what follows its last `@`, lowercased; [`NO_DOMAIN`] when it
/// has none. Spaces around it and the root's trailing dot are not part of it:
/// `acme.example ` and `acme.example.` made rows of their own beside `acme.example`.
/// An address without one was its own row, the whole address: a person's name where the
/// rows are groups, and shown unmasked under the dashboard's `m`.
pub fn domain(email: &str) -> String {
    let d = email.trim().rsplit_once('@').map_or("", |(_, d)| d);
    let d = d.trim().trim_end_matches('.');
    match d.is_empty() {
        true => NO_DOMAIN.to_string(),
        false => d.to_lowercase(),
    }
}

/// The row of people whose email names no domain (`--group-by domain`).
pub const NO_DOMAIN: &str = "(no domain)";

/// Two team names alike in any case (`Eng` and `eng`, `Σ` and `ς`), as patterns are.
fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(glob::folded)
        .eq(b.chars().flat_map(glob::folded))
}

/// A team name must be usable as a row and a flag: not empty, printable, not the
/// [`NO_TEAM`] row (another team's name in another case is found by the caller).
fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("[teams]: a team has an empty name; give it one".into());
    }
    // `--team` trims what it is given: " eng" could never be picked.
    if name.trim() != name {
        return Err(format!(
            "[teams] \"{}\": spaces around the name; remove them",
            crate::sanitize::one_line(name)
        ));
    }
    if name.chars().any(crate::sanitize::is_unsafe) {
        return Err(format!(
            "[teams] {}: the name holds control characters; rename it",
            crate::sanitize::one_line(name)
        ));
    }
    if name.trim().eq_ignore_ascii_case(NO_TEAM) {
        return Err(format!(
            "[teams] {name}: that name is the row of people in no team; rename it"
        ));
    }
    Ok(())
}

fn patterns_of(name: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let list = value.as_array().ok_or_else(|| {
        format!("[teams] {name}: give a list of email patterns, like {name} = [\"*@example.com\"]")
    })?;
    if list.is_empty() {
        return Err(format!(
            "[teams] {name}: the pattern list is empty; add a pattern or remove the team"
        ));
    }
    list.iter()
        .map(|v| match v.as_str() {
            Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Some(_) => Err(format!("[teams] {name}: a pattern is empty; remove it")),
            None => Err(format!(
                "[teams] {name}: patterns are quoted strings, like \"*@example.com\""
            )),
        })
        .collect()
}

fn compile(name: &str, pattern: &str) -> Result<Glob, String> {
    Glob::new(pattern).map_err(|e| {
        format!(
            "[teams] {name}: \"{}\" is not a valid glob ({e}); fix the pattern",
            crate::sanitize::one_line(pattern),
        )
    })
}

#[cfg(test)]
mod tests;
