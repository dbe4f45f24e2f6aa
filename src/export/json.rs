//! Records as JSON objects, written straight into a buffer: a row export writes millions
//! of them, and a map with a `String` per key and a value per cell was most of its time.

use std::io::Write as _;

use super::Field;

impl Field<'_> {
    /// The JSON of [`Field::json`] appended to `buf`, without building the value: texts,
    /// ids and dates go straight through the serializer (ids and dates need no escapes).
    fn json_into(&self, buf: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Field::Text(s) => serde_json::to_writer(buf, s),
            Field::Int(n) => serde_json::to_writer(buf, n),
            Field::Id(u) => write!(buf, "\"{u}\"").map_err(serde_json::Error::io),
            Field::Date(d) => write!(buf, "\"{d}\"").map_err(serde_json::Error::io),
            _ => serde_json::to_writer(buf, &self.json()),
        }
    }
}

/// One record as a JSON object, appended to `buf`. Its keys come in the columns' order,
/// as CSV's do: a row export then has the API's own field order, which `--input` reads
/// by its fastest path, and a reader sees the same columns either way.
pub(super) fn json_object(
    headers: &[&str],
    rec: &[Field<'_>],
    buf: &mut Vec<u8>,
) -> serde_json::Result<()> {
    buf.push(b'{');
    for (i, h) in headers.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        serde_json::to_writer(&mut *buf, h)?;
        buf.push(b':');
        rec.get(i).unwrap_or(&Field::Empty).json_into(buf)?;
    }
    buf.push(b'}');
    Ok(())
}
