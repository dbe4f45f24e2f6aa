//! A decoder's memory of the product names it has read, by product id: a response names
//! a handful of products over millions of rows, and each name was found, checked as
//! UTF-8 and, with an escape (`Marketing \"Studio\"`), unescaped into a new string, on
//! every row. A name whose raw bytes are those read last for its product is now taken
//! from here: the same bytes of a JSON string read the same way.

use uuid::Uuid;

/// Products remembered at most; past that, names are read as before.
const MAX: usize = 32;

#[derive(Clone, Debug)]
struct Entry {
    id: Uuid,
    /// The string's bytes between its quotes, as they were in the body.
    raw: Vec<u8>,
    name: String,
}

/// Names read before, by product id.
#[derive(Clone, Debug, Default)]
pub struct Names {
    entries: Vec<Entry>,
}

impl Names {
    /// Where `b` (from the name's opening quote) holds the string read last for `id`:
    /// its entry and the bytes the string takes, quotes included.
    #[inline]
    pub fn find(&self, id: Uuid, b: &[u8]) -> Option<(usize, usize)> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        let raw = &self.entries[at].raw;
        let end = raw.len() + 1;
        let same =
            b.first() == Some(&b'"') && b.get(1..end) == Some(raw) && b.get(end) == Some(&b'"');
        same.then_some((at, end + 1))
    }

    /// The name of entry `at` (from [`Names::find`]).
    pub fn name(&self, at: usize) -> &str {
        &self.entries[at].name
    }

    /// Remembers that `raw` (the bytes between the quotes) read as `name` for `id`.
    pub fn put(&mut self, id: Uuid, raw: &[u8], name: &str) {
        let entry = Entry {
            id,
            raw: raw.to_vec(),
            name: name.to_string(),
        };
        match self.entries.iter().position(|e| e.id == id) {
            Some(at) => self.entries[at] = entry,
            None if self.entries.len() < MAX => self.entries.push(entry),
            None => {}
        }
    }
}
