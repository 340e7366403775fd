//! The languages [`super::highlight`] knows: for each, the names a fence may
//! give it and what its tokens look like.
//!
//! Word lists are sorted (a test checks), so that a word is found by binary
//! search.

/// How a language is read.
pub(super) enum Grammar {
    /// Code: comments, strings, numbers and words (see [`Code`]).
    Code(&'static Code),
    /// Configuration: `key = value` or `key: value` lines, `[sections]`,
    /// `#` comments (TOML, INI, YAML).
    Config {
        /// Whether keys end at `:` (YAML) rather than `=` (TOML, INI).
        colon: bool,
    },
    /// JSON: strings, where a string before `:` is a key.
    Json,
    /// HTML and XML: tags, attributes, comments, entities.
    Markup,
    /// A patch: whole lines added, removed, or naming a hunk.
    Diff,
    /// Markdown: headings.
    Markdown,
}

/// The tokens of a programming language.
pub(super) struct Code {
    /// What starts a comment that runs to the end of the line.
    pub line_comments: &'static [&'static str],
    /// Whether a line comment must start a word (`#` in a shell, not in `$#`).
    pub comment_starts_word: bool,
    /// What opens and closes a block comment.
    pub block_comment: Option<(&'static str, &'static str)>,
    /// The characters that quote a string.
    pub quotes: &'static [u8],
    /// Whether `"""` and `'''` quote strings that span lines (Python).
    pub triple_quotes: bool,
    /// Whether `'` starts a lifetime or label when no quote closes it one
    /// character on (Rust).
    pub lifetimes: bool,
    /// Whether `name!` is a macro call (Rust).
    pub macros: bool,
    /// Whether the first word of a command (at the start of a line, after
    /// `|`, `;`, `&` or `(`) names a function (a shell's commands).
    pub commands: bool,
    /// Whether words are keywords in any case (SQL).
    pub any_case: bool,
    /// Whether a capitalised word names a type.
    pub capitalised_types: bool,
    /// Keywords, sorted.
    pub keywords: &'static [&'static str],
    /// Keywords after which the next word is the name of a function.
    pub function_definers: &'static [&'static str],
    /// Keywords after which the next word is the name of a type.
    pub type_definers: &'static [&'static str],
    /// Words that are constants (`true`, `None`), sorted.
    pub constants: &'static [&'static str],
    /// Built-in types, sorted.
    pub types: &'static [&'static str],
    /// Built-in functions and commands, sorted: functions even without a
    /// `(` after them (a shell's `echo`).
    pub builtins: &'static [&'static str],
}

impl Code {
    const BASE: Code = Code {
        line_comments: &["//"],
        comment_starts_word: false,
        block_comment: Some(("/*", "*/")),
        quotes: b"\"'",
        triple_quotes: false,
        lifetimes: false,
        macros: false,
        commands: false,
        any_case: false,
        capitalised_types: true,
        keywords: &[],
        function_definers: &[],
        type_definers: &[],
        constants: &["false", "null", "true"],
        types: &[],
        builtins: &[],
    };
}

