//! `#[derive(Model)]` for orm-core. Use it through `orm_core::Model`.
//!
//! One pipeline, one direction: `ast` reads the struct (with `attr` for the attribute grammar),
//! `check` applies the rules that span several attributes, `expand` writes the code. Every user
//! mistake becomes a spanned `syn::Error`, collected in `ctxt` (below them all); all of them are
//! reported at once.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod enumeration;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `orm_core::Model` for a struct with named fields.
///
/// # Attribute reference
///
/// | key | where | what it does | example |
/// |---|---|---|---|
/// | `table = "..."` | struct `#[model(..)]` | the table's name (default: the struct's name in snake case, plural, or as `naming` says) | `#[model(table = "people")]` |
/// | `naming = "..."` | struct | the convention of the default names: `"snake"` (the default: `users`, `created_at`, `user_id`) or `"sequelize"`, Sequelize 6's defaults for sharing its database: the table is the struct's name pluralised as Sequelize does (`Users`, `Categories`, `People`; `UserBooks` stays), columns in camelCase (`createdAt`), a `#[belongs_to]` key `UserId` when the field is named after its target, else `authorId`; a generated junction's keys `UserId`/`BookId` plus `createdAt`/`updatedAt`; `table`, `column` and `foreign_key` still win | `#[model(naming = "sequelize")]` |
/// | `junction` | struct | a model linking two others may take its two `#[belongs_to]` as its composite key | `#[model(junction)]` |
/// | `index(a, b)` | struct | an index over those fields' columns, in order | `#[model(index(author, title))]` |
/// | `unique(a, b)` | struct | a unique index over those fields' columns | `#[model(unique(title, edition))]` |
/// | `hooks` | struct | the struct implements `orm_core::model::Hooks` (`validate`, `before_insert`, `after_update`, …): every write path runs them in the write's transaction | `#[model(hooks)]` |
/// | `renamed_from = "..."` | struct | the table's earlier name: a migration renames it instead of creating a new one | `#[model(renamed_from = "volumes")]` |
/// | `primary_key` | field `#[model(..)]` | this column is the primary key (default: the field `id`) | `#[model(primary_key)] code: String` |
/// | `column = "..."` | field | the column's name (default: the field's name without `r#`) | `#[model(column = "full_name")]` |
/// | `unique` | field (column or `#[belongs_to]`) | a unique index on the column | `#[model(unique)] isbn: Option<String>` |
/// | `index` | field (column or `#[belongs_to]`) | an index on the column | `#[model(index)] pages: i32` |
/// | `default = <value>` | field (column) | the column's DDL `DEFAULT` (used when a migration adds the column to existing rows); the derive then implements `Default` with it, so `Book { title, ..Default::default() }` inserts it. A value of the field's type (`&str` for a `String`, the inner value for an `Option`); numbers, booleans, text and bytes | `#[model(default = 1)] edition: i32` |
/// | `renamed_from = "..."` | field (column or `#[belongs_to]`) | the column's earlier name: a migration renames it, keeping the values | `#[model(renamed_from = "subtitle")]` |
/// | `created_at` | field `DateTime<Utc>` / `NaiveDateTime` | set to the time of the insert by every path that inserts the row (`insert`, `insert_all`, `create_*`, a junction link) | `#[model(created_at)] created_at: DateTime<Utc>` |
/// | `updated_at` | field `DateTime<Utc>` / `NaiveDateTime` | set on insert and by every write of the row (`update`, `set_*`, `add_*`/`remove_*` of a has_many, `update_*_with` of a junction); the struct is updated too | `#[model(updated_at)] updated_at: DateTime<Utc>` |
/// | `deleted_at` | field `Option<DateTime<Utc>>` / `Option<NaiveDateTime>` | soft delete (Sequelize's `paranoid`): `delete` sets it; every query, `find`, accessor, `count_*`, `has_*` and include leaves such rows out unless `with_deleted()`; `restore` clears it, `force_delete` removes the row. On a junction model, removing a link marks its row, and linking the pair again brings it back | `#[model(deleted_at)] deleted_at: Option<DateTime<Utc>>` |
/// | (an `Enum` field) | field of a `#[derive(orm_core::Enum)]` type, or `Option` of one | a text column holding the variants' texts, held to them by a `CHECK` named for the list of values (a new variant is a migration: the check is replaced) | `status: Status` |
/// | `skip` | field | not a column: never written, `Default::default()` when loaded | `#[model(skip)] cached: Option<String>` |
/// | `#[belongs_to]` | field `BelongsTo<T>` / `Option<BelongsTo<T>>` | stores the key `<field>_id` to `T` (`UserId`/`authorId` under `naming = "sequelize"`; nullable for an `Option`); keys `foreign_key`, `target_key`, `on_delete`, `on_update` | `#[belongs_to(on_delete = cascade)] user: BelongsTo<User>` |
/// | `#[has_one]` | field `HasOne<T>` | `T` has a unique `#[belongs_to]` back; keys `foreign_key`, `source_key`, `as` | `#[has_one] profile: HasOne<Profile>` |
/// | `#[has_many]` | field `HasMany<T>` | `T` has a `#[belongs_to]` back; keys `foreign_key`, `source_key`, `as`, `singular` | `#[has_many] comments: HasMany<Comment>` |
/// | `#[belongs_to_many]` | field `BelongsToMany<T>` / `BelongsToMany<T, J>` | many-to-many through a junction model or table; keys `through` (required), `as`, `foreign_key`, `other_key`, `singular`, `unique` | `#[belongs_to_many(through = UserBooks, as = "read")]` |
///
/// A key in the wrong place, on a field that is not a column, with a value of the wrong type,
/// or naming a field the struct does not have does not compile, and the error says what to write.
#[proc_macro_derive(Model, attributes(model, belongs_to, has_one, has_many, belongs_to_many))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Derives `orm_core::Enum` and `orm_core::Field` for a fieldless enum: a text column whose
/// values the schema restricts with a `CHECK`. Each variant is stored as its name in snake case;
/// `#[orm(rename = "...")]` on a variant stores it as written.
#[proc_macro_derive(Enum, attributes(orm))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    enumeration::derive(&input).into()
}
