//! English and identifier case rules for table, column and accessor names, and the two
//! conventions (`Naming`) a model's default table and column names follow.

mod inflection;

/// The convention of a model's default names: `#[model(naming = "...")]`.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub enum Naming {
    /// The ORM's own: table `users`, columns `created_at`, keys `user_id`.
    #[default]
    Snake,
    /// Sequelize 6's defaults, to share a database with a Sequelize app: table `Users`,
    /// columns `createdAt`, keys `UserId`.
    Sequelize,
}

impl Naming {
    /// Each accepted value of `naming = "..."`, with what it gives.
    pub const VALUES: [(&'static str, Naming, &'static str); 2] = [
        ("snake", Naming::Snake, "the default: table `users`, columns `created_at`, keys `user_id`"),
        ("sequelize", Naming::Sequelize, "Sequelize's defaults: table `Users`, columns `createdAt`, keys `UserId`"),
    ];

    /// The convention `naming = "<name>"` names, or what to say of an unknown one.
    pub fn named(name: &str) -> Result<Naming, String> {
        if let Some((_, naming, _)) = Naming::VALUES.iter().find(|(n, ..)| *n == name) {
            return Ok(*naming);
        }
        let closest = Naming::VALUES.iter().map(|(n, ..)| (distance(&name.to_lowercase(), n), n)).min().filter(|(d, _)| *d <= 3);
        let hint = closest.map_or_else(String::new, |(_, n)| format!("did you mean \"{n}\"? "));
        Err(format!("unknown naming \"{name}\"; {hint}expected {}", Naming::accepted()))
    }

    /// The accepted values, each with what it gives, for messages.
    pub fn accepted() -> String {
        Naming::VALUES.iter().map(|(name, _, what)| format!("\"{name}\" ({what})")).collect::<Vec<_>>().join(" or ")
    }

    /// The table of model `model`: `UserBooks` -> `user_books` / `UserBooks`, `User` ->
    /// `users` / `Users`.
    pub fn table(self, model: &str) -> String {
        match self {
            Naming::Snake => plural(&snake(model)),
            Naming::Sequelize => inflection::pluralize(model),
        }
    }

    /// The column of field `field`: `created_at` -> `created_at` / `createdAt`.
    pub fn column(self, field: &str) -> String {
        match self {
            Naming::Snake => field.to_owned(),
            Naming::Sequelize => camelize(field),
        }
    }

    /// The key column of `#[belongs_to] field: BelongsTo<Target>`: `<field>_id`, or as
    /// Sequelize names it: `UserId` (the target's singular) when the field is named after its
    /// target (`user: BelongsTo<User>`, Sequelize's `belongsTo(User)`), else the field's
    /// (`author: BelongsTo<User>` -> `authorId`, Sequelize's `as: 'author'`). Sequelize appends
    /// the target's key attribute, taken here to be `id`.
    pub fn belongs_to_key(self, field: &str, target: &str) -> String {
        match self {
            Naming::Snake => format!("{field}_id"),
            Naming::Sequelize => {
                let singular = inflection::singularize(target);
                if field == snake(target) || field == snake(&singular) { format!("{singular}Id") } else { camelize(&format!("{field}_id")) }
            }
        }
    }

    /// The column a junction the ORM generates (`through = "fav_books"`) keeps model `model`'s
    /// key in: `user_id` / `UserId`.
    pub fn junction_key(self, model: &str) -> String {
        match self {
            Naming::Snake => format!("{}_id", snake(model)),
            Naming::Sequelize => format!("{}Id", inflection::singularize(model)),
        }
    }

    /// The typed constant of a key column: `user_id` -> `USER_ID`; a Sequelize name in snake
    /// case first, so `UserId` is `USER_ID` too.
    pub fn key_constant(self, column: &str) -> String {
        match self {
            Naming::Snake => constant(column),
            Naming::Sequelize => constant(&snake(column)),
        }
    }
}