/// The grammar for a fence's language (its first word, before any comma),
/// by name or file extension, in any case; `None` for plain text and what
/// is not known.
pub(super) fn grammar(language: &str) -> Option<Grammar> {
    let token = language.split(',').next().unwrap_or_default();
    if token.len() > 16 {
        return None;
    }
    let name = token.to_ascii_lowercase();
    Some(match name.as_str() {
        "rust" | "rs" => Grammar::Code(&RUST),
        "c" | "h" => Grammar::Code(&C),
        "cpp" | "c++" | "cc" | "cxx" | "hpp" => Grammar::Code(&CPP),
        "go" | "golang" => Grammar::Code(&GO),
        "java" | "kotlin" | "kt" | "scala" => Grammar::Code(&JAVA),
        "cs" | "csharp" | "c#" => Grammar::Code(&CSHARP),
        "js" | "javascript" | "jsx" | "mjs" | "cjs" | "ts" | "typescript" | "tsx" => {
            Grammar::Code(&JAVASCRIPT)
        }
        "py" | "python" | "python3" => Grammar::Code(&PYTHON),
        "rb" | "ruby" => Grammar::Code(&RUBY),
        "sh" | "bash" | "shell" | "zsh" | "console" | "shell-session" => Grammar::Code(&SHELL),
        "dockerfile" | "docker" => Grammar::Code(&DOCKERFILE),
        "sql" | "psql" | "postgresql" | "postgres" | "mysql" | "sqlite" => Grammar::Code(&SQL),
        "lua" => Grammar::Code(&LUA),
        "php" => Grammar::Code(&PHP),
        "css" | "scss" => Grammar::Code(&CSS),
        "toml" | "ini" | "cfg" => Grammar::Config { colon: false },
        "yaml" | "yml" => Grammar::Config { colon: true },
        "json" | "jsonc" | "json5" => Grammar::Json,
        "html" | "htm" | "xhtml" | "xml" | "svg" => Grammar::Markup,
        "diff" | "patch" => Grammar::Diff,
        "md" | "markdown" => Grammar::Markdown,
        _ => return None,
    })
}

pub(super) static RUST: Code = Code {
    lifetimes: true,
    macros: true,
    keywords: &[
        "Self", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "type",
        "union", "unsafe", "use", "where", "while", "yield",
    ],
    function_definers: &["fn"],
    type_definers: &["enum", "struct", "trait", "type", "union"],
    constants: &["false", "true"],
    types: &[
        "bool", "char", "f32", "f64", "i128", "i16", "i32", "i64", "i8", "isize", "str", "u128",
        "u16", "u32", "u64", "u8", "usize",
    ],
    ..Code::BASE
};

static C_KEYWORDS: &[&str] = &[
    "auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern", "for",
    "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static", "struct",
    "switch", "typedef", "union", "volatile", "while",
];

static C_TYPES: &[&str] = &[
    "bool", "char", "double", "float", "int", "int16_t", "int32_t", "int64_t", "int8_t", "long",
    "short", "signed", "size_t", "uint16_t", "uint32_t", "uint64_t", "uint8_t", "unsigned", "void",
];

pub(super) static C: Code = Code {
    keywords: C_KEYWORDS,
    type_definers: &["enum", "struct", "union"],
    constants: &["NULL", "false", "true"],
    types: C_TYPES,
    capitalised_types: false,
    ..Code::BASE
};

pub(super) static CPP: Code = Code {
    keywords: &[
        "auto",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "constexpr",
        "continue",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "explicit",
        "extern",
        "for",
        "friend",
        "goto",
        "if",
        "inline",
        "mutable",
        "namespace",
        "new",
        "noexcept",
        "operator",
        "override",
        "private",
        "protected",
        "public",
        "return",
        "sizeof",
        "static",
        "struct",
        "switch",
        "template",
        "this",
        "throw",
        "try",
        "typedef",
        "typename",
        "union",
        "using",
        "virtual",
        "volatile",
        "while",
    ],
    type_definers: &["class", "enum", "struct", "union"],
    constants: &["NULL", "false", "nullptr", "true"],
    types: C_TYPES,
    ..Code::BASE
};

pub(super) static GO: Code = Code {
    quotes: b"\"'`",
    keywords: &[
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ],
    function_definers: &["func"],
    type_definers: &["type"],
    constants: &["false", "iota", "nil", "true"],
    types: &[
        "bool",
        "byte",
        "complex128",
        "complex64",
        "error",
        "float32",
        "float64",
        "int",
        "int16",
        "int32",
        "int64",
        "int8",
        "rune",
        "string",
        "uint",
        "uint16",
        "uint32",
        "uint64",
        "uint8",
        "uintptr",
    ],
    builtins: &[
        "append", "cap", "close", "copy", "delete", "len", "make", "new", "panic", "print",
        "println", "recover",
    ],
    capitalised_types: false,
    ..Code::BASE
};

