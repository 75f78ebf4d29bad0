//! The const checks the derive runs over two models' association data at compile time: which
//! `#[belongs_to]` a has_many/has_one pairs with, whether a many-to-many's inverse agrees, which
//! side of a pair reports a mistake both see. Plain `const fn`s over [`AssociationDef`](crate::model::AssociationDef)s, so a
//! check is a `const` assertion in the generated code.

use crate::model::{AssociationDef as Def, ColumnDef, ForeignKey, Junction};

/// Byte equality of two strings, in const context.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The result of choosing one `#[belongs_to]` among a target's keys.
pub enum Pick {
    /// Exactly this one.
    One(usize),
    /// None matches.
    None,
    /// Several match and nothing says which.
    Many,
}

/// Among the keys to the model `target` (an [`Identity::ID`](crate::model::Identity::ID)), the one named `column` (its
/// column or field), or the only one when no name is given.
pub const fn pick<M>(keys: &[ForeignKey<M>], target: &str, column: Option<&str>) -> Pick {
    let mut found = Pick::None;
    let mut i = 0;
    while i < keys.len() {
        let k = &keys[i];
        if str_eq(k.target, target) {
            match column {
                Some(name) => {
                    if str_eq(k.column, name) || str_eq(k.field, name) {
                        return Pick::One(i);
                    }
                }
                None => {
                    found = match found {
                        Pick::None => Pick::One(i),
                        _ => Pick::Many,
                    }
                }
            }
        }
        i += 1;
    }
    found
}

/// Whether `column` is given and names a key among `keys` that points at another model than
/// `target`: a `foreign_key`/`other_key` naming the junction's key to the wrong side.
pub const fn named_elsewhere<M>(keys: &[ForeignKey<M>], target: &str, column: Option<&str>) -> bool {
    let Some(name) = column else { return false };
    let mut i = 0;
    while i < keys.len() {
        let k = &keys[i];
        if (str_eq(k.column, name) || str_eq(k.field, name)) && !str_eq(k.target, target) {
            return true;
        }
        i += 1;
    }
    false
}

/// The key [`pick`] picks, or `fallback` when it fails (the check beside it reports that).
pub const fn picked<'a, M>(
    keys: &'a [ForeignKey<M>],
    target: &str,
    column: Option<&str>,
    fallback: &'a ForeignKey<M>,
) -> &'a ForeignKey<M> {
    match pick(keys, target, column) {
        Pick::One(i) => &keys[i],
        _ => fallback,
    }
}

/// A key that pairs with nothing, for [`picked`]'s fallback (never used at run time: the
/// check that failed stops the build).
pub const fn no_key<M>() -> ForeignKey<M> {
    ForeignKey {
        field: "",
        target: "",
        column: "",
        target_column: "",
        target_table: "",
        nullable: true,
        get: |_| crate::Value::Null(crate::SqlType::Text),
        set: |_, _| false,
    }
}