/// Sequelize's `Utils.camelize`: each run of `_`, `-` or white space is dropped and the letter
/// after it upper-cased (`full_name` -> `fullName`, `user_id` -> `userId`).
pub fn camelize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.trim().chars() {
        if c == '_' || c == '-' || c.is_whitespace() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `UserBooks` -> `user_books`.
pub fn snake(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len() + 4);
    let chars: Vec<char> = ident.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1] != '_')) && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `user` -> `users`, `category` -> `categories`, `box` -> `boxes`; a word ending in `s` is taken
/// as plural already (`user_books`).
pub fn plural(word: &str) -> String {
    let consonant_y = word.ends_with('y') && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if word.ends_with('s') {
        word.to_owned()
    } else if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// `comments` -> `comment`, `categories` -> `category`, `read` -> `read`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") || word.ends_with("shes") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with("ss") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// How databases that ignore case and users who mix `userId`/`user_id` see a column name: two
/// names that normalise alike name the same column.
pub fn normalized(column: &str) -> String {
    column.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// The edit distance between two short strings, for "did you mean" suggestions.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether `name` can name a Rust item once made raw where it is a keyword (`type` -> `r#type`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !["_", "self", "Self", "super", "crate"].contains(&name)
}

/// An identifier for a generated item named `name`, raw where `name` is a keyword (`r#type`).
/// `name` passed [`is_identifier`].
pub fn ident(name: &str, span: proc_macro2::Span) -> proc_macro2::Ident {
    if syn::parse_str::<proc_macro2::Ident>(name).is_ok() {
        proc_macro2::Ident::new(name, span)
    } else {
        proc_macro2::Ident::new_raw(name, span)
    }
}

/// A constant's name for `name`: upper case, anything else than a letter or digit as `_`
/// (`"user id"` -> `USER_ID`).
pub fn constant(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("User"), "user");
        assert_eq!(snake("UserBooks"), "user_books");
        assert_eq!(snake("HTTPLog"), "http_log");
        assert_eq!(plural(&snake("User")), "users");
        assert_eq!(plural(&snake("UserBooks")), "user_books");
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(singular("comments"), "comment");
        assert_eq!(singular("favorites"), "favorite");
        assert_eq!(singular("read"), "read");
        assert_eq!(singular("categories"), "category");
        assert_eq!(normalized("userId"), normalized("user_id"));
        assert_eq!(distance("foriegn_key", "foreign_key"), 2);
    }

    #[test]
    fn sequelize_names() {
        let s = Naming::Sequelize;
        assert_eq!(s.table("User"), "Users");
        assert_eq!(s.table("Category"), "Categories");
        assert_eq!(s.table("UserBooks"), "UserBooks");
        assert_eq!(s.column("created_at"), "createdAt");
        assert_eq!(s.column("full_name"), "fullName");
        assert_eq!(s.column("id"), "id");
        assert_eq!(s.belongs_to_key("user", "User"), "UserId");
        assert_eq!(s.belongs_to_key("user_book", "UserBooks"), "UserBookId");
        assert_eq!(s.belongs_to_key("author", "User"), "authorId");
        assert_eq!(s.belongs_to_key("main_author", "User"), "mainAuthorId");
        assert_eq!(s.junction_key("User"), "UserId");
        assert_eq!(s.key_constant("UserId"), "USER_ID");
        assert_eq!(s.key_constant("authorId"), "AUTHOR_ID");
        assert_eq!(Naming::Snake.table("UserBooks"), "user_books");
        assert_eq!(Naming::Snake.belongs_to_key("user", "User"), "user_id");
        assert_eq!(Naming::Snake.junction_key("UserBooks"), "user_books_id");
    }

    /// What `inflection` 1.13.4 (Sequelize 6.37.8's) answers, from
    /// `node -e "const i = require('inflection'); console.log(i.pluralize(w), i.singularize(w))"`.
    #[test]
    fn inflection_as_sequelize() {
        for (word, plural, singular) in INFLECTION {
            assert_eq!((inflection::pluralize(word).as_str(), inflection::singularize(word).as_str()), (*plural, *singular), "{word}");
        }
    }

    #[rustfmt::skip]
    const INFLECTION: &[(&str, &str, &str)] = &[
    ("User", "Users", "User"),
    ("Users", "Users", "User"),
    ("Category", "Categories", "Category"),
    ("Categories", "Categories", "Category"),
    ("UserBooks", "UserBooks", "UserBook"),
    ("UserBook", "UserBooks", "UserBook"),
    ("FavBooks", "FavBooks", "FavBook"),
    ("Book", "Books", "Book"),
    ("Comment", "Comments", "Comment"),
    ("Profile", "Profiles", "Profile"),
    ("Person", "People", "Person"),
    ("People", "People", "Person"),
    ("Man", "Men", "Man"),
    ("Men", "Men", "Man"),
    ("Woman", "Women", "Woman"),
    ("Women", "Women", "Woman"),
    ("Chairman", "Chairmans", "Chairman"),
    ("Child", "Children", "Child"),
    ("Children", "Children", "Child"),
    ("Data", "Data", "Datum"),
    ("Datum", "Data", "Datum"),
    ("Quota", "Quota", "Quotum"),
    ("Media", "Media", "Medium"),
    ("Medium", "Media", "Medium"),
    ("Analysis", "Analyses", "Analysis"),
    ("Analyses", "Analyses", "AnalyAsis"),
    ("Bases", "Bases", "Basis"),
    ("Basis", "Bases", "Basis"),
    ("Diagnosis", "Diagnoses", "Diagnosis"),
    ("Thesis", "Theses", "Thesis"),
    ("Database", "Databases", "Database"),
    ("Databases", "Databases", "Database"),
    ("Drive", "Drives", "Drive"),
    ("Drives", "Drives", "Drive"),
    ("Hive", "Hives", "Hive"),
    ("Archive", "Archives", "Archive"),
    ("Curve", "Curves", "Curve"),
    ("Curves", "Curves", "Curve"),
    ("Wolf", "Wolves", "Wolf"),
    ("Wolves", "Wolves", "Wolf"),
    ("Half", "Halves", "Half"),
    ("Leaf", "Leafs", "Leaf"),
    ("Leaves", "Leaves", "Leave"),
    ("Wife", "Wives", "Wife"),
    ("Knife", "Knives", "Knife"),
    ("Wives", "Wives", "Wife"),
    ("Safe", "Saves", "Safe"),
    ("Movie", "Movies", "Movie"),
    ("Movies", "Movies", "Movie"),
    ("Query", "Queries", "Query"),
    ("Queries", "Queries", "Query"),
    ("Soliloquy", "Soliloquies", "Soliloquy"),
    ("Day", "Days", "Day"),
    ("Days", "Days", "Day"),
    ("Series", "Series", "Series"),
    ("Box", "Boxes", "Box"),
    ("Boxes", "Boxes", "Box"),
    ("Church", "Churches", "Church"),
    ("Class", "Classes", "Class"),
    ("Classes", "Classes", "Class"),
    ("Wish", "Wishes", "Wish"),
    ("Mouse", "Mice", "Mouse"),
    ("Mice", "Mice", "Mouse"),
    ("Louse", "Lice", "Louse"),
    ("Bus", "Buses", "Bus"),
    ("Buses", "Buses", "Bus"),
    ("Hero", "Heros", "Hero"),
    ("Heroes", "Heroes", "Hero"),
    ("Shoe", "Shoes", "Shoe"),
    ("Shoes", "Shoes", "Sho"),
    ("Crisis", "Crises", "Crisis"),
    ("Axis", "Axes", "Axis"),
    ("Axes", "Axes", "Ax"),
    ("Test", "Tests", "Test"),
    ("Testis", "Testes", "Testis"),
    ("Octopus", "Octopuses", "Octopus"),
    ("Virus", "Viruses", "Virus"),
    ("Viruses", "Viruses", "Virus"),
    ("Alias", "Aliases", "Alias"),
    ("Status", "Statuses", "Status"),
    ("Statuses", "Statuses", "Status"),
    ("Campus", "Campuses", "Campus"),
    ("Canvas", "Canvases", "Canvas"),
    ("Summons", "Summonses", "Summons"),
    ("Bonus", "Bonuses", "Bonus"),
    ("Bonuses", "Bonuses", "Bonus"),
    ("Ox", "Oxen", "Ox"),
    ("Oxen", "Oxen", "Ox"),
    ("Oxenford", "Oxenford", "Oxford"),
    ("Matrix", "Matrices", "Matrix"),
    ("Matrices", "Matrices", "Matrix"),
    ("Vertex", "Vertices", "Vertex"),
    ("Index", "Indices", "Index"),
    ("Indices", "Indices", "Index"),
    ("Foot", "feet", "Foot"),
    ("Feet", "Feet", "foot"),
    ("Tooth", "teeth", "Tooth"),
    ("Teeth", "Teeth", "tooth"),
    ("Goose", "geese", "Goose"),
    ("Geese", "Geese", "goose"),
    ("Quiz", "Quizzes", "Quiz"),
    ("Quizzes", "Quizzes", "Quiz"),
    ("Whereas", "Whereases", "Whereas"),
    ("Criterion", "Criteria", "Criterion"),
    ("Criteria", "Criteria", "Criterion"),
    ("Genus", "genera", "Genus"),
    ("Genera", "Genera", "genus"),
    ("Address", "Addresses", "Address"),
    ("Equipment", "Equipment", "Equipment"),
    ("Money", "Money", "Money"),
    ("Sheep", "Sheep", "Sheep"),
    ("News", "News", "News"),
    ("Fish", "Fishes", "Fish"),
    ("Staff", "Staffs", "Staff"),
    ("Buffalo", "Buffaloes", "Buffalo"),
    ("Tomato", "Tomatoes", "Tomato"),
    ("Potato", "Potatoes", "Potato"),
    ("Cave", "Caves", "Cave"),
    ("Slave", "Slaves", "Slave"),
    ("Stove", "Stoves", "Stove"),
    ("Dove", "Doves", "Dove"),
    ("Grove", "Groves", "Grove"),
    ("Caves", "Caves", "Cave"),
    ("Loaves", "Loaves", "Loave"),
    ("HTTPLog", "HTTPLogs", "HTTPLog"),
    ("Log", "Logs", "Log"),
    ("Tag", "Tags", "Tag"),
    ("X", "Xes", "X"),
    ("S", "s", ""),
    ("", "s", ""),
    ("Is", "Is", "I"),
    ("Pass", "Passes", "Pass"),
    ("Glass", "Glasses", "Glass"),
    ("Bass", "Basses", "Bass"),
    ("UserEquipment", "UserEquipments", "UserEquipment"),
    ("Information", "Information", "Information"),
    ("Aircraft", "Aircraft", "Aircraft"),
    ("Key", "Keys", "Key"),
    ("Boy", "Boys", "Boy"),
    ("Toy", "Toys", "Toy"),
    ("Guy", "Guys", "Guy"),
    ("Alley", "Alleys", "Alley"),
    ("Monkey", "Monkeys", "Monkey"),
    ("Entity", "Entities", "Entity"),
    ("City", "Cities", "City"),
    ("Company", "Companies", "Company"),
    ("Hive", "Hives", "Hive"),
    ("Olive", "Olives", "Olive"),
    ("Potatoes", "Potatoes", "Potato"),
    ("Echo", "Echos", "Echo"),
    ("Photo", "Photos", "Photo"),
    ("Cattle", "Cattles", "Cattle"),
    ("Trousers", "Trousers", "Trouser"),
    ("Sms", "Sms", "Sm"),
    ("Gas", "Gas", "Ga"),
    ];
}
