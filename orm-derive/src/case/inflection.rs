//! English plurals and singulars exactly as Sequelize 6 makes them: a port of the rules of the
//! `inflection` package (1.13) it calls for table names (`User` -> `Users`) and default keys
//! (`UserBooks` -> `UserBook` in `UserBookId`). A name that differs from Sequelize's by one
//! letter is another table, so the rules are copied as they are, quirks included
//! (`Person` -> `People`, `Quota` stays, `Foot` -> `feet`).
//!
//! Each of inflection's regular expressions is an optional `^`, one group of alternatives (the
//! `$1` of the replacement), a literal tail and `$`, matched ignoring ASCII case: a [`Pattern`].

/// One alternative of a pattern's group.
#[derive(Clone, Copy)]
enum Atom {
    /// Literal text (`""` for a pattern without a group).
    Text(&'static str),
    /// One character of the set: `[ti]`.
    In(&'static str),
    /// One character not in the set: `[^fo]`.
    NotIn(&'static str),
}

/// Where a pattern must match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// `...$`: a suffix.
    End,
    /// `^...$`: the whole word.
    Whole,
    /// `^...`: a prefix (one rule, `^(ox)en`).
    Start,
}

struct Pattern {
    anchor: Anchor,
    group: &'static [Atom],
    tail: &'static str,
}

/// What replaces a rule's match.
#[derive(Clone, Copy)]
enum To {
    /// Nothing: the word is already in the wanted form and is left as it is.
    Keep,
    /// `$1` followed by the text.
    Group(&'static str),
    /// The text alone.
    Text(&'static str),
    /// `$1$2sis`, where `$2` is the first letter of `$1` for `analy` only.
    Analysis,
}

use Atom::{In, NotIn, Text};

const fn end(group: &'static [Atom], tail: &'static str) -> Pattern {
    Pattern { anchor: Anchor::End, group, tail }
}

const fn whole(group: &'static [Atom], tail: &'static str) -> Pattern {
    Pattern { anchor: Anchor::Whole, group, tail }
}

const NONE: &[Atom] = &[Text("")];

// inflection's `regex.plural`.
const MEN: Pattern = whole(&[Text("m"), Text("wom")], "en");
const PEOPLE: Pattern = end(&[Text("pe")], "ople");
const CHILDREN: Pattern = end(&[Text("child")], "ren");
const TIA: Pattern = end(&[In("ti")], "a");
const ANALYSES: Pattern =
    end(&[Text("analy"), Text("ba"), Text("diagno"), Text("parenthe"), Text("progno"), Text("synop"), Text("the")], "ses");
const DATABASES: Pattern = end(&[Text("database")], "s");
const DRIVES: Pattern = end(&[Text("drive")], "s");
const HIVES: Pattern = end(&[Text("hi"), Text("ti")], "ves");
const CURVES: Pattern = end(&[Text("curve")], "s");
const LRVES: Pattern = end(&[In("lr")], "ves");
const AVES: Pattern = end(&[In("a")], "ves");
const FOVES: Pattern = end(&[NotIn("fo")], "ves");
const MOVIES: Pattern = end(&[Text("m")], "ovies");
const AEIOUYIES: Pattern = end(&[NotIn("aeiouy"), Text("qu")], "ies");
const SERIES: Pattern = end(&[Text("s")], "eries");
const XES: Pattern = end(&[Text("x"), Text("ch"), Text("ss"), Text("sh")], "es");
const MICE: Pattern = end(&[In("m|l")], "ice");
const BUSES: Pattern = end(&[Text("bus")], "es");
const OES: Pattern = end(&[Text("o")], "es");
const SHOES: Pattern = end(&[Text("shoe")], "s");
const CRISES: Pattern = end(&[Text("cris"), Text("ax"), Text("test")], "es");
const OCTOPUSES: Pattern = end(&[Text("octop"), Text("vir")], "uses");
const ALIASES: Pattern = end(&[Text("alias"), Text("canvas"), Text("status"), Text("campus")], "es");
const SUMMONSES: Pattern = whole(&[Text("summons"), Text("bonus")], "es");
const OXEN: Pattern = Pattern { anchor: Anchor::Start, group: &[Text("ox")], tail: "en" };
const MATRICES: Pattern = end(&[Text("matr")], "ices");
const VERTICES: Pattern = end(&[Text("vert"), Text("ind")], "ices");
const FEET: Pattern = whole(NONE, "feet");
const TEETH: Pattern = whole(NONE, "teeth");
const GEESE: Pattern = whole(NONE, "geese");
const QUIZZES: Pattern = end(&[Text("quiz")], "zes");
const WHEREASES: Pattern = whole(&[Text("whereas")], "es");
const CRITERIA: Pattern = whole(&[Text("criteri")], "a");
const GENERA: Pattern = whole(NONE, "genera");
const SS: Pattern = end(NONE, "ss");
const S: Pattern = end(NONE, "s");

// inflection's `regex.singular` (its `(?:([^f])fe|([lr])f)$` as the two patterns `FE`, `LRF`).
const MAN: Pattern = whole(&[Text("m"), Text("wom")], "an");
const PERSON: Pattern = end(&[Text("pe")], "rson");
const CHILD: Pattern = end(&[Text("child")], "");
const DRIVE: Pattern = end(&[Text("drive")], "");
const OX: Pattern = whole(&[Text("ox")], "");
const AXIS: Pattern = end(&[Text("ax"), Text("test")], "is");
const OCTOPUS: Pattern = end(&[Text("octop"), Text("vir")], "us");
const ALIAS: Pattern = end(&[Text("alias"), Text("status"), Text("canvas"), Text("campus")], "");
const SUMMONS: Pattern = whole(&[Text("summons"), Text("bonus")], "");
const BUS: Pattern = end(&[Text("bu")], "s");
const BUFFALO: Pattern = end(&[Text("buffal"), Text("tomat"), Text("potat")], "o");
const TIUM: Pattern = end(&[In("ti")], "um");
const SIS: Pattern = end(NONE, "sis");
const FE: Pattern = end(&[NotIn("f")], "fe");
const LRF: Pattern = end(&[In("lr")], "f");
const HIVE: Pattern = end(&[Text("hi"), Text("ti")], "ve");
const AEIOUYY: Pattern = end(&[NotIn("aeiouy"), Text("qu")], "y");
const X: Pattern = end(&[Text("x"), Text("ch"), Text("ss"), Text("sh")], "");
const MATRIX: Pattern = end(&[Text("matr")], "ix");
const VERTEX: Pattern = end(&[Text("vert"), Text("ind")], "ex");
const MOUSE: Pattern = end(&[In("m|l")], "ouse");
const FOOT: Pattern = whole(NONE, "foot");
const TOOTH: Pattern = whole(NONE, "tooth");
const GOOSE: Pattern = whole(NONE, "goose");
const QUIZ: Pattern = end(&[Text("quiz")], "");
const WHEREAS: Pattern = whole(&[Text("whereas")], "");
const CRITERION: Pattern = whole(&[Text("criteri")], "on");
const GENUS: Pattern = whole(NONE, "genus");
const SINGULAR_S: Pattern = end(NONE, "s");
const COMMON: Pattern = end(NONE, "");

/// inflection's `plural_rules`, in order: the first that matches decides.
const PLURAL: &[(&Pattern, To)] = &[
    (&MEN, To::Keep),
    (&PEOPLE, To::Keep),
    (&CHILDREN, To::Keep),
    (&TIA, To::Keep),
    (&ANALYSES, To::Keep),
    (&DATABASES, To::Keep),
    (&DRIVES, To::Keep),
    (&HIVES, To::Keep),
    (&CURVES, To::Keep),
    (&LRVES, To::Keep),
    (&FOVES, To::Keep),
    (&AEIOUYIES, To::Keep),
    (&SERIES, To::Keep),
    (&MOVIES, To::Keep),
    (&XES, To::Keep),
    (&MICE, To::Keep),
    (&BUSES, To::Keep),
    (&OES, To::Keep),
    (&SHOES, To::Keep),
    (&CRISES, To::Keep),
    (&OCTOPUSES, To::Keep),
    (&ALIASES, To::Keep),
    (&SUMMONSES, To::Keep),
    (&OXEN, To::Keep),
    (&MATRICES, To::Keep),
    (&FEET, To::Keep),
    (&TEETH, To::Keep),
    (&GEESE, To::Keep),
    (&QUIZZES, To::Keep),
    (&WHEREASES, To::Keep),
    (&CRITERIA, To::Keep),
    (&GENERA, To::Keep),
    (&MAN, To::Group("en")),
    (&PERSON, To::Group("ople")),
    (&CHILD, To::Group("ren")),
    (&DRIVE, To::Group("s")),
    (&OX, To::Group("en")),
    (&AXIS, To::Group("es")),
    (&OCTOPUS, To::Group("uses")),
    (&ALIAS, To::Group("es")),
    (&SUMMONS, To::Group("es")),
    (&BUS, To::Group("ses")),
    (&BUFFALO, To::Group("oes")),
    (&TIUM, To::Group("a")),
    (&SIS, To::Text("ses")),
    (&FE, To::Group("ves")),
    (&LRF, To::Group("ves")),
    (&HIVE, To::Group("ves")),
    (&AEIOUYY, To::Group("ies")),
    (&MATRIX, To::Group("ices")),
    (&VERTEX, To::Group("ices")),
    (&X, To::Group("es")),
    (&MOUSE, To::Group("ice")),
    (&FOOT, To::Text("feet")),
    (&TOOTH, To::Text("teeth")),
    (&GOOSE, To::Text("geese")),
    (&QUIZ, To::Group("zes")),
    (&WHEREAS, To::Group("es")),
    (&CRITERION, To::Group("a")),
    (&GENUS, To::Text("genera")),
    (&SINGULAR_S, To::Text("s")),
    (&COMMON, To::Text("s")),
];

/// inflection's `singular_rules`, in order.
const SINGULAR: &[(&Pattern, To)] = &[
    (&MAN, To::Keep),
    (&PERSON, To::Keep),
    (&CHILD, To::Keep),
    (&DRIVE, To::Keep),
    (&OX, To::Keep),
    (&AXIS, To::Keep),
    (&OCTOPUS, To::Keep),
    (&ALIAS, To::Keep),
    (&SUMMONS, To::Keep),
    (&BUS, To::Keep),
    (&BUFFALO, To::Keep),
    (&TIUM, To::Keep),
    (&SIS, To::Keep),
    (&FE, To::Keep),
    (&LRF, To::Keep),
    (&HIVE, To::Keep),
    (&AEIOUYY, To::Keep),
    (&X, To::Keep),
    (&MATRIX, To::Keep),
    (&MOUSE, To::Keep),
    (&FOOT, To::Keep),
    (&TOOTH, To::Keep),
    (&GOOSE, To::Keep),
    (&QUIZ, To::Keep),
    (&WHEREAS, To::Keep),
    (&CRITERION, To::Keep),
    (&GENUS, To::Keep),
    (&MEN, To::Group("an")),
    (&PEOPLE, To::Group("rson")),
    (&CHILDREN, To::Group("")),
    (&DATABASES, To::Group("")),
    (&DRIVES, To::Group("")),
    (&GENERA, To::Text("genus")),
    (&CRITERIA, To::Group("on")),
    (&TIA, To::Group("um")),
    (&ANALYSES, To::Analysis),
    (&HIVES, To::Group("ve")),
    (&CURVES, To::Group("")),
    (&LRVES, To::Group("f")),
    (&AVES, To::Group("ve")),
    (&FOVES, To::Group("fe")),
    (&MOVIES, To::Group("ovie")),
    (&AEIOUYIES, To::Group("y")),
    (&SERIES, To::Group("eries")),
    (&XES, To::Group("")),
    (&MICE, To::Group("ouse")),
    (&BUSES, To::Group("")),
    (&OES, To::Group("")),
    (&SHOES, To::Group("")),
    (&CRISES, To::Group("is")),
    (&OCTOPUSES, To::Group("us")),
    (&ALIASES, To::Group("")),
    (&SUMMONSES, To::Group("")),
    (&OXEN, To::Group("")),
    (&MATRICES, To::Group("ix")),
    (&VERTICES, To::Group("ex")),
    (&FEET, To::Text("foot")),
    (&TEETH, To::Text("tooth")),
    (&GEESE, To::Text("goose")),
    (&QUIZZES, To::Group("")),
    (&WHEREASES, To::Group("")),
    (&SS, To::Text("ss")),
    (&S, To::Text("")),
];

/// Words with one form for both numbers (inflection's `uncountable_words`), compared in lower case.
const UNCOUNTABLE: &[&str] = &[
    "accommodation",
    "adulthood",
    "advertising",
    "advice",
    "aggression",
    "aid",
    "air",
    "aircraft",
    "alcohol",
    "anger",
    "applause",
    "arithmetic",
    "assistance",
    "athletics",
    "bacon",
    "baggage",
    "beef",
    "biology",
    "blood",
    "botany",
    "bread",
    "butter",
    "carbon",
    "cardboard",
    "cash",
    "chalk",
    "chaos",
    "chess",
    "crossroads",
    "countryside",
    "dancing",
    "deer",
    "dignity",
    "dirt",
    "dust",
    "economics",
    "education",
    "electricity",
    "engineering",
    "enjoyment",
    "envy",
    "equipment",
    "ethics",
    "evidence",
    "evolution",
    "fame",
    "fiction",
    "flour",
    "flu",
    "food",
    "fuel",
    "fun",
    "furniture",
    "gallows",
    "garbage",
    "garlic",
    "genetics",
    "gold",
    "golf",
    "gossip",
    "gratitude",
    "grief",
    "guilt",
    "gymnastics",
    "happiness",
    "hardware",
    "harm",
    "hate",
    "hatred",
    "health",
    "heat",
    "help",
    "homework",
    "honesty",
    "honey",
    "hospitality",
    "housework",
    "humour",
    "hunger",
    "hydrogen",
    "ice",
    "importance",
    "inflation",
    "information",
    "innocence",
    "iron",
    "irony",
    "jam",
    "jewelry",
    "judo",
    "karate",
    "knowledge",
    "lack",
    "laughter",
    "lava",
    "leather",
    "leisure",
    "lightning",
    "linguine",
    "linguini",
    "linguistics",
    "literature",
    "litter",
    "livestock",
    "logic",
    "loneliness",
    "luck",
    "luggage",
    "macaroni",
    "machinery",
    "magic",
    "management",
    "mankind",
    "marble",
    "mathematics",
    "mayonnaise",
    "measles",
    "methane",
    "milk",
    "minus",
    "money",
    "mud",
    "music",
    "mumps",
    "nature",
    "news",
    "nitrogen",
    "nonsense",
    "nurture",
    "nutrition",
    "obedience",
    "obesity",
    "oxygen",
    "pasta",
    "patience",
    "physics",
    "poetry",
    "pollution",
    "poverty",
    "pride",
    "psychology",
    "publicity",
    "punctuation",
    "quartz",
    "racism",
    "relaxation",
    "reliability",
    "research",
    "respect",
    "revenge",
    "rice",
    "rubbish",
    "rum",
    "safety",
    "scenery",
    "seafood",
    "seaside",
    "series",
    "shame",
    "sheep",
    "shopping",
    "sleep",
    "smoke",
    "smoking",
    "snow",
    "soap",
    "software",
    "soil",
    "spaghetti",
    "species",
    "steam",
    "stuff",
    "stupidity",
    "sunshine",
    "symmetry",
    "tennis",
    "thirst",
    "thunder",
    "timber",
    "traffic",
    "transportation",
    "trust",
    "underwear",
    "unemployment",
    "unity",
    "validity",
    "veal",
    "vegetation",
    "vegetarianism",
    "vengeance",
    "violence",
    "vitality",
    "warmth",
    "wealth",
    "weather",
    "welfare",
    "wheat",
    "wildlife",
    "wisdom",
    "yoga",
    "zinc",
    "zoology",
];

/// Sequelize's plural of a model name (`inflection.pluralize`): `User` -> `Users`,
/// `Category` -> `Categories`, `Person` -> `People`; `UserBooks` stays.
pub fn pluralize(word: &str) -> String {
    apply(word, PLURAL)
}

/// Sequelize's singular of a model name (`inflection.singularize`): `UserBooks` -> `UserBook`,
/// `Data` -> `Datum`; `User` stays.
pub fn singularize(word: &str) -> String {
    apply(word, SINGULAR)
}

fn apply(word: &str, rules: &[(&Pattern, To)]) -> String {
    if UNCOUNTABLE.contains(&word.to_lowercase().as_str()) {
        return word.to_owned();
    }
    let chars: Vec<char> = word.chars().collect();
    for (pattern, to) in rules {
        let Some((start, group, stop)) = pattern.find(&chars) else { continue };
        let group: String = chars[start..group].iter().collect();
        let replacement = match to {
            To::Keep => return word.to_owned(),
            To::Group(text) => format!("{group}{text}"),
            To::Text(text) => (*text).to_owned(),
            // JavaScript gives an unmatched group as "": `$2` exists for `(a)naly` only.
            To::Analysis if group.eq_ignore_ascii_case("analy") => format!("{group}{}sis", &group[..1]),
            To::Analysis => format!("{group}sis"),
        };
        let (before, after): (String, String) = (chars[..start].iter().collect(), chars[stop..].iter().collect());
        return format!("{before}{replacement}{after}");
    }
    word.to_owned()
}

impl Pattern {
    /// Where the pattern matches `word`, as (start, end of the group, end of the match): the
    /// leftmost match, as a regular expression finds it (so the longest alternative at the end).
    fn find(&self, word: &[char]) -> Option<(usize, usize, usize)> {
        let tail: Vec<char> = self.tail.chars().collect();
        let mut best: Option<(usize, usize, usize)> = None;
        for atom in self.group {
            let len = match atom {
                Text(t) => t.chars().count(),
                In(_) | NotIn(_) => 1,
            };
            let start = match self.anchor {
                Anchor::End => match word.len().checked_sub(len + tail.len()) {
                    Some(start) => start,
                    None => continue,
                },
                Anchor::Whole if word.len() == len + tail.len() => 0,
                Anchor::Whole => continue,
                Anchor::Start if word.len() >= len + tail.len() => 0,
                Anchor::Start => continue,
            };
            let stop = start + len + tail.len();
            if atom.matches(&word[start..start + len]) && same(&word[start + len..stop], &tail) && best.is_none_or(|(s, ..)| start < s) {
                best = Some((start, start + len, stop));
            }
        }
        best
    }
}

impl Atom {
    fn matches(self, text: &[char]) -> bool {
        match self {
            Text(t) => same(text, &t.chars().collect::<Vec<_>>()),
            In(set) => set.contains(text[0].to_ascii_lowercase()),
            NotIn(set) => !set.contains(text[0].to_ascii_lowercase()),
        }
    }
}

/// Equal ignoring ASCII case, as the rules' `i` flag compares (their text is ASCII).
fn same(a: &[char], b: &[char]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}