/// The index of the column named `name` (its column or field name), if any.
pub const fn find_column(columns: &[ColumnDef], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < columns.len() {
        if str_eq(columns[i].name, name) || str_eq(columns[i].field, name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The index of column `name` in `columns` (`0` when absent: a check reports that).
pub const fn column_index(columns: &[ColumnDef], name: &str) -> usize {
    match find_column(columns, name) {
        Some(i) => i,
        None => 0,
    }
}

/// The stored name of the column `name` names, `""` when absent (a check reports that).
pub const fn column_name(columns: &[ColumnDef], name: &str) -> &'static str {
    match find_column(columns, name) {
        Some(i) => columns[i].name,
        None => "",
    }
}

/// Whether `defs` (a model's associations) has one named `name`.
pub const fn has_association(defs: &[Def], name: &str) -> bool {
    let mut i = 0;
    while i < defs.len() {
        if str_eq(defs[i].name(), name) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether two column names name one column as the backends see them: ASCII case and `_`
/// ignored (SQLite and MySQL fold case; `userId` beside `user_id` is the classic duplicate),
/// as the derive compares a model's own columns.
pub const fn same_column(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && a[i] == b'_' {
            i += 1;
        }
        while j < b.len() && b[j] == b'_' {
            j += 1;
        }
        if i == a.len() || j == b.len() {
            return i == a.len() && j == b.len();
        }
        if !a[i].eq_ignore_ascii_case(&b[j]) {
            return false;
        }
        i += 1;
        j += 1;
    }
}

/// Whether the target's many-to-many back to `source_table` through the generated junction
/// `table` has two keys of one name too (both sides left them to default): then the two sides
/// see one mistake, and [`reports`] picks the one that says it.
pub const fn inverse_keys_collide(target: &[Def], source_table: &str, table: &str) -> bool {
    let mut i = 0;
    while i < target.len() {
        if let Def::BelongsToMany(m) = &target[i]
            && str_eq(m.target_table, source_table)
            && str_eq(m.junction.table, table)
            && same_column(m.junction.foreign_key, m.junction.other_key)
        {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether two column types are the same SQL type.
pub const fn same_type(a: crate::SqlType, b: crate::SqlType) -> bool {
    a as u8 == b as u8
}

/// How a many-to-many's inverse on the target looks.
pub enum Inverse {
    /// A `#[belongs_to_many]` back through the same junction, keys swapped.
    Found,
    /// One back to the source through the same junction, but with the keys not swapped.
    KeysNotSwapped,
    /// As [`Inverse::KeysNotSwapped`], reported by the other side.
    Reported,
    /// One back to the source through another junction model or table of the same name.
    SameTable,
    /// One back to the source, but through another junction.
    Mismatch,
    /// None back to the source.
    Missing,
}

/// Whether `a` sorts before `b`, bytewise.
pub const fn str_lt(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// Whether the side `(source, name)` of a many-to-many reports a mistake both sides see
/// (`target`, `other` being the other side), so that it gives one error, not two: the
/// model whose [`Identity::ID`](crate::model::Identity::ID) sorts first, or in a self many-to-many the name that does.
pub const fn reports(source: &str, target: &str, name: &str, other: &str) -> bool {
    str_lt(source, target) || (str_eq(source, target) && str_lt(name, other))
}

/// The junction of the target's many-to-many back to `source_table` through the junction
/// model `through`, if it declares one (its keys are `""` where they did not resolve).
pub const fn inverse_junction<'a>(target: &'a [Def], source_table: &str, through: &str) -> Option<&'a Junction> {
    let mut i = 0;
    while i < target.len() {
        if let Def::BelongsToMany(m) = &target[i]
            && str_eq(m.target_table, source_table)
            && str_eq(m.junction.through, through)
        {
            return Some(&m.junction);
        }
        i += 1;
    }
    None
}

/// Looks in the target's associations for the inverse of the many-to-many `name` from
/// `source_table` (`source` and `target` are the two models' [`Identity::ID`](crate::model::Identity::ID)s). A mistake
/// that both sides see is reported by one of them ([`reports`]); the other gets
/// [`Inverse::Reported`].
pub const fn inverse(target: &[Def], source_table: &str, junction: &Junction, name: &str, ids: (&str, &str)) -> Inverse {
    // Two equal keys, or keys that did not resolve (`""`), are reported by the junction's
    // check; an inverse cannot be told apart.
    if str_eq(junction.foreign_key, junction.other_key) || junction.foreign_key.is_empty() || junction.other_key.is_empty() {
        return Inverse::Found;
    }
    let mut best = Inverse::Missing;
    let mut other_reports = false;
    let mut i = 0;
    while i < target.len() {
        if let Def::BelongsToMany(m) = &target[i]
            && str_eq(m.target_table, source_table)
        {
            let j = &m.junction;
            let itself = str_eq(m.name, name) && str_eq(j.table, junction.table) && str_eq(j.foreign_key, junction.foreign_key);
            if itself {
                // A self many-to-many sees its own declaration among the target's.
            } else if str_eq(j.table, junction.table)
                && str_eq(j.through, junction.through)
                && (j.foreign_key.is_empty() || j.other_key.is_empty())
            {
                // The other side's keys did not resolve: its own check reports that.
                return Inverse::Found;
            } else if str_eq(j.table, junction.table) {
                if !str_eq(j.through, junction.through) {
                    best = Inverse::SameTable;
                } else if str_eq(j.foreign_key, junction.other_key) && str_eq(j.other_key, junction.foreign_key) {
                    return Inverse::Found;
                } else if !matches!(best, Inverse::SameTable) {
                    best = Inverse::KeysNotSwapped;
                }
            } else if matches!(best, Inverse::Missing) {
                best = Inverse::Mismatch;
            }
            if !itself && !matches!(best, Inverse::Missing) && !reports(ids.0, ids.1, name, m.name) {
                other_reports = true;
            }
        }
        i += 1;
    }
    if other_reports { Inverse::Reported } else { best }
}

/// Whether `J`'s primary key is its own: none of its columns is `foreign_key` or `other_key`.
pub const fn has_own_key<J: crate::model::Model>(foreign_key: &str, other_key: &str) -> bool {
    let mut i = 0;
    while i < J::PRIMARY_KEY.len() {
        let c = J::COLUMNS[J::PRIMARY_KEY[i]].name;
        if str_eq(c, foreign_key) || str_eq(c, other_key) {
            return false;
        }
        i += 1;
    }
    !J::PRIMARY_KEY.is_empty()
}

/// Whether the inverse of a many-to-many (found as [`inverse`] finds it) says the same
/// `unique`; `true` when there is none (that is reported on its own).
pub const fn inverse_agrees_on_unique(target: &[Def], source_table: &str, junction: &Junction) -> bool {
    let mut i = 0;
    while i < target.len() {
        if let Def::BelongsToMany(m) = &target[i]
            && str_eq(m.target_table, source_table)
        {
            let j = &m.junction;
            if str_eq(j.table, junction.table) && str_eq(j.foreign_key, junction.other_key) && str_eq(j.other_key, junction.foreign_key) {
                return j.unique == junction.unique;
            }
        }
        i += 1;
    }
    true
}

/// The name of a `#[has_one]`/`#[has_many]` among `defs` (a target's associations) whose
/// target is the table `table`, if any: the target owns the pair too.
pub const fn owned_back(defs: &[Def], table: &str) -> Option<&'static str> {
    let mut i = 0;
    while i < defs.len() {
        if let Def::HasOne(h) | Def::HasMany(h) = &defs[i]
            && str_eq(h.target_table, table)
        {
            return Some(h.name);
        }
        i += 1;
    }
    None
}
