// Every column attribute together: single and composite indexes, defaults of several types,
// a skipped field, renames of a column and of the table.

use orm_core::{BelongsTo, HasMany, Model};

#[derive(Model, Debug)]
#[model(table = "books", renamed_from = "volumes", index(author, title), unique(title, edition))]
struct Book {
    id: i64,
    title: String,
    #[model(default = 1)]
    edition: i32,
    #[model(default = "draft", index)]
    state: String,
    #[model(default = true)]
    visible: bool,
    #[model(default = 2.5)]
    weight: f64,
    #[model(unique, renamed_from = "code")]
    isbn: Option<String>,
    #[model(skip)]
    cached_summary: Option<String>,
    #[belongs_to]
    #[model(index)]
    author: Option<BelongsTo<Author>>,
}

#[derive(Model, Debug)]
struct Author {
    id: i64,
    #[has_many]
    books: HasMany<Book>,
}

fn main() {
    let book = Book { title: "Dune".into(), ..Default::default() };
    assert_eq!((book.edition, book.state.as_str(), book.visible, book.weight), (1, "draft", true, 2.5));
    assert!(book.cached_summary.is_none());
    assert_eq!(<Book as Model>::INDEXES.len(), 5);
    assert_eq!(<Book as Model>::RENAMED_FROM, Some("volumes"));
}