pub(super) static JAVA: Code = Code {
    keywords: &[
        "abstract",
        "break",
        "case",
        "catch",
        "class",
        "continue",
        "data",
        "default",
        "do",
        "else",
        "enum",
        "extends",
        "final",
        "finally",
        "for",
        "fun",
        "if",
        "implements",
        "import",
        "instanceof",
        "interface",
        "is",
        "new",
        "object",
        "override",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "synchronized",
        "this",
        "throw",
        "throws",
        "try",
        "val",
        "var",
        "when",
        "while",
    ],
    function_definers: &["fun"],
    type_definers: &["class", "enum", "interface", "object"],
    types: &[
        "boolean", "byte", "char", "double", "float", "int", "long", "short", "void",
    ],
    ..Code::BASE
};

pub(super) static CSHARP: Code = Code {
    keywords: &[
        "abstract",
        "async",
        "await",
        "base",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "delegate",
        "do",
        "else",
        "enum",
        "event",
        "for",
        "foreach",
        "if",
        "in",
        "interface",
        "internal",
        "is",
        "namespace",
        "new",
        "out",
        "override",
        "private",
        "protected",
        "public",
        "readonly",
        "record",
        "ref",
        "return",
        "sealed",
        "static",
        "struct",
        "switch",
        "this",
        "throw",
        "try",
        "using",
        "var",
        "virtual",
        "while",
    ],
    type_definers: &["class", "enum", "interface", "record", "struct"],
    types: &[
        "bool", "byte", "char", "decimal", "double", "float", "int", "long", "object", "short",
        "string", "uint", "ulong", "void",
    ],
    ..Code::BASE
};

pub(super) static JAVASCRIPT: Code = Code {
    quotes: b"\"'`",
    keywords: &[
        "as",
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "of",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "try",
        "type",
        "typeof",
        "var",
        "void",
        "while",
        "yield",
    ],
    function_definers: &["function"],
    type_definers: &["class", "interface", "type"],
    constants: &["NaN", "false", "null", "true", "undefined"],
    types: &[
        "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "unknown",
    ],
    ..Code::BASE
};

pub(super) static PYTHON: Code = Code {
    line_comments: &["#"],
    block_comment: None,
    triple_quotes: true,
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "match", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield",
    ],
    function_definers: &["def"],
    type_definers: &["class"],
    constants: &["False", "None", "True"],
    types: &[
        "bool", "bytes", "dict", "float", "int", "list", "object", "set", "str", "tuple",
    ],
    builtins: &[
        "enumerate",
        "isinstance",
        "len",
        "open",
        "print",
        "range",
        "repr",
        "sorted",
        "super",
        "zip",
    ],
    ..Code::BASE
};

pub(super) static RUBY: Code = Code {
    line_comments: &["#"],
    block_comment: None,
    keywords: &[
        "begin", "break", "case", "class", "def", "do", "else", "elsif", "end", "ensure", "if",
        "in", "module", "next", "rescue", "return", "self", "then", "unless", "until", "when",
        "while", "yield",
    ],
    function_definers: &["def"],
    type_definers: &["class", "module"],
    constants: &["false", "nil", "true"],
    builtins: &["attr_accessor", "attr_reader", "puts", "require"],
    ..Code::BASE
};

pub(super) static SHELL: Code = Code {
    line_comments: &["#"],
    comment_starts_word: true,
    block_comment: None,
    capitalised_types: false,
    keywords: &[
        "case", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function", "if",
        "in", "local", "readonly", "return", "then", "until", "while",
    ],
    function_definers: &["function"],
    constants: &[],
    commands: true,
    ..Code::BASE
};

pub(super) static DOCKERFILE: Code = Code {
    line_comments: &["#"],
    comment_starts_word: true,
    block_comment: None,
    any_case: true,
    capitalised_types: false,
    keywords: &[
        "add",
        "arg",
        "as",
        "cmd",
        "copy",
        "entrypoint",
        "env",
        "expose",
        "from",
        "healthcheck",
        "label",
        "onbuild",
        "run",
        "shell",
        "stopsignal",
        "user",
        "volume",
        "workdir",
    ],
    constants: &[],
    ..Code::BASE
};

