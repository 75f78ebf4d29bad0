//! The names the ORM gives constraints and indexes: readable, unique in the schema and within
//! the backend's identifier limit.
//!
//! A name is the table, the columns and the kind, then a hash of exactly those parts. Joining
//! with `_` alone is ambiguous (table `a_b` column `c`, and table `a` column `b_c`, both gave
//! `a_b_c_key`; PostgreSQL and SQLite keep index names schema-wide, so `CREATE UNIQUE INDEX IF
//! NOT EXISTS` skipped the second one), and cutting a long name to the limit makes two names
//! meet. The hash keeps both cases apart, and depends on nothing but the index itself, so the same
//! index gets the same name whatever else the schema holds.

use crate::dialect::Dialect;

/// What a generated name is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Unique,
    Index,
    ForeignKey,
    Check,
}

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Kind::Unique => "key",
            Kind::Index => "idx",
            Kind::ForeignKey => "fkey",
            Kind::Check => "check",
        }
    }
}

const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// The name of `kind` over `columns` of `table`.
pub(crate) fn generated(dialect: Dialect, table: &str, columns: &[&str], kind: Kind) -> String {
    named(dialect, table, columns, kind, &[])
}

/// The name of the `CHECK` that `column` of `table` holds one of `values`: the values are part
/// of the hash, so another list is another name (and the differ sees it).
pub(crate) fn check(dialect: Dialect, table: &str, column: &str, values: &[String]) -> String {
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    named(dialect, table, &[column], Kind::Check, &values)
}

/// Whether `name` is one [`check`] gives: `…_check_` and eight hex digits.
pub(crate) fn is_generated_check(name: &str) -> bool {
    name.len() > 15
        && name.is_char_boundary(name.len() - 15)
        && name[name.len() - 15..].starts_with("_check_")
        && name[name.len() - 8..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn named(dialect: Dialect, table: &str, columns: &[&str], kind: Kind, hashed: &[&str]) -> String {
    let mut digest = CRC.digest();
    // Each part is followed by a NUL, which no part holds: the parts cannot run into each other.
    for part in [kind.suffix(), table].into_iter().chain(columns.iter().copied()).chain(hashed.iter().copied()) {
        digest.update(part.as_bytes());
        digest.update(&[0]);
    }
    let tag = format!("_{:08x}", digest.finalize());
    let readable = format!("{table}_{}_{}", columns.join("_"), kind.suffix());
    let mut name = readable;
    if let Some(limit) = dialect.max_identifier_len() {
        while dialect.identifier_len(&name) + tag.len() > limit {
            name.pop();
        }
    }
    name + &tag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_joined_alike_differ() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql] {
            let a = generated(dialect, "a_b", &["c"], Kind::Unique);
            let b = generated(dialect, "a", &["b_c"], Kind::Unique);
            assert!(a.starts_with("a_b_c_key_") && b.starts_with("a_b_c_key_"), "{a} {b}");
            assert_ne!(a, b);
        }
    }

    #[test]
    fn long_names_are_cut_to_the_limit_and_stay_apart() {
        let table = "a_table_with_a_rather_long_name_for_a_test_of_limits_é";
        let one = generated(Dialect::Postgres, table, &["holder_number_one_id"], Kind::Unique);
        let two = generated(Dialect::Postgres, table, &["holder_number_two_id"], Kind::Unique);
        assert!(one.len() <= 63 && two.len() <= 63, "{one} {two}");
        assert_ne!(one, two);
        assert!(generated(Dialect::MySql, table, &["holder_number_one_id"], Kind::ForeignKey).chars().count() <= 64);
        // MySQL counts characters, PostgreSQL bytes.
        let wide = "é".repeat(60);
        assert_eq!(generated(Dialect::MySql, &wide, &["x"], Kind::Unique).chars().count(), 64);
        assert!(generated(Dialect::Postgres, &wide, &["x"], Kind::Unique).len() <= 63);
        // No limit on SQLite: the whole name.
        assert!(generated(Dialect::Sqlite, table, &["holder_number_one_id"], Kind::Unique).contains("holder_number_one_id_key"));
        // The same index gets the same name every time.
        assert_eq!(one, generated(Dialect::Postgres, table, &["holder_number_one_id"], Kind::Unique));
    }
}