pub(super) static SQL: Code = Code {
    line_comments: &["--"],
    quotes: b"'\"",
    any_case: true,
    capitalised_types: false,
    keywords: &[
        "add",
        "all",
        "alter",
        "and",
        "as",
        "asc",
        "begin",
        "between",
        "by",
        "case",
        "check",
        "commit",
        "conflict",
        "constraint",
        "create",
        "cross",
        "default",
        "delete",
        "desc",
        "distinct",
        "do",
        "drop",
        "else",
        "end",
        "exists",
        "foreign",
        "from",
        "full",
        "group",
        "having",
        "if",
        "immediate",
        "in",
        "index",
        "inner",
        "insert",
        "into",
        "is",
        "join",
        "key",
        "left",
        "like",
        "limit",
        "not",
        "nothing",
        "offset",
        "on",
        "or",
        "order",
        "outer",
        "primary",
        "references",
        "replace",
        "returning",
        "right",
        "rollback",
        "select",
        "set",
        "table",
        "then",
        "transaction",
        "union",
        "unique",
        "update",
        "using",
        "values",
        "view",
        "when",
        "where",
        "with",
    ],
    constants: &["false", "null", "true"],
    types: &[
        "bigint",
        "blob",
        "boolean",
        "char",
        "date",
        "decimal",
        "int",
        "integer",
        "json",
        "jsonb",
        "numeric",
        "real",
        "serial",
        "text",
        "timestamp",
        "timestamptz",
        "uuid",
        "varchar",
    ],
    builtins: &[
        "avg", "coalesce", "count", "length", "lower", "max", "min", "now", "sum", "upper",
    ],
    ..Code::BASE
};

pub(super) static LUA: Code = Code {
    line_comments: &["--"],
    block_comment: Some(("--[[", "]]")),
    capitalised_types: false,
    keywords: &[
        "and", "break", "do", "else", "elseif", "end", "for", "function", "goto", "if", "in",
        "local", "not", "or", "repeat", "return", "then", "until", "while",
    ],
    function_definers: &["function"],
    constants: &["false", "nil", "true"],
    ..Code::BASE
};

pub(super) static PHP: Code = Code {
    line_comments: &["#", "//"],
    keywords: &[
        "abstract",
        "array",
        "as",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "echo",
        "else",
        "elseif",
        "extends",
        "final",
        "finally",
        "fn",
        "for",
        "foreach",
        "function",
        "if",
        "implements",
        "interface",
        "namespace",
        "new",
        "private",
        "protected",
        "public",
        "require",
        "return",
        "static",
        "switch",
        "throw",
        "trait",
        "try",
        "use",
        "while",
    ],
    function_definers: &["function"],
    type_definers: &["class", "interface", "trait"],
    constants: &["false", "null", "true"],
    ..Code::BASE
};

pub(super) static CSS: Code = Code {
    line_comments: &[],
    capitalised_types: false,
    keywords: &["!important", "and", "not", "only"],
    constants: &[
        "auto",
        "block",
        "bold",
        "flex",
        "grid",
        "inherit",
        "initial",
        "inline",
        "none",
        "solid",
        "transparent",
    ],
    builtins: &["calc", "clamp", "max", "min", "rgb", "rgba", "url", "var"],
    ..Code::BASE
};

/// Every language's word lists, for the test that they are sorted.
#[cfg(test)]
pub(super) static ALL: &[&Code] = &[
    &RUST,
    &C,
    &CPP,
    &GO,
    &JAVA,
    &CSHARP,
    &JAVASCRIPT,
    &PYTHON,
    &RUBY,
    &SHELL,
    &DOCKERFILE,
    &SQL,
    &LUA,
    &PHP,
    &CSS,
];
